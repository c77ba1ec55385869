package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.PowerIteration;
import java.util.List;

/**
 * The formulas by name, as {@code eigengrad derive} and the build plugins offer them.
 *
 * <ul>
 *   <li>{@code eq8}: the power-iteration pullback for all eigenvectors (F^(K));
 *   <li>{@code eq8-power}, {@code eq8-spectral}: Eq. 8 for the dominant eigenvector, matrix-power and spectral forms;
 *   <li>{@code eq10}: the analytic pullback;
 *   <li>{@code eq14}: the per-pair K rule, the pair errors and the shift;
 *   <li>{@code rayleigh}: the Rayleigh quotient and its derived gradient;
 *   <li>{@code pi-steps}: the derived gradient of K unrolled power-iteration steps;
 *   <li>{@code jvp}, {@code jvp-analytic}, {@code jvp-adaptive}: the pushforward (forward mode) with
 *       F^(K), the analytic F, or per-pair K (docs/math.md section 9);
 *   <li>{@code generalized-*}: the generalised problem (docs/math.md section 12);
 *   <li>{@code hermitian-*}: complex Hermitian matrices in the phase gauge (docs/math.md section 13).
 * </ul>
 */
public final class FormulaCatalog {
    public static final List<String> IDS = List.of("eq8", "eq8-power", "eq8-spectral", "eq10", "eq14", "rayleigh",
            "pi-steps", "jvp", "jvp-analytic", "jvp-adaptive", "generalized-pullback", "generalized-pullback-analytic",
            "generalized-pushforward", "generalized-pushforward-analytic", "hermitian-pullback",
            "hermitian-pullback-analytic", "hermitian-pushforward", "hermitian-pushforward-analytic");
    /** The largest fixed size offered: the expressions grow as n^4. */
    public static final int MAX_SIZE = 8;
    /** Unrolled power iteration grows with K and n; beyond these it is unreadable anyway. */
    public static final int MAX_PI_STEPS_SIZE = 4;
    public static final int MAX_PI_STEPS = 8;
    /** eq8-power unrolls K - 1 matrix-vector products; the series form (eq8) takes any K. */
    public static final int MAX_POWER_FORM_ITERATIONS = 256;

    private FormulaCatalog() {}

    /**
     * What may be chosen besides the formula and the size; null means the default: K symbolic
     * (19 for {@code eq8-power}, 3 for {@code pi-steps}), tolerance and Kmax symbolic.
     */
    public record Options(Integer iterations, boolean eigenvalueTerm, Double tolerance, Integer maxIterations) {
        public static final Options DEFAULTS = new Options(null, true, null, null);
    }

    /**
     * The formula {@code id} at size {@code size} (or {@link Formula#GENERAL} for the
     * index-notation definition alone).
     *
     * @throws IllegalArgumentException naming the problem: unknown id, size out of range, K &lt; 1
     */
    public static Formula build(String id, int size, Options options) {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown formula '" + id + "'; choose one of " + String.join(", ", IDS));
        }
        if (size != Formula.GENERAL && (size < 1 || size > MAX_SIZE)) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + " or general, got " + size);
        }
        if (options.iterations() != null && options.iterations() < 1) {
            throw new IllegalArgumentException("iterations (K) must be >= 1, got " + options.iterations());
        }
        if (options.tolerance() != null && !(options.tolerance() > 0 && options.tolerance() < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + options.tolerance());
        }
        if (options.maxIterations() != null && options.maxIterations() < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + options.maxIterations());
        }
        Expr k = options.iterations() == null ? EigenFormulas.iterationsVariable() : Expr.constant(options.iterations());
        Expr tolerance = options.tolerance() == null ? Expr.variable("tolerance") : Expr.constant(options.tolerance());
        Expr kmax = options.maxIterations() == null ? Expr.variable("maxIterations")
                : Expr.constant(options.maxIterations());
        switch (id) {
            case "eq8":
                return EigenFormulas.pullback(size, new PowerIteration(k), options.eigenvalueTerm());
            case "eq10":
                return EigenFormulas.pullback(size, new Analytic(), options.eigenvalueTerm());
            case "jvp":
                return PushforwardFormulas.pushforward(size, new PowerIteration(k), options.eigenvalueTerm());
            case "jvp-analytic":
                return PushforwardFormulas.pushforward(size, new Analytic(), options.eigenvalueTerm());
            case "jvp-adaptive":
                return PushforwardFormulas.pushforward(size, new EigenFormulas.Adaptive(tolerance, kmax),
                        options.eigenvalueTerm());
            case "eq14":
                return Derivations.iterationRule(size, tolerance, kmax);
            case "eq8-power":
                if (options.iterations() != null && options.iterations() > MAX_POWER_FORM_ITERATIONS) {
                    throw new IllegalArgumentException("eq8-power unrolls K - 1 matrix-vector products and is offered "
                            + "up to K = " + MAX_POWER_FORM_ITERATIONS + ", got " + options.iterations()
                            + "; eq8 (the series) takes any K");
                }
                return Derivations.matrixPowerForm(size,
                        options.iterations() == null ? (int) RuleDefaults.ITERATIONS : options.iterations());
            case "eq8-spectral":
                return Derivations.spectralForm(size, k);
            case "generalized-pullback":
                return GeneralizedFormulas.pullback(size, new PowerIteration(k), options.eigenvalueTerm());
            case "generalized-pullback-analytic":
                return GeneralizedFormulas.pullback(size, new Analytic(), options.eigenvalueTerm());
            case "generalized-pushforward":
                return GeneralizedFormulas.pushforward(size, new PowerIteration(k), options.eigenvalueTerm());
            case "generalized-pushforward-analytic":
                return GeneralizedFormulas.pushforward(size, new Analytic(), options.eigenvalueTerm());
            case "hermitian-pullback":
                return HermitianFormulas.pullback(size, new PowerIteration(k), options.eigenvalueTerm());
            case "hermitian-pullback-analytic":
                return HermitianFormulas.pullback(size, new Analytic(), options.eigenvalueTerm());
            case "hermitian-pushforward":
                return HermitianFormulas.pushforward(size, new PowerIteration(k), options.eigenvalueTerm());
            case "hermitian-pushforward-analytic":
                return HermitianFormulas.pushforward(size, new Analytic(), options.eigenvalueTerm());
            case "rayleigh":
                requireFixed(id, size);
                return Derivations.rayleighQuotient(size);
            default: {
                requireFixed(id, size);
                int steps = options.iterations() == null ? 3 : options.iterations();
                if (size > MAX_PI_STEPS_SIZE || steps > MAX_PI_STEPS) {
                    throw new IllegalArgumentException("pi-steps is offered up to size " + MAX_PI_STEPS_SIZE + " and K = "
                            + MAX_PI_STEPS + ", got size " + size + " and K = " + steps);
                }
                return Derivations.powerIterationSteps(size, steps);
            }
        }
    }

    private static void requireFixed(String id, int size) {
        if (size == Formula.GENERAL) {
            throw new IllegalArgumentException(id + " is derived at a fixed size; give --size 1.." + MAX_SIZE);
        }
    }
}
