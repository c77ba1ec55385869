package io.github.eigengrad.generator.formula;

import static io.github.eigengrad.generator.expr.Expr.entry;
import static io.github.eigengrad.generator.expr.Expr.variable;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-k pullback's complement series and its bound (docs/math.md section 6), as an
 * index-notation procedure over the top k pairs: inputs the symmetric {@code M[i][j]},
 * {@code lambda[a]}, {@code V[i][a]} and {@code VBar[i][a]} (n x k), {@code lambdaBar[a]},
 * the counts {@code n}, {@code k} and {@code K}; output {@code aBar[i][j]}, added to.
 * For each top pair a: {@code u_0 = P vBar_a / lambda_a}, {@code u_{s+1} = P M u_s / lambda_a},
 * {@code w = sum_{s<K} u_s}, {@code aBar += (w v_a^T + v_a w^T) / 2}, with
 * {@code P = I - V_k V_k^T} applied at every step (a component along the top eigenvectors
 * would otherwise grow by {@code (lambda_1 / lambda_a)^s}).
 */
public final class TopKFormulas {
    /** The index variables and counts of the procedure (int arithmetic). */
    public static final java.util.Set<String> INDICES = java.util.Set.of("i", "j", "a", "b", "s", "n", "k", "K");

    private static final Expr I = variable("i");
    private static final Expr J = variable("j");
    private static final Expr A = variable("a");
    private static final Expr B = variable("b");
    private static final Expr S = variable("s");
    private static final Expr N = variable("n");
    private static final Expr K_TOP = variable("k");
    private static final Expr K_TERMS = variable("K");

    private TopKFormulas() {}

    private static Expr last(Expr count) {
        return Expr.difference(count, Expr.ONE);
    }

    /** {@code Vt[b][i] = V[i][b]} for the top k: the eigenvectors as rows. */
    private static Expr vt(Expr row, Expr col) {
        return entry("Vt", row, col);
    }

    /** {@code x <- x - (v_b . x) v_b} for b = 0 .. k - 1 in turn (modified Gram-Schmidt). */
    private static Step project(String x) {
        Expr dot = Expr.indexSum("i", Expr.ZERO, last(N), Expr.product(vt(B, I), entry(x, I)));
        return new Step.Repeat("b", Expr.ZERO, last(K_TOP), List.of(
                Step.define("dot", dot),
                Step.define(x, Expr.difference(entry(x, I), Expr.product(variable("dot"), vt(B, I))), "i")));
    }

    /** The complement series of every top pair, added to {@code aBar}. */
    public static List<Step> complement() {
        List<Step> series = List.of(
                new Step.Add(IndexDefinition.of("w", entry("u", I), "i")),
                new Step.When(Comparison.LT, S, last(K_TERMS), List.of(
                        // (u_j / lambda_a) M_ji, the scaled u named first: one multiplication per j
                        Step.define("us", Expr.product(entry("u", I), variable("inverse")), "i"),
                        Step.define("next", Expr.indexSum("j", Expr.ZERO, last(N),
                                Expr.product(entry("us", J), entry("M", J, I))), "i"),
                        project("next"),
                        Step.define("u", entry("next", I), "i"))));
        List<Step> pair = List.of(
                Step.define("inverse", Expr.quotient(Expr.ONE, entry("lambda", A))),
                Step.define("u", Expr.product(entry("VBar", I, A), variable("inverse")), "i"),
                project("u"),
                Step.define("w", Expr.ZERO, "i"),
                new Step.Repeat("s", Expr.ZERO, last(K_TERMS), series),
                Step.define("hw", Expr.product(Expr.HALF, entry("w", I)), "i"),
                Step.define("hv", Expr.product(Expr.HALF, vt(A, I)), "i"),
                new Step.Add(IndexDefinition.of(EigenInputs.A_BAR, Expr.sum(Expr.product(entry("hw", I), vt(A, J)),
                        Expr.product(entry("hv", I), entry("w", J))), "i", "j")));
        return List.of(
                new Step.Repeat("b", Expr.ZERO, last(K_TOP), List.of(Step.define("Vt", entry("V", I, B), "b", "i"))),
                new Step.Repeat("a", Expr.ZERO, last(K_TOP), pair));
    }

    /**
     * The bound of docs/math.md section 5 for the top-k pullback: every pair has
     * {@code F <= K / lambda_a <= K / lambda_k}, so {@code ||dL/dA|| <= K / lambda_k ||VBar||_F
     * + ||lambdaBar||} (norms scaled by the largest magnitude, as the rules' reports).
     */
    public static List<Step> bound() {
        List<Step> steps = new ArrayList<>();
        Expr tiny = Expr.constant(Double.MIN_VALUE);
        // VBar's n k entries in row-major order, as one vector: one sum, in the order of the entries
        Expr vBar = entry("vBarEntries", I);
        Expr entries = last(Expr.product(N, K_TOP));
        Expr lambdaBar = entry("lambdaBar", A);
        steps.add(Step.define("vBarMax", Expr.max(tiny, Expr.indexMax("i", Expr.ZERO, entries, Expr.abs(vBar)))));
        steps.add(Step.define("vBarNorm", Expr.product(variable("vBarMax"), Expr.sqrt(Expr.indexSum("i", Expr.ZERO,
                entries, Expr.power(Expr.quotient(vBar, variable("vBarMax")), 2))))));
        steps.add(Step.define("lambdaBarMax", Expr.max(tiny, Expr.indexMax("a", Expr.ZERO, last(K_TOP),
                Expr.abs(lambdaBar)))));
        steps.add(Step.define("lambdaBarNorm", Expr.product(variable("lambdaBarMax"), Expr.sqrt(Expr.indexSum("a",
                Expr.ZERO, last(K_TOP), Expr.power(Expr.quotient(lambdaBar, variable("lambdaBarMax")), 2))))));
        steps.add(Step.define("gradientBound", Expr.sum(Expr.product(Expr.quotient(K_TERMS, entry("lambda",
                last(K_TOP))), variable("vBarNorm")), variable("lambdaBarNorm"))));
        return steps;
    }
}
