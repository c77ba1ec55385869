package io.github.eigengrad.runtime;

/**
 * The arithmetic that generated code calls by name: binary powering for the run-time K. The
 * generator evaluates its integer power node with the same operations (a test holds the two
 * bit for bit).
 */
public final class RuleArithmetic {
    private RuleArithmetic() {}

    /** The largest K whose close-pair coefficient is powered in double-double (beyond: expm1 and log1p). */
    static final double DOUBLE_DOUBLE_ITERATIONS = 65536;

    /**
     * The series coefficient F^(K) of a close pair (docs/math.md section 4; the general-n rules
     * call this where {@code K r^K > 1/2}): {@code (1 - r^K) / (muI - muJ)} with
     * {@code r = muJ / muI}, for {@code 0 < muJ <= muI}, and {@code K / muI} at a tie. For K up to
     * 65536, r^K is powered in double-double arithmetic (r carried to about 2^-104, each product
     * with fma), where one {@code log1p} and one {@code expm1} cost about 2.5 times as much; for a
     * relative gap {@code d / muI} below 2^-50, where even that would cancel, the Taylor series
     * {@code K (1 - (K-1)/2 delta (1 - (K-2)/3 delta)) / muI}; for larger K the stable
     * {@code -expm1(K log1p(-delta)) / d}. Each is within a few units in the last place
     * ({@code RuleArithmeticTest} against 60 digits).
     *
     * @param muI the larger shifted eigenvalue, positive
     * @param muJ the smaller, {@code 0 < muJ <= muI}
     * @param k K, a whole number {@code >= 1}
     * @return F^(K) of the pair
     */
    public static double seriesCoefficient(double muI, double muJ, double k) {
        double d = muI - muJ;
        if (d == 0) {
            return k / muI;
        }
        double delta = d / muI;
        if (k > DOUBLE_DOUBLE_ITERATIONS || !(delta > 0 && delta < 1)) {
            return -Math.expm1(k * Math.log1p(-delta)) / d;
        }
        if (delta <= 0x1p-50) {
            return k * (1 - (k - 1) / 2 * delta * (1 - (k - 2) / 3 * delta)) / muI;
        }
        double rHigh = muJ / muI;
        double rLow = Math.fma(-rHigh, muI, muJ) / muI;
        double pHigh = 1;
        double pLow = 0;
        long e = (long) k;
        while (true) {
            if ((e & 1) != 0) { // p *= r, in double-double
                double h = pHigh * rHigh;
                double l = Math.fma(pHigh, rHigh, -h) + (pHigh * rLow + pLow * rHigh);
                pHigh = h + l;
                pLow = l - (pHigh - h);
            }
            e >>>= 1;
            if (e == 0) {
                break;
            }
            double h = rHigh * rHigh; // r *= r
            double l = Math.fma(rHigh, rHigh, -h) + 2 * rHigh * rLow;
            rHigh = h + l;
            rLow = l - (rHigh - h);
        }
        return ((1 - pHigh) - pLow) / d;
    }

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

    /** Float powers below this are flushed to zero by {@link #integerPower(float, double)}. */
    public static final float FLOAT_POWER_FLUSH = 0x1p-63f;

