package io.github.eigengrad.runtime;

/**
 * The divided differences of any {@link ScalarFunction} (docs/math.md section 14), in double.
 * {@code f[1](a, b)}: the closed form {@code (f(a) - f(b)) / (a - b)} apart; near a tie the
 * Taylor series about the midpoint {@code m}, {@code sum_j c_(2j+1) h^(2j)} with
 * {@code h = (a - b)/2}, {@code c_k = f^(k)(m)/k!} to {@link #ORDER}; f'(a) at a tie. Of the
 * two, the one with the smaller derived error bound: the closed form's rounding,
 * {@code 4 u (|f(a)| + |f(b)|) / (a - b)}, against the series' truncation (its last term) and
 * rounding. Where the closed form's own bound is below 8 units of its value, the series is
 * not computed at all; for a pair close on the scale of f a short series ({@link #SHORT_ORDER})
 * is tried first, and where it meets the bound the long one is not computed. {@code f[2]} the same way about {@code m = (hi + lo)/2} with the
 * complete homogeneous polynomials of the three offsets. Measured accuracy per function:
 * docs/matrix-functions.md.
 */
public final class SpectralDifferences {
    /** The highest Taylor coefficient of f[1]'s expansion (f[2]'s goes one further). */
    public static final int ORDER = 25;
    /**
     * The order tried first: near a tie (a cluster of eigenvalues) nine coefficients already
     * meet the bound, at a seventh of the cost of {@link #ORDER}.
     */
    public static final int SHORT_ORDER = 9;
    private static final double U = 0x1p-53;

    private SpectralDifferences() {}

    /**
     * f[1](a, b) for f; symmetric; f'(a) at a tie.
     *
     * @param f the function
     * @param a an eigenvalue in f's domain
     * @param b an eigenvalue in f's domain
     * @return f[1](a, b)
     */
    public static double first(ScalarFunction f, double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (hi == lo) {
            return f.taylor(hi, 1)[1];
        }
        double fHi = f.value(hi);
        double fLo = f.value(lo);
        if (closedSuffices(fHi, fLo)) {
            return (fHi - fLo) / (hi - lo);
        }
        double m = midpoint(hi, lo);
        if (veryClose(fHi, fLo)) {
            double[] shortSeries = firstSeries((hi - lo) / 2, f.taylor(m, SHORT_ORDER));
            // the short series serves only where it is as good as the long one could be: truncated
            // below its own rounding, and below the closed form's bound
            if (shortSeries[1] <= Math.min(closedError(hi, lo, fHi, fLo), 8 * U * Math.abs(shortSeries[0]))) {
                return shortSeries[0];
            }
        }
        return first(hi, lo, fHi, fLo, f.taylor(m, ORDER));
    }

    /**
     * Whether the closed form cancels by more than a thousand: the pair is then close on the
     * scale of f (for most functions {@code h/R} below about 1e-3, R the distance to the nearest
     * singularity), where the short series is worth trying; elsewhere it would seldom serve and
     * only add to the long one's cost.
     */
    private static boolean veryClose(double upper, double lower) {
        return Math.abs(upper) + Math.abs(lower) > 1e3 * Math.abs(upper - lower);
    }

    /** The closed form's rounding bound {@code 4 u (|f(hi)| + |f(lo)|) / (hi - lo)}. */
    private static double closedError(double hi, double lo, double fHi, double fLo) {
        return 4 * U * (Math.abs(fHi) + Math.abs(fLo)) / (hi - lo);
    }

    /**
     * {sum_j c_(2j+1) h^(2j), its bound}: the last term kept (truncation) and the rounding of
     * the sum, for the coefficients {@code c} to their length.
     */
    private static double[] firstSeries(double h, double[] c) {
        int order = c.length - 1;
        int last = order % 2 == 1 ? order : order - 1;
        double h2 = h * h;
        double taylor = 0;
        for (int k = last; k >= 1; k -= 2) {
            taylor = taylor * h2 + c[k];
        }
        return new double[] {taylor, Math.abs(c[last] * Math.pow(h, last - 1)) + 4 * U * Math.abs(taylor)};
    }

