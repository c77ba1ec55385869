package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianEigensolver;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixed-size Hermitian formulas (docs/math.md section 13, complex values as pairs of real
 * expressions) against independent oracles at the runtime's gauge-fixed decomposition: central
 * differences of a phase-dependent loss {@code <lambdaBar, lambda> + Re <VBar, V>} in the real
 * and the imaginary part of every entry of A (analytic method, separated spectra, relative
 * 1e-6), the same for the pushforward's tangents, and the dot-product identity between the
 * pushforward and the pullback for every method (1e-12); the index-notation definitions for
 * any n agree with the fixed sizes.
 */
class HermitianFormulasTest {
    private static final HermitianEigensolver ANY = HermitianCases.ANY;

    static Bindings bind(HermitianEigendecomposition e, double[] lb, double[] vb, double[] aDot) {
        int n = e.size();
        Bindings b = new Bindings().vector(EigenInputs.LAMBDA, e.values())
                .complexMatrix(HermitianFormulas.V, e.vectorsInterleaved(), n).scalar("K", 19);
        if (lb != null) {
            b.vector(EigenInputs.LAMBDA_BAR, lb).complexMatrix(HermitianFormulas.V_BAR, vb, n);
        }
        if (aDot != null) {
            b.complexMatrix(HermitianFormulas.A_DOT, aDot, n);
        }
        return b;
    }

