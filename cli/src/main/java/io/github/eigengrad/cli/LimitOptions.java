package io.github.eigengrad.cli;

import picocli.CommandLine.Option;

/** The {@link Limits} of a JSON Lines command as options (a picocli mixin). */
final class LimitOptions {
    @Option(names = "--max-line-length", paramLabel = "CHARS",
            description = "Longest request line served, in characters (default: ${DEFAULT-VALUE}); a longer line "
                    + "gets the error too-large and the stream goes on.")
    long maxLineLength = Limits.DEFAULT_MAX_LINE_LENGTH;

    @Option(names = "--max-size", paramLabel = "N",
            description = "Largest matrix size n served (default: ${DEFAULT-VALUE}); larger gets too-large.")
    int maxSize = Limits.DEFAULT_MAX_SIZE;

    @Option(names = "--max-work", paramLabel = "OPS",
            description = "Largest K k n^2 of a top-k request (default: ${DEFAULT-VALUE}, about a second); "
                    + "larger gets too-large.")
    double maxWork = Limits.DEFAULT_MAX_WORK;

    Limits limits() {
        if (maxLineLength < 1 || maxSize < 1 || !(maxWork >= 1)) {
            throw new IllegalArgumentException("--max-line-length, --max-size and --max-work must be >= 1");
        }
        return new Limits(maxLineLength, maxSize, maxWork);
    }
}
