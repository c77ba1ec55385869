package io.github.eigengrad.generator.parse;

import io.github.eigengrad.generator.expr.Expr;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Truncated Taylor series ("jets") of an expression in x about a point, in double: the
 * coefficients {@code c_k = f^(k)(x0) / k!} for k = 0..order, by the recurrences of each
 * operation (Cauchy products, and for exp, log, sqrt, powers, sin/cos, sinh/cosh, tanh and
 * atan their derivative identities), O(order^2) per node of the expression DAG. High-order
 * coefficients of a user's f come from here, not from f^(k) as expressions: the simplified
 * 8th derivative of {@code x/(x+a)} has 5,597 operations.
 */
public final class Jets {
    private final int order;
    private final double x0;
    private final Map<String, Double> parameters;
    private final Map<Expr, double[]> memo = new IdentityHashMap<>();

    private Jets(int order, double x0, Map<String, Double> parameters) {
        this.order = order;
        this.x0 = x0;
        this.parameters = parameters;
    }

    /**
     * The Taylor coefficients of {@code f} about {@code x0} up to {@code order}.
     *
     * @param f an expression in x (and parameters)
     * @param x0 the point
     * @param order the highest coefficient, at least 0
     * @param parameters the parameters' values
     * @return {@code c[k] = f^(k)(x0) / k!}
     */
    public static double[] of(Expr f, double x0, int order, Map<String, Double> parameters) {
        return new Jets(order, x0, parameters).jet(f);
    }

    private double[] jet(Expr e) {
        double[] known = memo.get(e);
        if (known != null) {
            return known;
        }
        double[] c = compute(e);
        memo.put(e, c);
        return c;
    }

    private double[] constant(double v) {
        double[] c = new double[order + 1];
        c[0] = v;
        return c;
    }

    private double[] compute(Expr e) {
        switch (e.op()) {
            case CONSTANT:
                return constant(e.value());
            case VARIABLE: {
                if (!e.name().equals(ExpressionParser.X)) {
                    return constant(parameters.get(e.name()));
                }
                double[] c = constant(x0);
                if (order > 0) {
                    c[1] = 1;
                }
                return c;
            }
            case SUM: {
                double[] s = new double[order + 1];
                for (Expr a : e.arguments()) {
                    double[] t = jet(a);
                    for (int k = 0; k <= order; k++) {
                        s[k] += t[k];
                    }
                }
                return s;
            }
            case PRODUCT: {
                double[] p = null;
                for (Expr a : e.arguments()) {
                    p = p == null ? jet(a).clone() : multiply(p, jet(a));
                }
                return p;
            }
            case NEGATE: {
                double[] t = jet(e.argument(0));
                double[] n = new double[order + 1];
                for (int k = 0; k <= order; k++) {
                    n[k] = -t[k];
                }
                return n;
            }
            case QUOTIENT:
                return divide(jet(e.argument(0)), jet(e.argument(1)));
            case POWER: {
                int k = e.exponent();
                double[] base = jet(e.argument(0));
                double[] p = constant(1);
                double[] square = base;
                for (int m = Math.abs(k); m != 0; m >>>= 1) {
                    if ((m & 1) != 0) {
                        p = multiply(p, square);
                    }
                    if (m > 1) {
                        square = multiply(square, square);
                    }
                }
                return k < 0 ? divide(constant(1), p) : p;
            }
            case REAL_POWER: {
                Expr y = e.argument(1);
                double[] a = jet(e.argument(0));
                if (y.op() == io.github.eigengrad.generator.expr.Op.CONSTANT) {
                    return constantPower(a, y.value());
                }
                return exp(multiply(jet(y), log(a)), false);
            }
            case EXP:
                return exp(jet(e.argument(0)), false);
            case EXPM1:
                return exp(jet(e.argument(0)), true);
            case LOG:
                return log(jet(e.argument(0)));
            case LOG1P: {
                double[] a = jet(e.argument(0));
                double[] onePlus = a.clone();
                onePlus[0] += 1;
                double[] l = log(onePlus);
                l[0] = Math.log1p(a[0]);
                return l;
            }
            case SQRT:
                return constantPower(jet(e.argument(0)), 0.5);
            case SIN:
                return sinCos(jet(e.argument(0)), false)[0];
            case COS:
                return sinCos(jet(e.argument(0)), false)[1];
            case SINH:
                return sinCos(jet(e.argument(0)), true)[0];
            case COSH:
                return sinCos(jet(e.argument(0)), true)[1];
            case TANH:
                return tanh(jet(e.argument(0)));
            case ATAN:
                return atan(jet(e.argument(0)));
            default:
                throw new IllegalArgumentException("no Taylor series for " + e.op());
        }
    }

