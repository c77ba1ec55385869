package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenFormulas.Adaptive;
import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.formula.EigenFormulas.PowerIteration;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pushforward formulas are the transpose of the pullback formulas, shown inside the
 * generator: the pullback is linear in the cotangents, so differentiating the scalar
 * {@code <aBar(lambdaBar, vBar), aDot>} by the generator's reverse mode with respect to each
 * cotangent gives the pushforward's output for it. Both are evaluated at random points (ties
 * and indefinite spectra included), and the general-n definitions against the fixed outputs.
 */
class PushforwardFormulasTest {
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int n : new int[] {2, 3}) {
            all.add(Arguments.of(n, "analytic", new Analytic()));
            all.add(Arguments.of(n, "masked", new Analytic(Expr.variable("degeneracyTolerance"))));
            all.add(Arguments.of(n, "power-iteration", new PowerIteration(EigenFormulas.iterationsVariable())));
            all.add(Arguments.of(n, "adaptive", new Adaptive(Expr.variable("tolerance"), Expr.variable("maxIterations"))));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void pushforwardIsTheReverseModeTransposeOfThePullback(int n, String label, Method method) {
        Formula pullback = EigenFormulas.pullback(n, method, true);
        SymbolicMatrix aDot = EigenInputs.tangent(n);
        List<Expr> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                String name = SymbolicMatrix.entryName(EigenInputs.A_BAR, Math.min(i, j), Math.max(i, j), n);
                terms.add(Expr.product(pullback.output(name), aDot.get(i, j)));
            }
        }
        List<String> cotangents = new ArrayList<>();
        List<String> tangents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cotangents.add(EigenInputs.LAMBDA_BAR + i);
            tangents.add(EigenInputs.LAMBDA_DOT + i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cotangents.add(SymbolicMatrix.entryName(EigenInputs.V_BAR, i, j, n));
                tangents.add(SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n));
            }
        }
        Map<String, Expr> transpose = ReverseMode.gradient(Expr.sum(terms), cotangents);
        Formula pushforward = PushforwardFormulas.pushforward(n, method, true);

        SplittableRandom random = new SplittableRandom(n * 7919L + label.hashCode());
        int compared = 0;
        for (int trial = 0; trial < 30; trial++) {
            double[] lambda = TestMatrices.separatedSpectrum(n, trial % 3 != 2, random);
            if (trial % 5 == 4) {
                lambda[1] = lambda[0]; // an exact tie (the analytic formula is then infinite: skipped)
            }
            Bindings b = new Bindings().vector(EigenInputs.LAMBDA, lambda)
                    .matrix(EigenInputs.V, TestMatrices.gaussianMatrix(n, n, random))
                    .matrix(EigenInputs.A_DOT, TestMatrices.gaussianMatrix(n, n, random))
                    .vector(EigenInputs.LAMBDA_BAR, new double[n]).matrix(EigenInputs.V_BAR, new double[n][n])
                    .scalar("K", 1 + random.nextInt(40)).scalar("tolerance", 1e-8).scalar("maxIterations", 500)
                    .scalar("degeneracyTolerance", 1e-8);
            if (label.equals("analytic") && trial % 5 == 4) {
                continue;
            }
            for (int k = 0; k < cotangents.size(); k++) {
                double expected = transpose.get(cotangents.get(k)).evaluate(b);
                double actual = pushforward.output(tangents.get(k)).evaluate(b);
                assertEquals(expected, actual, 1e-12 * (1 + Math.abs(expected)), label + " " + tangents.get(k));
                compared++;
            }
            IndexEvaluator general = new IndexEvaluator(pushforward.definitions(),
                    Map.of("n", (double) n, "K", b.variable("K"), "tolerance", 1e-8, "maxIterations", 500.0,
                            "degeneracyTolerance", 1e-8),
                    Map.of("lambda", lambda, "V", values(b, EigenInputs.V, n), "ADot", values(b, EigenInputs.A_DOT, n)),
                    Map.of("lambda", new int[] {n}, "V", new int[] {n, n}, "ADot", new int[] {n, n}));
            for (int i = 0; i < n; i++) {
                assertEquals(pushforward.output(EigenInputs.LAMBDA_DOT + i).evaluate(b),
                        general.entry(EigenInputs.LAMBDA_DOT, i), 1e-12 * (1 + Math.abs(general.entry("lambdaDot", i))));
                for (int j = 0; j < n; j++) {
                    double fixed = pushforward.output(SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n)).evaluate(b);
                    assertEquals(fixed, general.entry(EigenInputs.V_DOT, i, j), 1e-12 * (1 + Math.abs(fixed)),
                            label + " general vDot");
                }
            }
        }
        int trials = label.equals("analytic") ? 24 : 30;
        assertEquals(trials * (n + n * n), compared, "every output of every trial compared");
    }

    private static double[] values(Bindings b, String prefix, int n) {
        double[] x = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i * n + j] = b.variable(SymbolicMatrix.entryName(prefix, i, j, n));
            }
        }
        return x;
    }
}