    /**
     * {@code x^k} for {@code |x| <= 1} in float by the binary powering of
     * {@link #integerPower(double, double)}, each multiplication a float one, with every
     * intermediate below {@link #FLOAT_POWER_FLUSH} in magnitude set to zero: what generated
     * float rules and their SIMD lanes compute, bit for bit. The rules use x^k only where
     * {@code K x^k <= 1/2} and add it to 1, where a value below 2^-63 is lost anyway; the flush
     * keeps every product out of the subnormal range (the product of two floats of at least
     * 2^-63 is normal), where x86 takes about a hundred cycles per operation. Its relative
     * error is otherwise at most about k float ulps (each squaring doubles the error carried),
     * which moves {@code 1 - x^k} by at most about half an ulp where {@code K x^k <= 1/2}.
     *
     * @param x the base, in [-1, 1]
     * @param k the exponent, a whole number {@code >= 0}
     * @return x^k, or 0 where it (or an intermediate) is below 2^-63 in magnitude
     */
    public static float integerPower(float x, double k) {
        if (!(k >= 0) || k != Math.rint(k)) {
            throw new IllegalArgumentException("integerPower needs a whole exponent >= 0, got " + k);
        }
        if (k >= 0x1p53) {
            return flush((float) StrictMath.pow(x, k));
        }
        long e = (long) k;
        float result = 1;
        float square = flush(x);
        while (e != 0) {
            if ((e & 1) != 0) {
                result = flush(result * square);
            }
            e >>>= 1;
            if (e != 0) {
                square = flush(square * square);
            }
        }
        return result;
    }

    private static float flush(float x) {
        return Math.abs(x) < FLOAT_POWER_FLUSH ? 0f : x;
    }

    /**
     * The second divided difference of {@code x^p} at {@code hi >= mid >= lo > 0} apart from
     * ties (the closed form's branch of the generated {@code powSecond}): {@code (f[1](hi, mid) -
     * f[1](mid, lo)) / (hi - lo)} cancels by about {@code 2 / (|p - 1| u)}, more than double
     * arithmetic carries for p near 0 or 1 and up to 12 units at p = 0.37 (docs/math.md section
     * 10), so it is formed in double-double arithmetic on the ratios to {@code lo} (f[2] is
     * homogeneous of degree p - 2) and rounded once.
     *
     * @param hi the largest value
     * @param mid the middle value
     * @param lo the smallest value, positive
     * @param p the power
     * @return f[2](hi, mid, lo) of x^p
     */
    public static double powSecondApart(double hi, double mid, double lo, double p) {
        DoubleDouble low = DoubleDouble.of(lo);
        DoubleDouble alpha = DoubleDouble.of(hi).dividedBy(low);
        DoubleDouble beta = DoubleDouble.of(mid).dividedBy(low);
        DoubleDouble a = alpha.log().times(p).exp();
        DoubleDouble b = beta.log().times(p).exp();
        // f[1] in ratio units; at a tie the derivative p x^(p-1)
        DoubleDouble upper = hi == mid ? a.times(p).dividedBy(alpha) : a.minus(b).dividedBy(alpha.minus(beta));
        DoubleDouble lower = mid == lo ? DoubleDouble.of(p) : b.minus(DoubleDouble.ONE).dividedBy(beta.minus(DoubleDouble.ONE));
        DoubleDouble second = upper.minus(lower).dividedBy(alpha.minus(DoubleDouble.ONE));
        // lo^(p-2) with p - 2 exact: a rounded exponent would cost |log lo| units (460 at 1e-200)
        DoubleDouble scale = DoubleDouble.twoSum(p, -2).times(low.log()).exp();
        return second.times(scale).hi();
    }

    /**
     * {@code x^(p + c)} for x > 0 and a whole c, with the exponent's rounding error put back:
     * {@code q = p + c} is formed with its error e exactly (two-sum), and
     * {@code x^(p+c) = x^q x^e = x^q (1 + expm1(e log x))}. Without the second factor a rounded
     * exponent costs {@code |e log x|} relative, some 200 units in the last place at x = 1e200
     * for p = 0.3, c = -1. The generated power functions call it for {@code x^(p-1)}.
     *
     * @param x the base, positive
     * @param p the power
     * @param c a whole number added to it
     * @return x^(p + c)
     */
    public static double shiftedPower(double x, double p, double c) {
        double q = p + c;
        double v = q - p;
        double e = (p - (q - v)) + (c - v);
        double power = Math.pow(x, q);
        return e == 0 ? power : power + power * Math.expm1(e * Math.log(x));
    }
}
