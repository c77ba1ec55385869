package io.github.eigengrad.runtime;

/**
 * Double-double arithmetic (an unevaluated sum {@code hi + lo} with {@code |lo| <= ulp(hi)/2},
 * about 106 bits; exp and log keep about 95), for the few places where a double result must come out of a cancellation
 * that double arithmetic cannot carry: the second divided difference of x^p apart from ties
 * ({@link RuleArithmetic#powSecondApart}). The algorithms are the classical error-free
 * transformations (Knuth's two-sum, the FMA two-product) and, for exp and log, argument
 * reduction with a short Taylor series and one Newton step.
 */
record DoubleDouble(double hi, double lo) {
    static final DoubleDouble ONE = new DoubleDouble(1, 0);
    private static final DoubleDouble LN2 = new DoubleDouble(0.6931471805599453, 2.3190468138462996e-17);

    static DoubleDouble of(double x) {
        return new DoubleDouble(x, 0);
    }

    /** {@code a + b} exactly, as a normalised pair. */
    static DoubleDouble twoSum(double a, double b) {
        double s = a + b;
        double v = s - a;
        double e = (a - (s - v)) + (b - v);
        return new DoubleDouble(s, e);
    }

    private static DoubleDouble fast(double a, double b) {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }

    DoubleDouble plus(DoubleDouble o) {
        DoubleDouble s = twoSum(hi, o.hi);
        DoubleDouble t = twoSum(lo, o.lo);
        DoubleDouble u = fast(s.hi, s.lo + t.hi);
        return fast(u.hi, u.lo + t.lo);
    }

    DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    DoubleDouble minus(DoubleDouble o) {
        return plus(o.negate());
    }

    DoubleDouble times(DoubleDouble o) {
        double p = hi * o.hi;
        double e = Math.fma(hi, o.hi, -p);
        return fast(p, e + (hi * o.lo + lo * o.hi));
    }

    DoubleDouble times(double x) {
        double p = hi * x;
        double e = Math.fma(hi, x, -p);
        return fast(p, e + lo * x);
    }

    DoubleDouble dividedBy(DoubleDouble o) {
        double q1 = hi / o.hi;
        DoubleDouble r = minus(o.times(q1));
        double q2 = r.hi / o.hi;
        r = r.minus(o.times(q2));
        double q3 = r.hi / o.hi;
        return fast(q1, q2).plus(of(q3));
    }

    /** {@code exp(x)}: x = k ln 2 + r, r / 2^10 by Taylor, squared ten times, times 2^k. */
    DoubleDouble exp() {
        double k = Math.rint(hi / LN2.hi);
        DoubleDouble r = minus(LN2.times(k)).times(0x1p-10);
        DoubleDouble sum = ONE;
        DoubleDouble term = ONE;
        for (int n = 1; n <= 12; n++) {
            term = term.times(r).dividedBy(of(n)); // |r| <= 3.4e-4: the 12th term is below 2^-130
            sum = sum.plus(term);
        }
        for (int i = 0; i < 10; i++) {
            sum = sum.times(sum);
        }
        return new DoubleDouble(Math.scalb(sum.hi, (int) k), Math.scalb(sum.lo, (int) k));
    }

    /** {@code log(x)} for x > 0: the double log, then one Newton step on exp. */
    DoubleDouble log() {
        DoubleDouble y = of(Math.log(hi));
        // y + x exp(-y) - 1
        return y.plus(times(y.negate().exp())).minus(ONE);
    }
}