    /** ABar from the formula, interleaved, both triangles. */
    static double[] gradient(Formula f, Expr.Environment env, int n) {
        double[] g = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double re = f.output(SymbolicMatrix.entryName(HermitianFormulas.A_BAR + "Re", i, j, n)).evaluate(env);
                double im = f.output(SymbolicMatrix.entryName(HermitianFormulas.A_BAR + "Im", i, j, n)).evaluate(env);
                g[2 * (i * n + j)] = re;
                g[2 * (i * n + j) + 1] = im;
                g[2 * (j * n + i)] = re;
                g[2 * (j * n + i) + 1] = -im;
            }
        }
        return g;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void pullbackMatchesCentralDifferencesOfAPhaseDependentLoss(int n) {
        SplittableRandom random = new SplittableRandom(130 + n);
        Formula f = HermitianFormulas.pullback(n, new EigenFormulas.Analytic(), true);
        for (int trial = 0; trial < 5; trial++) {
            double[] a = HermitianCases.matrix(n, random);
            double[] lb = HermitianCases.vector(n, random);
            double[] vb = HermitianCases.vector(2 * n * n, random);
            HermitianEigendecomposition e = ANY.decompose(a, n);
            double[] g = gradient(f, bind(e, lb, vb, null), n);
            double max = 0;
            for (double x : g) {
                max = Math.max(max, Math.abs(x));
            }
            double h = 1e-6;
            for (int k = 0; k < a.length; k++) {
                double[] plus = a.clone();
                double[] minus = a.clone();
                plus[k] += h;
                minus[k] -= h;
                double fd = (HermitianCases.loss(plus, n, lb, vb) - HermitianCases.loss(minus, n, lb, vb)) / (2 * h);
                assertEquals(fd, g[k], 1e-6 * Math.max(1, max), "n=" + n + " trial " + trial + " entry " + k / 2
                        + (k % 2 == 0 ? " re" : " im"));
            }
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void pushforwardMatchesCentralDifferences(int n) {
        SplittableRandom random = new SplittableRandom(230 + n);
        Formula f = HermitianFormulas.pushforward(n, new EigenFormulas.Analytic(), true);
        for (int trial = 0; trial < 5; trial++) {
            double[] a = HermitianCases.matrix(n, random);
            double[] aDot = HermitianCases.vector(2 * n * n, random);
            HermitianEigendecomposition e = ANY.decompose(a, n);
            Bindings env = bind(e, null, null, aDot);
            double h = 1e-6;
            double[] plus = a.clone();
            double[] minus = a.clone();
            for (int k = 0; k < a.length; k++) {
                plus[k] += h * aDot[k];
                minus[k] -= h * aDot[k];
            }
            HermitianEigendecomposition ep = ANY.decompose(plus, n);
            HermitianEigendecomposition em = ANY.decompose(minus, n);
            for (int i = 0; i < n; i++) {
                assertEquals((ep.value(i) - em.value(i)) / (2 * h), f.output(EigenInputs.LAMBDA_DOT + i).evaluate(env),
                        1e-6, "lambdaDot " + i);
            }
            double[] vp = ep.vectorsInterleaved();
            double[] vm = em.vectorsInterleaved();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int k = 2 * (i * n + j);
                    assertEquals((vp[k] - vm[k]) / (2 * h), f.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT
                            + "Re", i, j, n)).evaluate(env), 1e-6, "Re vDot " + i + j);
                    assertEquals((vp[k + 1] - vm[k + 1]) / (2 * h), f.output(SymbolicMatrix.entryName(
                            HermitianFormulas.V_DOT + "Im", i, j, n)).evaluate(env), 1e-6, "Im vDot " + i + j);
                }
            }
        }
    }

    /** The index-notation definitions for any n evaluate to the fixed-size formulas, both directions. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analytic", "power-iteration", "adaptive", "paper"})
    void generalDefinitionsAgreeWithTheFixedSizes(String method) {
        EigenFormulas.Method m = switch (method) {
            case "analytic" -> new EigenFormulas.Analytic();
            case "adaptive" -> new EigenFormulas.Adaptive(Expr.variable("tolerance"), Expr.variable("maxIterations"));
            default -> new EigenFormulas.PowerIteration(Expr.variable("K"));
        };
        boolean eigenvalueTerm = !method.equals("paper");
        SplittableRandom random = new SplittableRandom(method.hashCode() + 5);
        for (int n = 1; n <= 4; n++) {
            double[] a = HermitianCases.matrix(n, random);
            double[] lb = HermitianCases.vector(n, random);
            double[] vb = HermitianCases.vector(2 * n * n, random);
            double[] aDot = HermitianCases.vector(2 * n * n, random);
            HermitianEigendecomposition e = ANY.decompose(a, n);
            Bindings env = bind(e, lb, vb, aDot).scalar("tolerance", 1e-10).scalar("maxIterations", 1000);
            double[] v = e.vectorsInterleaved();
            java.util.Map<String, double[]> arrays = new java.util.HashMap<>();
            java.util.Map<String, int[]> shapes = new java.util.HashMap<>();
            arrays.put("lambda", e.values());
            arrays.put("lambdaBar", lb);
            shapes.put("lambda", new int[] {n});
            shapes.put("lambdaBar", new int[] {n});
            for (String[] part : new String[][] {{"Vr", "0"}, {"Vi", "1"}, {"VBr", "0"}, {"VBi", "1"}, {"ADr", "0"},
                {"ADi", "1"}}) {
                double[] source = part[0].startsWith("V") && !part[0].startsWith("VB") ? v
                        : part[0].startsWith("VB") ? vb : aDot;
                double[] x = new double[n * n];
                for (int q = 0; q < n * n; q++) {
                    x[q] = source[2 * q + Integer.parseInt(part[1])];
                }
                arrays.put(part[0], x);
                shapes.put(part[0], new int[] {n, n});
            }
            java.util.Map<String, Double> scalars = java.util.Map.of("n", (double) n, "K", 19.0, "tolerance", 1e-10,
                    "maxIterations", 1000.0);
            IndexEvaluator back = new IndexEvaluator(HermitianFormulas.pullback(Formula.GENERAL, m, eigenvalueTerm)
                    .definitions(), scalars, arrays, shapes);
            IndexEvaluator forth = new IndexEvaluator(HermitianFormulas.pushforward(Formula.GENERAL, m, eigenvalueTerm)
                    .definitions(), scalars, arrays, shapes);
            double[] g = gradient(HermitianFormulas.pullback(n, m, eigenvalueTerm), env, n);
            Formula fixedForth = HermitianFormulas.pushforward(n, m, eigenvalueTerm);
            for (int i = 0; i < n; i++) {
                assertEquals(fixedForth.output(EigenInputs.LAMBDA_DOT + i).evaluate(env),
                        forth.entry(EigenInputs.LAMBDA_DOT, i), 1e-12, method + " n=" + n + " lambdaDot " + i);
                for (int j = 0; j < n; j++) {
                    int k = 2 * (i * n + j);
                    assertEquals(g[k], back.entry(HermitianFormulas.A_BAR + "Re", i, j), 1e-12, method + " Re aBar");
                    assertEquals(g[k + 1], back.entry(HermitianFormulas.A_BAR + "Im", i, j), 1e-12, method + " Im aBar");
                    assertEquals(fixedForth.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Re", i, j, n))
                            .evaluate(env), forth.entry(HermitianFormulas.V_DOT + "Re", i, j), 1e-12, "Re vDot");
                    assertEquals(fixedForth.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Im", i, j, n))
                            .evaluate(env), forth.entry(HermitianFormulas.V_DOT + "Im", i, j), 1e-12, "Im vDot");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analytic", "power-iteration", "adaptive", "paper"})
    void pushforwardIsTheTransposeOfThePullback(String method) {
        EigenFormulas.Method m = switch (method) {
            case "analytic" -> new EigenFormulas.Analytic();
            case "adaptive" -> new EigenFormulas.Adaptive(Expr.constant(1e-10), Expr.constant(1000));
            default -> new EigenFormulas.PowerIteration(Expr.constant(19));
        };
        boolean eigenvalueTerm = !method.equals("paper");
        SplittableRandom random = new SplittableRandom(method.hashCode());
        int checked = 0;
        for (int n = 1; n <= 4; n++) {
            Formula back = HermitianFormulas.pullback(n, m, eigenvalueTerm);
            Formula forth = HermitianFormulas.pushforward(n, m, eigenvalueTerm);
            for (int trial = 0; trial < 4; trial++) {
                double[] a = HermitianCases.matrix(n, random);
                if (trial == 3 && n > 1 && !method.equals("analytic")) { // a tie: the series stays finite
                    a[2] = 0;
                    a[3] = 0;
                    a[2 * n] = 0;
                    a[2 * n + 1] = 0;
                    a[2 * (n + 1)] = a[0];
                }
                double[] lb = HermitianCases.vector(n, random);
                double[] vb = HermitianCases.vector(2 * n * n, random);
                double[] aDot = HermitianCases.vector(2 * n * n, random);
                HermitianEigendecomposition e = ANY.decompose(a, n);
                Bindings env = bind(e, lb, vb, aDot);
                double[] g = gradient(back, env, n);
                double right = 0;
                for (int k = 0; k < g.length; k++) {
                    right += g[k] * aDot[k];
                }
                double left = 0;
                for (int i = 0; i < n; i++) {
                    left += lb[i] * forth.output(EigenInputs.LAMBDA_DOT + i).evaluate(env);
                    for (int j = 0; j < n; j++) {
                        int k = 2 * (i * n + j);
                        left += vb[k] * forth.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Re", i, j, n))
                                .evaluate(env);
                        left += vb[k + 1] * forth.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Im", i, j,
                                n)).evaluate(env);
                    }
                }
                assertTrue(Double.isFinite(left) && Double.isFinite(right), method + " n=" + n + " finite");
                assertEquals(left, right, 1e-12 * Math.max(1, Math.abs(left)), method + " n=" + n + " trial " + trial);
                checked++;
            }
        }
        assertEquals(16, checked);
    }
}