    /**
     * Whether the closed form {@code (fHi - fLo) / (hi - lo)} is within 8 units of its own
     * value by its bound {@code 4 u (|fHi| + |fLo|)}: no cancellation to speak of.
     *
     * @param fHi f at the larger eigenvalue
     * @param fLo f at the smaller eigenvalue
     * @return true if the closed form alone serves
     */
    public static boolean closedSuffices(double fHi, double fLo) {
        return Math.abs(fHi) + Math.abs(fLo) <= 2 * Math.abs(fHi - fLo) && Double.isFinite(fHi - fLo);
    }

    /**
     * The midpoint {@code lo + (hi - lo)/2} about which both expansions are taken (exact
     * offsets near a tie: {@code hi - lo} is exact there).
     *
     * @param hi the larger eigenvalue
     * @param lo the smaller eigenvalue
     * @return the midpoint
     */
    public static double midpoint(double hi, double lo) {
        return lo + (hi - lo) / 2;
    }

    /**
     * f[1] for {@code hi > lo} from f at both and the coefficients {@code c} about
     * {@link #midpoint}: the closed form or the series, whichever has the smaller bound.
     *
     * @param hi the larger eigenvalue
     * @param lo the smaller eigenvalue
     * @param fHi f(hi)
     * @param fLo f(lo)
     * @param c the Taylor coefficients about the midpoint (the series runs to their length)
     * @return f[1](hi, lo)
     */
    public static double first(double hi, double lo, double fHi, double fLo, double[] c) {
        double[] series = firstSeries((hi - lo) / 2, c);
        return choose(series[0], series[1], (fHi - fLo) / (hi - lo), closedError(hi, lo, fHi, fLo));
    }

    /** The series unless it is not finite or its bound exceeds the closed form's (which is finite). */
    private static double choose(double taylor, double truncation, double closed, double closedError) {
        if (!Double.isFinite(taylor) || !(truncation <= closedError) && Double.isFinite(closed)) {
            return closed;
        }
        return taylor;
    }

    /**
     * f[2](a, b, c) for f (docs/math.md section 10), symmetric, {@code f''(a)/2} at a triple
     * tie: sorted {@code hi >= mid >= lo}, {@code (f[1](hi, mid) - f[1](mid, lo)) / (hi - lo)}
     * apart, the midpoint series near ties.
     *
     * @param f the function
     * @param a an eigenvalue in f's domain
     * @param b an eigenvalue in f's domain
     * @param c an eigenvalue in f's domain
     * @return f[2](a, b, c)
     */
    public static double second(ScalarFunction f, double a, double b, double c) {
        double hi = Math.max(Math.max(a, b), c);
        double lo = Math.min(Math.min(a, b), c);
        double mid = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        if (hi == lo) {
            return f.taylor(hi, 2)[2];
        }
        double upper = f.first(hi, mid);
        double lower = f.first(mid, lo);
        if (closedSuffices(upper, lower)) {
            return (upper - lower) / (hi - lo);
        }
        double m = midpoint(hi, lo);
        if (veryClose(upper, lower)) {
            double[] shortSeries = secondSeries(hi, mid, lo, f.taylor(m, SHORT_ORDER + 1));
            if (shortSeries[1] <= Math.min(secondClosedError(hi, lo, upper, lower),
                    16 * U * Math.abs(shortSeries[0]))) {
                return shortSeries[0];
            }
        }
        return second(hi, mid, lo, upper, lower, f.taylor(m, ORDER + 1));
    }

    /** The closed form's bound: each f[1] within a few eps of its own scale (about |f'| near the pair). */
    private static double secondClosedError(double hi, double lo, double upper, double lower) {
        return 8 * U * (Math.abs(upper) + Math.abs(lower)) / (hi - lo);
    }

