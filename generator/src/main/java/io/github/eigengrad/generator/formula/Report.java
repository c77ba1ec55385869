package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.formula.EigenFormulas.PowerIteration;
import io.github.eigengrad.generator.expr.Expr;
import java.util.List;
import java.util.function.Function;

/**
 * The section-5 report of a pullback (docs/math.md), written once for both spellings of a
 * spectrum: explicit entries for a fixed n ({@link EigenFormulas#rule}) and index notation
 * for any n ({@link GeneralN#ruleDefinitions}). A {@link Spectrum} says how to range over
 * the pairs and how to take a norm; the report says what is reported.
 */
final class Report {
    private Report() {}

    /** One pair i &lt; j: its shifted values, its K, and its series coefficient F^(K)_ji. */
    record Pair(Expr muI, Expr muJ, Expr k, Expr coefficient) {}

    /** A spectrum as the report reads it. */
    interface Spectrum {
        /** The largest of {@code start} and {@code body} over the pairs i &lt; j (start when there is none). */
        Expr maxOverPairs(Expr start, Function<Pair, Expr> body);

        /** The 2-norm of the cotangent of the vectors (Frobenius) or of the values, without over- or underflow. */
        Expr norm(boolean vectors);
    }

    /**
     * {@code iterationsUsed} (K, or the largest K_ij; -1 for analytic), {@code maxPairError}
     * (the largest r^K; 0 for analytic) and {@code gradientBound} ({@code max F^(K)_ji
     * ||vBar||_F}, plus {@code ||lambdaBar||} with the eigenvalue term; -1 for analytic), in
     * this order and computed in this order. The shift is the caller's (0 for analytic).
     */
    static List<Expr> of(Method method, boolean eigenvalueTerm, Spectrum spectrum) {
        if (method instanceof Analytic) {
            return List.of(Expr.MINUS_ONE, Expr.ZERO, Expr.MINUS_ONE);
        }
        Expr used = method instanceof PowerIteration p ? p.k() : spectrum.maxOverPairs(Expr.ONE, Pair::k);
        Expr maxError = spectrum.maxOverPairs(Expr.ZERO,
                pair -> EigenFormulas.pairError(pair.muI(), pair.muJ(), pair.k()));
        Expr bound = Expr.product(spectrum.maxOverPairs(Expr.ZERO, Pair::coefficient), spectrum.norm(true));
        if (eigenvalueTerm) {
            bound = Expr.sum(bound, spectrum.norm(false));
        }
        return List.of(used, maxError, bound);
    }
}
