package io.github.eigengrad.generator.parse;

/**
 * The first divided difference {@code f[1](a, b) = (f(a) - f(b)) / (a - b)} of a user's f
 * (docs/math.md section 14), evaluated in double from the expression: the closed form apart;
 * near a tie the Taylor series about the midpoint, {@code f[1] = sum_j c_(2j+1) h^(2j)} with
 * {@code h = (a - b)/2} and {@code c_k = f^(k)(m)/k!} from {@link Jets}; at a tie f'(a). Of
 * the two, the one with the smaller error estimate is taken: the closed form's rounding,
 * about {@code 4 u (|f(a)| + |f(b)|) / (a - b)}, against the Taylor series' last term
 * (truncation) and its own rounding. A first step: the generated, tie-exact code of issue 19
 * will place the switch from derived bounds; this evaluator is its reference and the path of
 * requests that are not compiled.
 */
public final class UserDividedDifference {
    /** The highest Taylor coefficient used: terms up to h^(ORDER - 1). */
    public static final int ORDER = 25;
    private static final double U = 0x1p-53;

    private UserDividedDifference() {}

    /**
     * f[1](a, b) for f; symmetric; f'(a) at a tie.
     *
     * @param f the function
     * @param a an eigenvalue in f's domain
     * @param b an eigenvalue in f's domain
     * @return f[1](a, b)
     */
    public static double first(SpectralFunction f, double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (hi == lo) {
            return Jets.of(f.f(), hi, 1, f.values())[1];
        }
        double h = (hi - lo) / 2; // exact near a tie (hi - lo is, by Sterbenz)
        double m = lo + h;
        double fa = f.valueAt(hi);
        double fb = f.valueAt(lo);
        double closed = (fa - fb) / (hi - lo);
        double closedError = 4 * U * (Math.abs(fa) + Math.abs(fb)) / (hi - lo);
        double[] c = Jets.of(f.f(), m, ORDER, f.values());
        double h2 = h * h;
        double taylor = 0;
        for (int k = ORDER % 2 == 1 ? ORDER : ORDER - 1; k >= 1; k -= 2) {
            taylor = taylor * h2 + c[k];
        }
        int last = ORDER % 2 == 1 ? ORDER : ORDER - 1;
        double truncation = Math.abs(c[last] * Math.pow(h, last - 1)) + 4 * U * Math.abs(taylor);
        if (!Double.isFinite(taylor) || !(truncation <= closedError) && Double.isFinite(closed)) {
            return closed;
        }
        return taylor;
    }

    /**
     * f[2](a, b, c) for f (docs/math.md section 10), symmetric, {@code f''(a)/2} at a triple
     * tie. Sorted {@code hi >= mid >= lo}: apart, {@code (f[1](hi, mid) - f[1](mid, lo)) / (hi -
     * lo)}; near ties {@code sum_k c_(k+2)(m) h_k(hi - m, mid - m, lo - m)} about
     * {@code m = (hi + lo)/2}, with {@code h_k} the complete homogeneous polynomial of degree k in
     * the three offsets (the divided difference of x^(k+2)), built by its recurrence; of the two
     * the one with the smaller error estimate.
     *
     * @param f the function
     * @param a an eigenvalue in f's domain
     * @param b an eigenvalue in f's domain
     * @param c an eigenvalue in f's domain
     * @return f[2](a, b, c)
     */
    public static double second(SpectralFunction f, double a, double b, double c) {
        double hi = Math.max(Math.max(a, b), c);
        double lo = Math.min(Math.min(a, b), c);
        double mid = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        double h = (hi - lo) / 2;
        double m = lo + h;
        int order = ORDER + 1;
        double[] coefficients = Jets.of(f.f(), m, order, f.values());
        // h_k(x1, x2, x3) by the recurrences H1_k = x1^k, H2_k = x2 H2_(k-1) + H1_k, H3_k = x3 H3_(k-1) + H2_k
        double x1 = hi - m;
        double x2 = mid - m;
        double x3 = lo - m;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double taylor = coefficients[2];
        double lastTerm = Math.abs(coefficients[2]);
        for (int k = 1; k + 2 <= order; k++) {
            p1 *= x1;
            p2 = x2 * p2 + p1;
            p3 = x3 * p3 + p2;
            double term = coefficients[k + 2] * p3;
            taylor += term;
            lastTerm = Math.abs(term);
        }
        if (hi == lo) {
            return taylor;
        }
        double upper = first(f, hi, mid);
        double lower = first(f, mid, lo);
        double closed = (upper - lower) / (hi - lo);
        // each f[1] is within a few eps of its own scale (about |f'| near the pair)
        double closedError = 8 * U * (Math.abs(upper) + Math.abs(lower)) / (hi - lo);
        double truncation = lastTerm + 8 * U * Math.abs(taylor);
        if (!Double.isFinite(taylor) || !(truncation <= closedError) && Double.isFinite(closed)) {
            return closed;
        }
        return taylor;
    }
}