    /**
     * f[2] for {@code hi >= mid >= lo}, {@code hi > lo}, from f[1] of the two neighbouring pairs
     * and the coefficients {@code c} about {@link #midpoint}{@code (hi, lo)}:
     * {@code sum_k c_(k+2) h_k(hi - m, mid - m, lo - m)} with {@code h_k} the complete
     * homogeneous polynomial of degree k (the divided difference of x^(k+2)), built by its
     * recurrence, or the closed form, whichever has the smaller bound.
     *
     * @param hi the largest eigenvalue
     * @param mid the middle one
     * @param lo the smallest
     * @param upper f[1](hi, mid)
     * @param lower f[1](mid, lo)
     * @param c the Taylor coefficients about the midpoint (the series runs to their length)
     * @return f[2](hi, mid, lo)
     */
    public static double second(double hi, double mid, double lo, double upper, double lower, double[] c) {
        double[] series = secondSeries(hi, mid, lo, c);
        return choose(series[0], series[1], (upper - lower) / (hi - lo), secondClosedError(hi, lo, upper, lower));
    }

    /** {sum_k c_(k+2) h_k(hi - m, mid - m, lo - m), its bound (last term and rounding)} to the length of c. */
    private static double[] secondSeries(double hi, double mid, double lo, double[] c) {
        double m = midpoint(hi, lo);
        // h_k(x1, x2, x3) by H1_k = x1^k, H2_k = x2 H2_(k-1) + H1_k, H3_k = x3 H3_(k-1) + H2_k
        double x1 = hi - m;
        double x2 = mid - m;
        double x3 = lo - m;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double taylor = c[2];
        double lastTerm = Math.abs(c[2]);
        for (int k = 1; k + 2 < c.length; k++) {
            p1 *= x1;
            p2 = x2 * p2 + p1;
            p3 = x3 * p3 + p2;
            double term = c[k + 2] * p3;
            taylor += term;
            lastTerm = Math.abs(term);
        }
        return new double[] {taylor, lastTerm + 8 * U * Math.abs(taylor)};
    }

    /**
     * Where f[1]'s two regimes meet about the midpoint {@code m}: the smallest half-gap h (on a
     * grid of ratio 2^(1/8)) at which the closed form's bound falls below the series' bound,
     * and the larger of the two bounds there in units of {@code eps |f'(m)|} (the worst case
     * over all gaps). For {@code eigengrad derive --function}.
     *
     * @param f the function
     * @param m the midpoint, in f's domain
     * @return {h, bound}; h is infinite if the series serves up to the domain's edge or h = |m| + 1e3
     */
    public static double[] switchPoint(ScalarFunction f, double m) {
        double derivative = Math.abs(f.taylor(m, 1)[1]);
        double[] c = f.taylor(m, ORDER);
        int last = ORDER % 2 == 1 ? ORDER : ORDER - 1;
        double limit = Math.abs(m) + 1e3;
        for (double h = 0x1p-40 * Math.max(1, Math.abs(m)); h < limit; h *= 1.0905077326652577) {
            double hi = m + h;
            double lo = m - h;
            try {
                f.checkDomain(0, hi);
                f.checkDomain(1, lo);
            } catch (InvalidInputException e) {
                return new double[] {Double.POSITIVE_INFINITY, Double.NaN};
            }
            double fHi = f.value(hi);
            double fLo = f.value(lo);
            double closedError = 4 * U * (Math.abs(fHi) + Math.abs(fLo)) / (hi - lo);
            double truncation = Math.abs(c[last] * Math.pow(h, last - 1));
            if (truncation > closedError) {
                return new double[] {h, Math.max(truncation, closedError) / (2 * U * derivative)};
            }
        }
        return new double[] {Double.POSITIVE_INFINITY, Double.NaN};
    }
}
