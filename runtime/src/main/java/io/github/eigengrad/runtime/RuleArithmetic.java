package io.github.eigengrad.runtime;

/**
 * The arithmetic that generated code calls by name: binary powering for the run-time K. The
 * generator evaluates its integer power node with the same operations (a test holds the two
 * bit for bit).
 */
public final class RuleArithmetic {
    private RuleArithmetic() {}

    /**
     * {@code x^k} for a whole number {@code k >= 0}, by binary powering: at most 2 log2(k)
     * multiplications, so the relative error stays below about {@code 2k} units in the last
     * place (the series coefficient only uses it where {@code k x^k <= 1/2}, where that error is
     * below one unit of the result). Exponents from 2^53 on, where every double is even, go to
     * {@link StrictMath#pow}. Generated code calls this for the generator's integer power node;
     * the generator evaluates that node with the same arithmetic.
     *
     * @param x the argument
     * @param k the exponent, a whole number {@code >= 0}
     * @return x^k
     */
    public static double integerPower(double x, double k) {
        if (!(k >= 0) || k != Math.rint(k)) {
            throw new IllegalArgumentException("integerPower needs a whole exponent >= 0, got " + k);
        }
        if (k >= 0x1p53) {
            return StrictMath.pow(x, k);
        }
        long e = (long) k;
        double result = 1;
        double square = x;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= square;
            }
            e >>>= 1;
            if (e != 0) {
                square *= square;
            }
        }
        return result;
    }
}
