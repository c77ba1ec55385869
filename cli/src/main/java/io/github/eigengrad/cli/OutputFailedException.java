package io.github.eigengrad.cli;

/**
 * Standard output could not be written (a closed pipe, a full disk): the command stops at
 * once with exit status 2 and a one-line message, instead of serving a stream nobody reads.
 */
final class OutputFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputFailedException(String message) {
        super(message);
    }
}
