package io.github.eigengrad.generator.parse;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.BigEvaluation;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether a user's f, as written, can be served by the recipe of docs/math.md section 14. The
 * closed form's bound assumes f evaluates in double to within a few units of its own size;
 * an expression that cancels (log(1 + exp(x)) for x far below 0, where 1 + exp(x) rounds to
 * 1) breaks that, and then the closed form of f[1] can be wrong in every digit. Checked
 * before a function is generated: at sample points of its domain, f in double (the
 * simplified expression the generated code evaluates) against 70 digits, in units of
 * {@code u (|f| + |f'|)} (the scale of f[1] for a gap of order one), u = 2^-53.
 */
public final class Conditioning {
    /** The most units of error accepted (a few for each of the operations of a short expression). */
    public static final double MAX_UNITS = 64;
    private static final double U = 0x1p-53;

    private Conditioning() {}

    /**
     * The worst sample point: {@code {x, units}}, or null if f has parameters without values
     * (checked once they have values) or no sample point lies in the domain.
     *
     * @param f the parsed function
     * @return the worst point and its error in units, or null
     */
    public static double[] worst(SpectralFunction f) {
        if (f.values().values().stream().anyMatch(v -> v == null || Double.isNaN(v))) {
            return null;
        }
        Expr simplified = Simplifier.simplify(f.f());
        Expr derivative = ReverseMode.gradient(simplified, List.of(ExpressionParser.X)).get(ExpressionParser.X);
        Expr fPrime = derivative == null ? Expr.ZERO : Simplifier.simplify(derivative);
        double[] worst = null;
        for (double x : samples(f.domain())) {
            try {
                f.domain().check(0, x, f.values());
            } catch (IllegalArgumentException outside) {
                continue;
            }
            double value = simplified.evaluate(name -> name.equals(ExpressionParser.X) ? x : f.values().get(name));
            double slope = fPrime.evaluate(name -> name.equals(ExpressionParser.X) ? x : f.values().get(name));
            double scale = Math.abs(value) + Math.abs(slope);
            if (!Double.isFinite(value) || !Double.isFinite(slope) || scale < 0x1p-900) {
                continue; // beyond the double range: the runtime's checks report it at that eigenvalue
            }
            BigDecimal exact = BigEvaluation.evaluate(f.f(), x, f.values());
            double units = exact.subtract(new BigDecimal(value)).abs().doubleValue() / (U * scale);
            if (worst == null || units > worst[1]) {
                worst = new double[] {x, units};
            }
        }
        return worst;
    }

    /**
     * Fails with an {@link ExpressionException} naming the worst point if f loses more than
     * {@link #MAX_UNITS} there.
     *
     * @param f the parsed function
     */
    public static void require(SpectralFunction f) {
        double[] worst = worst(f);
        if (worst != null && worst[1] > MAX_UNITS) {
            throw new ExpressionException(0, "f(x) = " + f.text().strip() + " loses accuracy as written: at x = "
                    + worst[0] + " it is off by " + String.format(java.util.Locale.ROOT, "%.3g", worst[1])
                    + " units of u (|f| + |f'|) (at most " + (int) MAX_UNITS + " are accepted), so its divided "
                    + "differences could not be trusted; rewrite it without the cancellation (log1p(t) for "
                    + "log(1 + t), expm1(t) for exp(t) - 1, ...) or declare a domain that avoids x = " + worst[0]);
        }
    }

    /**
     * Points of the declared interval: a dyadic grid of [-10, 10] in steps of 1/16, powers
     * {@code +-10^k} (k = -8..2, halves included), and 64 points across a bounded interval.
     */
    static double[] samples(Domain d) {
        TreeSet<Double> points = new TreeSet<>();
        for (int i = -160; i <= 160; i++) {
            points.add(i / 16.0);
        }
        for (int k = -8; k <= 2; k++) {
            for (double m : new double[] {1, 0.5}) {
                double p = m * Math.pow(10, k);
                points.add(p);
                points.add(-p);
            }
        }
        if (d.low() != null && d.high() != null) {
            for (int i = 1; i < 64; i++) {
                points.add(d.low() + (d.high() - d.low()) * i / 64);
            }
        }
        for (Double bound : new Double[] {d.low(), d.high()}) {
            if (bound != null) {
                points.add(bound);
            }
        }
        return points.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
