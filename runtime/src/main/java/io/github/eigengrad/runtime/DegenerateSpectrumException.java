package io.github.eigengrad.runtime;

/**
 * The analytic pullback was asked for at an exact or near tie: eigenvalues {@link #first()}
 * and {@link #second()} (adjacent, 0-based) are closer than the degeneracy tolerance times
 * {@code max|lambda|}, where Eq. 10 divides by (nearly) zero. Use the power-iteration or
 * adaptive method, which are finite at ties, or ask the analytic method to mask such pairs.
 */
public final class DegenerateSpectrumException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The index of the larger eigenvalue of the pair, 0-based. */
    private final int first;
    /** The index of the smaller eigenvalue of the pair. */
    private final int second;

    private DegenerateSpectrumException(String message, int first, int second) {
        super(message);
        this.first = first;
        this.second = second;
    }

    /**
     * The same problem, for matrix {@code index} of a batch.
     *
     * @param index the matrix's index in the batch
     * @return this problem, with the message naming matrix {@code index}
     */
    public DegenerateSpectrumException inMatrix(int index) {
        return new DegenerateSpectrumException("matrix " + index + ": " + getMessage(), first, second);
    }

    /**
     * The pair (first, second) and their values, closer than {@code degeneracyTolerance} times
     * {@code max|lambda|}.
     *
     * @param first the index of the larger eigenvalue of the pair
     * @param second the index of the smaller eigenvalue of the pair
     * @param firstValue the larger eigenvalue of the pair
     * @param secondValue the smaller eigenvalue of the pair
     * @param degeneracyTolerance the relative gap the pair is below
     */
    public DegenerateSpectrumException(int first, int second, double firstValue, double secondValue,
            double degeneracyTolerance) {
        super("degenerate spectrum: eigenvalues " + first + " and " + second + " (" + firstValue + " and "
                + secondValue + ") are closer than " + degeneracyTolerance
                + " times max|lambda|, where the analytic gradient divides by their difference; use the "
                + "power-iteration or adaptive method (finite at ties), or mask degenerate pairs");
        this.first = first;
        this.second = second;
    }

    /**
     * The index of the larger eigenvalue of the pair.
     *
     * @return the index of the larger eigenvalue, 0-based
     */
    public int first() {
        return first;
    }

    /**
     * The index of the smaller eigenvalue of the pair, {@code first() + 1}.
     *
     * @return the index of the smaller eigenvalue, {@code first() + 1}
     */
    public int second() {
        return second;
    }
}
