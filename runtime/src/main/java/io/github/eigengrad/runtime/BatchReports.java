package io.github.eigengrad.runtime;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The reports of a batch pullback, matrix by matrix ({@link EigenBatch}): shift, K used,
 * largest r^K and gradient bound, as {@link PullbackResult} reports them for one matrix. A
 * typed view of the flat {@code double[]} the batch writes (4 numbers per matrix, with -1 for
 * "none" under the analytic method), which stays available for code that wants the array.
 */
public final class BatchReports {
    /** The most matrices whose reports fit one Java array. */
    static final int MAX_COUNT = (Integer.MAX_VALUE - 8) / 4;

    private final double[] data;

    private BatchReports(double[] data) {
        this.data = data;
    }

    /**
     * Room for the reports of {@code count} matrices.
     *
     * @param count the number of matrices (>= 0)
     * @return empty reports (all 0 until a pullback writes them)
     */
    public static BatchReports allocate(int count) {
        if (count < 0 || count > MAX_COUNT) {
            throw new InvalidInputException(InvalidInputException.Problem.INVALID_OPTION,
                    "count must be from 0 to " + MAX_COUNT + " (4 numbers per matrix in one array), got " + count);
        }
        return new BatchReports(new double[4 * count]);
    }

    /**
     * A view of reports the batch wrote into a flat array (4 numbers per matrix); shares it.
     *
     * @param reports the array, of a length divisible by 4
     * @return the view
     */
    public static BatchReports view(double[] reports) {
        if (reports == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "reports is null");
        }
        if (reports.length % 4 != 0) {
            throw new InvalidInputException(InvalidInputException.Problem.WRONG_LENGTH, "reports has length "
                    + reports.length + ", not a multiple of 4 (4 numbers per matrix)");
        }
        return new BatchReports(reports);
    }

    /**
     * How many matrices these reports have room for.
     *
     * @return the number of matrices
     */
    public int count() {
        return data.length / 4;
    }

    /**
     * The shift added to every eigenvalue of matrix {@code b} before the series (0 if none).
     *
     * @param b the matrix's index in the batch
     * @return the shift
     */
    public double shift(int b) {
        return data[index(b)];
    }

    /**
     * K used for matrix {@code b} (the largest K of a pair for the adaptive method).
     *
     * @param b the matrix's index in the batch
     * @return K, or empty for the analytic method
     */
    public OptionalLong iterationsUsed(int b) {
        double k = data[index(b) + 1];
        return k < 0 ? OptionalLong.empty() : OptionalLong.of((long) k);
    }

    /**
     * The largest relative truncation error r^K over the pairs of matrix {@code b}.
     *
     * @param b the matrix's index in the batch
     * @return the largest r^K (0 for the analytic method)
     */
    public double maxPairError(int b) {
        return data[index(b) + 2];
    }

    /**
     * The bound on ||dL/dA||_F of matrix {@code b}.
     *
     * @param b the matrix's index in the batch
     * @return the bound, or empty for the analytic method
     */
    public OptionalDouble gradientBound(int b) {
        double bound = data[index(b) + 3];
        return bound < 0 ? OptionalDouble.empty() : OptionalDouble.of(bound);
    }

    double[] array() {
        return data;
    }

    private int index(int b) {
        if (b < 0 || b >= count()) {
            throw new IndexOutOfBoundsException("matrix index " + b + " outside [0, " + count() + ")");
        }
        return 4 * b;
    }
}
