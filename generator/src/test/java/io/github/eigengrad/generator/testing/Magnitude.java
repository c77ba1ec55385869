package io.github.eigengrad.generator.testing;

import io.github.eigengrad.generator.expr.Expr;

/**
 * A bound on the size of the intermediate values of an expression: sums add absolute values,
 * so an expression whose value is far below its magnitude suffers cancellation, and rounding
 * differences of order 1e-16 times the magnitude are expected from any rearrangement.
 */
public final class Magnitude {
    private Magnitude() {}

    public static double of(Expr e, double[] point) {
        double value = Math.abs(RandomExpressions.evaluate(e, point));
        switch (e.op()) {
            case SUM: {
                double s = 0;
                for (Expr a : e.arguments()) {
                    s += of(a, point);
                }
                return s;
            }
            case PRODUCT: {
                double p = 1;
                for (Expr a : e.arguments()) {
                    p *= of(a, point);
                }
                return p;
            }
            case NEGATE:
                return of(e.argument(0), point);
            case CONSTANT:
            case VARIABLE:
                return value;
            case SELECT: {
                boolean taken = e.comparison().test(RandomExpressions.evaluate(e.argument(0), point),
                        RandomExpressions.evaluate(e.argument(1), point));
                return of(e.argument(taken ? 2 : 3), point);
            }
            default: {
                // a function or quotient: its value, scaled by how much its arguments cancel
                double worst = 1;
                for (Expr a : e.arguments()) {
                    double av = Math.abs(RandomExpressions.evaluate(a, point));
                    worst = Math.max(worst, of(a, point) / Math.max(av, 1e-300));
                }
                return value * worst;
            }
        }
    }
}
