package io.github.eigengrad.runtime;

/**
 * Truncated Taylor series of a scalar function about a point, in double: an array
 * {@code c} with {@code c[k] = g^(k)(x0) / k!} for k = 0..order ({@code order = c.length - 1}).
 * Each operation builds the series of its result from those of its arguments by the
 * recurrence of that operation (Cauchy products, and for exp, log, powers, sin/cos, sinh/cosh,
 * tanh and atan their derivative identities), O(order^2) per operation. The generated classes
 * of users' spectral functions (docs/math.md section 14) evaluate their expression with these
 * operations to get the high-order coefficients of the midpoint expansion near ties; the
 * symbolic derivatives would swell (the 8th derivative of {@code x/(x+a)} has thousands of
 * operations). Every method returns a new array and leaves its arguments unchanged.
 */
public final class TaylorSeries {
    private TaylorSeries() {}

    /**
     * The series of the identity about {@code x0}: {@code x0 + t}.
     *
     * @param x0 the point
     * @param order the highest coefficient, at least 1
     * @return {x0, 1, 0, ...}
     */
    public static double[] variable(double x0, int order) {
        double[] c = constant(x0, order);
        c[1] = 1;
        return c;
    }

    /**
     * A constant.
     *
     * @param v the value
     * @param order the highest coefficient, at least 0
     * @return {v, 0, ...}
     */
    public static double[] constant(double v, int order) {
        double[] c = new double[order + 1];
        c[0] = v;
        return c;
    }

