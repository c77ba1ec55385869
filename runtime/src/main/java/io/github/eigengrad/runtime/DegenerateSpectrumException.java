package io.github.eigengrad.runtime;

/**
 * The analytic pullback was asked for at an exact or near tie: eigenvalues {@link #first()}
 * and {@link #second()} (adjacent, 0-based) are closer than the degeneracy tolerance times
 * {@code max|lambda|}, where Eq. 10 divides by (nearly) zero. Use the power-iteration or
 * adaptive method, which are finite at ties, or ask the analytic method to mask such pairs.
 */
public final class DegenerateSpectrumException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int first;
    private final int second;

    private DegenerateSpectrumException(String message, int first, int second) {
        super(message);
        this.first = first;
        this.second = second;
    }

    /** The same problem, for matrix {@code index} of a batch. */
    public DegenerateSpectrumException inMatrix(int index) {
        return new DegenerateSpectrumException("matrix " + index + ": " + getMessage(), first, second);
    }

    public DegenerateSpectrumException(int first, int second, double firstValue, double secondValue,
            double degeneracyTolerance) {
        super("degenerate spectrum: eigenvalues " + first + " and " + second + " (" + firstValue + " and "
                + secondValue + ") are closer than " + degeneracyTolerance
                + " times max|lambda|, where the analytic gradient divides by their difference; use the "
                + "power-iteration or adaptive method (finite at ties), or mask degenerate pairs");
        this.first = first;
        this.second = second;
    }

    /** The index of the larger eigenvalue of the pair. */
    public int first() {
        return first;
    }

    /** The index of the smaller eigenvalue of the pair, {@code first() + 1}. */
    public int second() {
        return second;
    }
}
