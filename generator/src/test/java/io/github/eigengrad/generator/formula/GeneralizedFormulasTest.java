package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedPullbackResult;
import io.github.eigengrad.runtime.GeneralizedPushforwardResult;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The printed formulas of the generalised problem (docs/math.md section 12) evaluate to what
 * the runtime computes (which is held to central differences and the chain rule through
 * Cholesky in the runtime's tests), for the analytic and the power-iteration methods, with and
 * without the eigenvalue term; the fused general-n definitions of both directions evaluate to
 * the fixed-size formulas.
 */
class GeneralizedFormulasTest {
    @ParameterizedTest(name = "{0}, n = {1}, eigenvalue term {2}")
    @CsvSource({"analytic, 2, true", "analytic, 3, true", "analytic, 3, false", "power-iteration, 2, true",
        "power-iteration, 3, true", "power-iteration, 3, false"})
    void formulasEvaluateToTheRuntimesDerivatives(String method, int n, boolean eigenvalueTerm) {
        SplittableRandom random = new SplittableRandom(n * 7L + method.hashCode());
        double[][] a = new double[n][n];
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = random.nextDouble(-1, 1);
                a[j][i] = a[i][j];
                b[i][j] = (i == j ? 2 : 0) + random.nextDouble(-0.3, 0.3);
                b[j][i] = b[i][j];
            }
        }
        boolean analytic = method.equals("analytic");
        EigenGradient g = EigenGradient.builder().method(analytic ? EigenGradient.Method.ANALYTIC
                : EigenGradient.Method.POWER_ITERATION).iterations(19).eigenvalueTerm(eigenvalueTerm).build();
        GeneralizedEigendecomposition e = g.decompose(a, b);
        double[] lb = new double[n];
        double[][] vb = new double[n][n];
        double[][] ta = new double[n][n];
        double[][] tb = new double[n][n];
        for (int i = 0; i < n; i++) {
            lb[i] = random.nextDouble(-1, 1);
            for (int j = 0; j < n; j++) {
                vb[i][j] = random.nextDouble(-1, 1);
                ta[i][j] = random.nextDouble(-1, 1);
                tb[i][j] = random.nextDouble(-1, 1);
            }
        }
        Bindings env = new Bindings().vector(EigenInputs.LAMBDA, e.values()).matrix(EigenInputs.V, e.vectors())
                .vector(EigenInputs.LAMBDA_BAR, lb).matrix(EigenInputs.V_BAR, vb).matrix(EigenInputs.A_DOT, ta)
                .matrix(GeneralizedFormulas.B_DOT, tb).scalar("K", 19);
        EigenFormulas.Method m = analytic ? new EigenFormulas.Analytic() : new EigenFormulas.PowerIteration(Expr.constant(19));
        Formula back = GeneralizedFormulas.pullback(n, m, eigenvalueTerm);
        GeneralizedPullbackResult r = g.pullback(e, lb, vb);
        double[][] ga = r.gradient();
        double[][] gb = r.gradientB();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                assertEquals(ga[i][j], back.output(SymbolicMatrix.entryName(EigenInputs.A_BAR, i, j, n)).evaluate(env),
                        1e-12 * Math.max(1, Math.abs(ga[i][j])), "aBar " + i + j);
                assertEquals(gb[i][j], back.output(SymbolicMatrix.entryName(GeneralizedFormulas.B_BAR, i, j, n))
                        .evaluate(env), 1e-12 * Math.max(1, Math.abs(gb[i][j])), "bBar " + i + j);
            }
        }
        // the fused index-notation definitions (general n: four products) against the fixed-size substitution
        Formula fused = GeneralizedFormulas.pullback(Formula.GENERAL, m, eigenvalueTerm);
        double[] flatVb = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vb[i], 0, flatVb, i * n, n);
        }
        IndexEvaluator general = new IndexEvaluator(fused.definitions(), java.util.Map.of("n", (double) n, "K", 19.0),
                java.util.Map.of("lambda", e.values(), "lambdaBar", lb, "V", e.vectorsRowMajor(), "VBar", flatVb),
                java.util.Map.of("lambda", new int[] {n}, "lambdaBar", new int[] {n}, "V", new int[] {n, n},
                        "VBar", new int[] {n, n}));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int lo = Math.min(i, j);
                int hi = Math.max(i, j);
                double a0 = back.output(SymbolicMatrix.entryName(EigenInputs.A_BAR, lo, hi, n)).evaluate(env);
                double b0 = back.output(SymbolicMatrix.entryName(GeneralizedFormulas.B_BAR, lo, hi, n)).evaluate(env);
                assertEquals(a0, general.entry(EigenInputs.A_BAR, i, j), 1e-12 * Math.max(1, Math.abs(a0)),
                        "fused aBar " + i + j);
                assertEquals(b0, general.entry(GeneralizedFormulas.B_BAR, i, j), 1e-12 * Math.max(1, Math.abs(b0)),
                        "fused bBar " + i + j);
            }
        }
        Formula forth = GeneralizedFormulas.pushforward(n, m, eigenvalueTerm);
        GeneralizedPushforwardResult t = g.pushforward(e, ta, tb);
        double[] flatTa = new double[n * n];
        double[] flatTb = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ta[i], 0, flatTa, i * n, n);
            System.arraycopy(tb[i], 0, flatTb, i * n, n);
        }
        IndexEvaluator fusedForth = new IndexEvaluator(GeneralizedFormulas.pushforward(Formula.GENERAL, m,
                eigenvalueTerm).definitions(), java.util.Map.of("n", (double) n, "K", 19.0), java.util.Map.of("lambda",
                e.values(), "V", e.vectorsRowMajor(), "ADot", flatTa, "BDot", flatTb), java.util.Map.of("lambda",
                new int[] {n}, "V", new int[] {n, n}, "ADot", new int[] {n, n}, "BDot", new int[] {n, n}));
        for (int i = 0; i < n; i++) {
            assertEquals(forth.output(EigenInputs.LAMBDA_DOT + i).evaluate(env),
                    fusedForth.entry(EigenInputs.LAMBDA_DOT, i), 1e-12, "fused lambdaDot " + i);
            for (int j = 0; j < n; j++) {
                assertEquals(forth.output(SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n)).evaluate(env),
                        fusedForth.entry(EigenInputs.V_DOT, i, j), 1e-12, "fused vDot " + i + j);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(t.valuesDot()[i], forth.output(EigenInputs.LAMBDA_DOT + i).evaluate(env), 1e-12,
                    "lambdaDot " + i);
            for (int j = 0; j < n; j++) {
                assertEquals(t.vectorsDot()[i][j], forth.output(SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n))
                        .evaluate(env), 1e-12, "vDot " + i + j);
            }
        }
    }
}
