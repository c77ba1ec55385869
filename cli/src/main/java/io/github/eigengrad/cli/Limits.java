package io.github.eigengrad.cli;

/**
 * What one request line may cost, so that a stream survives any single line: the length of a
 * line in characters, the size n of a matrix, and for the top-k pullback (whose complement
 * series loops over its K terms) the work {@code K k n^2}. A request beyond a limit gets the
 * error {@code too-large} and the stream goes on.
 */
record Limits(long maxLineLength, int maxSize, double maxWork) {
    static final long DEFAULT_MAX_LINE_LENGTH = 16_000_000;
    static final int DEFAULT_MAX_SIZE = 1000;
    static final double DEFAULT_MAX_WORK = 2e9;
    static final Limits DEFAULTS = new Limits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SIZE, DEFAULT_MAX_WORK);
}