    private double[] multiply(double[] a, double[] b) {
        double[] p = new double[order + 1];
        for (int k = 0; k <= order; k++) {
            double s = 0;
            for (int j = 0; j <= k; j++) {
                s += a[j] * b[k - j];
            }
            p[k] = s;
        }
        return p;
    }

    private double[] divide(double[] a, double[] b) {
        double[] q = new double[order + 1];
        for (int k = 0; k <= order; k++) {
            double s = a[k];
            for (int j = 1; j <= k; j++) {
                s -= b[j] * q[k - j];
            }
            q[k] = s / b[0];
        }
        return q;
    }

    /** exp(a), or expm1(a) with the constant term exp(a0) - 1 computed as such. */
    private double[] exp(double[] a, boolean minusOne) {
        double[] e = new double[order + 1];
        e[0] = Math.exp(a[0]);
        for (int k = 1; k <= order; k++) {
            double s = 0;
            for (int j = 1; j <= k; j++) {
                s += j * a[j] * e[k - j];
            }
            e[k] = s / k;
        }
        if (minusOne) {
            e[0] = Math.expm1(a[0]);
        }
        return e;
    }

    private double[] log(double[] a) {
        double[] l = new double[order + 1];
        l[0] = Math.log(a[0]);
        for (int k = 1; k <= order; k++) {
            double s = 0;
            for (int j = 1; j < k; j++) {
                s += j * l[j] * a[k - j];
            }
            l[k] = (a[k] - s / k) / a[0];
        }
        return l;
    }

    /** a^y for a constant y: p_k = (1 / (k a_0)) sum_{j<k} (y (k - j) - j) a_(k-j) p_j. */
    private double[] constantPower(double[] a, double y) {
        double[] p = new double[order + 1];
        p[0] = y == 0.5 ? Math.sqrt(a[0]) : Math.pow(a[0], y);
        for (int k = 1; k <= order; k++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += (y * (k - j) - j) * a[k - j] * p[j];
            }
            p[k] = s / (k * a[0]);
        }
        return p;
    }

    /** {sin a, cos a}, or {sinh a, cosh a}: s' = c a', c' = -+ s a'. */
    private double[][] sinCos(double[] a, boolean hyperbolic) {
        double[] s = new double[order + 1];
        double[] c = new double[order + 1];
        s[0] = hyperbolic ? Math.sinh(a[0]) : Math.sin(a[0]);
        c[0] = hyperbolic ? Math.cosh(a[0]) : Math.cos(a[0]);
        for (int k = 1; k <= order; k++) {
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

    /** t = tanh a: t' = (1 - t^2) a', the square built as the coefficients come. */
    private double[] tanh(double[] a) {
        double[] t = new double[order + 1];
        double[] d = new double[order + 1]; // 1 - t^2
        t[0] = Math.tanh(a[0]);
        d[0] = 1 - t[0] * t[0];
        for (int k = 1; k <= order; k++) {
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

    /** t = atan a: t' = a' / (1 + a^2). */
    private double[] atan(double[] a) {
        double[] u = multiply(a, a);
        u[0] += 1;
        double[] derivative = new double[order + 1]; // a'
        for (int k = 0; k < order; k++) {
            derivative[k] = (k + 1) * a[k + 1];
        }
        double[] q = divide(derivative, u);
        double[] t = new double[order + 1];
        t[0] = Math.atan(a[0]);
        for (int k = 1; k <= order; k++) {
            t[k] = q[k - 1] / k;
        }
        return t;
    }
}