    /**
     * a + b.
     *
     * @param a a series
     * @param b a series of the same order
     * @return a + b
     */
    public static double[] add(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            s[k] = a[k] + b[k];
        }
        return s;
    }

    /**
     * -a.
     *
     * @param a a series
     * @return -a
     */
    public static double[] negate(double[] a) {
        double[] n = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            n[k] = -a[k];
        }
        return n;
    }

    /**
     * a b (Cauchy product).
     *
     * @param a a series
     * @param b a series of the same order
     * @return a b
     */
    public static double[] multiply(double[] a, double[] b) {
        double[] p = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            double s = 0;
            for (int j = 0; j <= k; j++) {
                s += a[j] * b[k - j];
            }
            p[k] = s;
        }
        return p;
    }

    /**
     * a / b, for {@code b[0] != 0}.
     *
     * @param a a series
     * @param b a series of the same order
     * @return a / b
     */
    public static double[] divide(double[] a, double[] b) {
        double[] q = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            double s = a[k];
            for (int j = 1; j <= k; j++) {
                s -= b[j] * q[k - j];
            }
            q[k] = s / b[0];
        }
        return q;
    }

    /**
     * a^k for a whole k, by binary powering (k &lt; 0: the reciprocal of a^|k|).
     *
     * @param a a series
     * @param k the exponent
     * @return a^k
     */
    public static double[] integerPower(double[] a, int k) {
        double[] p = constant(1, a.length - 1);
        double[] square = a;
        for (int m = Math.abs(k); m != 0; m >>>= 1) {
            if ((m & 1) != 0) {
                p = multiply(p, square);
            }
            if (m > 1) {
                square = multiply(square, square);
            }
        }
        return k < 0 ? divide(constant(1, a.length - 1), p) : p;
    }

    /**
     * a^y for a constant real y and {@code a[0] > 0}:
     * {@code p_k = (1 / (k a_0)) sum_(j<k) (y (k - j) - j) a_(k-j) p_j}.
     *
     * @param a a series
     * @param y the exponent
     * @return a^y
     */
    public static double[] power(double[] a, double y) {
        double[] p = new double[a.length];
        p[0] = y == 0.5 ? Math.sqrt(a[0]) : Math.pow(a[0], y);
        for (int k = 1; k < a.length; k++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += (y * (k - j) - j) * a[k - j] * p[j];
            }
            p[k] = s / (k * a[0]);
        }
        return p;
    }

    /**
     * a^y for a series y: exp(y log a).
     *
     * @param a a series, a[0] &gt; 0
     * @param y a series
     * @return a^y
     */
    public static double[] power(double[] a, double[] y) {
        return exp(multiply(y, log(a)));
    }

    /**
     * sqrt(a).
     *
     * @param a a series, a[0] &gt; 0
     * @return sqrt(a)
     */
    public static double[] sqrt(double[] a) {
        return power(a, 0.5);
    }

    /**
     * exp(a).
     *
     * @param a a series
     * @return exp(a)
     */
    public static double[] exp(double[] a) {
        double[] e = new double[a.length];
        e[0] = Math.exp(a[0]);
        for (int k = 1; k < a.length; k++) {
            double s = 0;
            for (int j = 1; j <= k; j++) {
                s += j * a[j] * e[k - j];
            }
            e[k] = s / k;
        }
        return e;
    }

    /**
     * expm1(a): exp(a) with the constant term {@code expm1(a[0])}.
     *
     * @param a a series
     * @return expm1(a)
     */
    public static double[] expm1(double[] a) {
        double[] e = exp(a);
        e[0] = Math.expm1(a[0]);
        return e;
    }

    /**
     * log(a).
     *
     * @param a a series, a[0] &gt; 0
     * @return log(a)
     */
    public static double[] log(double[] a) {
        double[] l = new double[a.length];
        l[0] = Math.log(a[0]);
        for (int k = 1; k < a.length; k++) {
            double s = 0;
            for (int j = 1; j < k; j++) {
                s += j * l[j] * a[k - j];
            }
            l[k] = (a[k] - s / k) / a[0];
        }
        return l;
    }

    /**
     * log1p(a) = log(1 + a), the constant term {@code log1p(a[0])}.
     *
     * @param a a series, a[0] &gt; -1
     * @return log1p(a)
     */
    public static double[] log1p(double[] a) {
        double[] onePlus = a.clone();
        onePlus[0] += 1;
        double[] l = log(onePlus);
        l[0] = Math.log1p(a[0]);
        return l;
    }

    /**
     * sin(a).
     *
     * @param a a series
     * @return sin(a)
     */
    public static double[] sin(double[] a) {
        return sinCos(a, false)[0];
    }

    /**
     * cos(a).
     *
     * @param a a series
     * @return cos(a)
     */
    public static double[] cos(double[] a) {
        return sinCos(a, false)[1];
    }

    /**
     * sinh(a).
     *
     * @param a a series
     * @return sinh(a)
     */
    public static double[] sinh(double[] a) {
        return sinCos(a, true)[0];
    }

    /**
     * cosh(a).
     *
     * @param a a series
     * @return cosh(a)
     */
    public static double[] cosh(double[] a) {
        return sinCos(a, true)[1];
    }

    /** {sin a, cos a}, or {sinh a, cosh a}: s' = c a', c' = -+ s a'. */
    private static double[][] sinCos(double[] a, boolean hyperbolic) {
        double[] s = new double[a.length];
        double[] c = new double[a.length];
        s[0] = hyperbolic ? Math.sinh(a[0]) : Math.sin(a[0]);
        c[0] = hyperbolic ? Math.cosh(a[0]) : Math.cos(a[0]);
        for (int k = 1; k < a.length; k++) {
            double ss = 0;
            double cc = 0;
            for (int j = 1; j <= k; j++) {
                ss += j * a[j] * c[k - j];
                cc += j * a[j] * s[k - j];
            }
            s[k] = ss / k;
            c[k] = (hyperbolic ? cc : -cc) / k;
        }
        return new double[][] {s, c};
    }

    /**
     * tanh(a), by t' = (1 - t^2) a' with the square built as the coefficients come.
     *
     * @param a a series
     * @return tanh(a)
     */
    public static double[] tanh(double[] a) {
        double[] t = new double[a.length];
        double[] d = new double[a.length]; // 1 - t^2
        t[0] = Math.tanh(a[0]);
        d[0] = 1 - t[0] * t[0];
        for (int k = 1; k < a.length; k++) {
            double s = 0;
            for (int j = 1; j <= k; j++) {
                s += j * a[j] * d[k - j];
            }
            t[k] = s / k;
            double sq = 0;
            for (int j = 0; j <= k; j++) {
                sq += t[j] * t[k - j];
            }
            d[k] = -sq;
        }
        return t;
    }

    /**
     * atan(a), by t' = a' / (1 + a^2).
     *
     * @param a a series
     * @return atan(a)
     */
    public static double[] atan(double[] a) {
        double[] u = multiply(a, a);
        u[0] += 1;
        double[] derivative = new double[a.length]; // a'
        for (int k = 0; k + 1 < a.length; k++) {
            derivative[k] = (k + 1) * a[k + 1];
        }
        double[] q = divide(derivative, u);
        double[] t = new double[a.length];
        t[0] = Math.atan(a[0]);
        for (int k = 1; k < a.length; k++) {
            t[k] = q[k - 1] / k;
        }
        return t;
    }
}
