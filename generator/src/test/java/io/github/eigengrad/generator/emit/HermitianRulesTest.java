package io.github.eigengrad.generator.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.HermitianCases;
import io.github.eigengrad.generator.formula.HermitianFormulas;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianEigensolver;
import io.github.eigengrad.runtime.HermitianPullbackRule;
import io.github.eigengrad.runtime.HermitianPushforwardRule;
import io.github.eigengrad.runtime.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code field = complex} (docs/math.md section 13): the emitted general-n Hermitian rules
 * compile without warnings and, for each method, equal the fixed-size formulas evaluated
 * symbolically (n = 2, 3, 4; an independent path: straight expressions against loops), satisfy
 * the dot-product identity with each other at n = 6 (1e-12), follow central differences of a
 * phase-dependent loss at n = 5 (analytic, 1e-6), serve a spectrum of order 2^600 by the scaling
 * identity, and refuse bad arrays by name.
 */
class HermitianRulesTest {
    private static final HermitianEigensolver ANY = HermitianCases.ANY;

    private static Map<String, Object> rules() throws Exception {
        Map<String, RuleSpec> specs = new HashMap<>();
        for (RuleSpec.Method method : RuleSpec.Method.values()) {
            for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
                String name = "com.example.h." + method.name().replace("_", "") + direction.name();
                specs.put(method + "/" + direction, RuleSpec.builder().size(RuleSpec.GENERAL).method(method)
                        .direction(direction).complex(true).className(name).build());
            }
        }
        Compilation compilation = EmittedRulesTest.compile(List.copyOf(specs.values()));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = EmittedRulesTest.load(compilation);
        Map<String, Object> rules = new HashMap<>();
        for (Map.Entry<String, RuleSpec> e : specs.entrySet()) {
            rules.put(e.getKey(), loader.loadClass(e.getValue().className()).getConstructor().newInstance());
        }
        return rules;
    }

    private static EigenFormulas.Method method(RuleSpec.Method m) {
        return switch (m) {
            case ANALYTIC -> new EigenFormulas.Analytic(Expr.constant(1e-8)); // the rule's default
            case ADAPTIVE -> new EigenFormulas.Adaptive(Expr.constant(1e-10), Expr.constant(1000));
            default -> new EigenFormulas.PowerIteration(Expr.constant(19));
        };
    }

    private static Expr.Environment bind(HermitianEigendecomposition e, double[] lb, double[] vb, double[] aDot) {
        int n = e.size();
        Map<String, Double> values = new HashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(EigenInputs.LAMBDA + i, e.value(i));
            values.put(EigenInputs.LAMBDA_BAR + i, lb[i]);
        }
        double[] v = e.vectorsInterleaved();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (String[] p : new String[][] {{HermitianFormulas.V, "v"}, {HermitianFormulas.V_BAR, "b"},
                    {HermitianFormulas.A_DOT, "d"}}) {
                    double[] src = p[1].equals("v") ? v : p[1].equals("b") ? vb : aDot;
                    values.put(SymbolicMatrix.entryName(p[0] + "Re", i, j, n), src[2 * (i * n + j)]);
                    values.put(SymbolicMatrix.entryName(p[0] + "Im", i, j, n), src[2 * (i * n + j) + 1]);
                }
            }
        }
        return name -> {
            Double x = values.get(name);
            if (x == null) {
                throw new IllegalArgumentException("unbound " + name);
            }
            return x;
        };
    }

    @Test
    void emittedRulesAgreeWithTheFixedSizeFormulasAndEachOther() throws Exception {
        Map<String, Object> rules = rules();
        SplittableRandom random = new SplittableRandom(210);
        int compared = 0;
        for (RuleSpec.Method m : RuleSpec.Method.values()) {
            HermitianPullbackRule back = (HermitianPullbackRule) rules.get(m + "/PULLBACK");
            HermitianPushforwardRule forth = (HermitianPushforwardRule) rules.get(m + "/PUSHFORWARD");
            assertEquals(HermitianPullbackRule.GENERAL, back.size());
            for (int n = 2; n <= 6; n++) {
                double[] a = HermitianCases.matrix(n, random);
                HermitianEigendecomposition e = ANY.decompose(a, n);
                double[] lb = HermitianCases.vector(n, random);
                double[] vb = HermitianCases.vector(2 * n * n, random);
                double[] aDot = HermitianCases.vector(2 * n * n, random);
                double[] g = new double[2 * n * n];
                back.pullback(e.values(), e.vectorsInterleaved(), lb, vb, g);
                double[] valuesDot = new double[n];
                double[] vectorsDot = new double[2 * n * n];
                forth.pushforward(e.values(), e.vectorsInterleaved(), aDot, valuesDot, vectorsDot);
                if (n <= 4) {
                    Expr.Environment env = bind(e, lb, vb, aDot);
                    Formula fb = HermitianFormulas.pullback(n, method(m), true);
                    Formula ff = HermitianFormulas.pushforward(n, method(m), true);
                    for (int i = 0; i < n; i++) {
                        assertEquals(ff.output(EigenInputs.LAMBDA_DOT + i).evaluate(env), valuesDot[i], 1e-13);
                        for (int j = 0; j < n; j++) {
                            int k = 2 * (i * n + j);
                            int lo = Math.min(i, j);
                            int hi = Math.max(i, j);
                            double sign = i <= j ? 1 : -1;
                            assertEquals(fb.output(SymbolicMatrix.entryName(HermitianFormulas.A_BAR + "Re", lo, hi, n))
                                    .evaluate(env), g[k], 1e-13, m + " Re aBar");
                            assertEquals(sign * fb.output(SymbolicMatrix.entryName(HermitianFormulas.A_BAR + "Im", lo,
                                    hi, n)).evaluate(env), g[k + 1], 1e-13, m + " Im aBar");
                            assertEquals(ff.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Re", i, j, n))
                                    .evaluate(env), vectorsDot[k], 1e-13, m + " Re vDot");
                            assertEquals(ff.output(SymbolicMatrix.entryName(HermitianFormulas.V_DOT + "Im", i, j, n))
                                    .evaluate(env), vectorsDot[k + 1], 1e-13, m + " Im vDot");
                        }
                    }
                }
                double left = 0;
                double right = 0;
                for (int i = 0; i < n; i++) {
                    left += lb[i] * valuesDot[i];
                }
                for (int k = 0; k < g.length; k++) {
                    left += vb[k] * vectorsDot[k];
                    right += g[k] * aDot[k];
                }
                assertEquals(left, right, 1e-12 * Math.max(1, Math.abs(left)), m + " n=" + n + " dot product");
                compared++;
            }
        }
        assertEquals(15, compared);
    }

    /**
     * The straight-line complex rules (n = 2, 3, 4, from the fixed-size formulas) against the
     * general-n loops of the same method and direction, pair by pair (1e-13), the pairs counted;
     * and a spectrum of order 2^600 by the scaling identity.
     */
    @Test
    void fixedSizesAgreeWithTheGeneralRules() throws Exception {
        Map<String, RuleSpec> specs = new HashMap<>();
        for (RuleSpec.Method method : RuleSpec.Method.values()) {
            for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
                for (int size : new int[] {2, 3, 4, RuleSpec.GENERAL}) {
                    String name = "com.example.f." + method.name().replace("_", "") + direction.name()
                            + (size == RuleSpec.GENERAL ? "General" : size);
                    specs.put(method + "/" + direction + "/" + size, RuleSpec.builder().size(size).method(method)
                            .direction(direction).complex(true).className(name).build());
                }
            }
        }
        Compilation compilation = EmittedRulesTest.compile(List.copyOf(specs.values()));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = EmittedRulesTest.load(compilation);
        SplittableRandom random = new SplittableRandom(212);
        int pairs = 0;
        for (RuleSpec.Method m : RuleSpec.Method.values()) {
            Object generalBack = loader.loadClass(specs.get(m + "/PULLBACK/" + RuleSpec.GENERAL).className())
                    .getConstructor().newInstance();
            Object generalForth = loader.loadClass(specs.get(m + "/PUSHFORWARD/" + RuleSpec.GENERAL).className())
                    .getConstructor().newInstance();
            for (int n = 2; n <= 4; n++) {
                HermitianPullbackRule back = (HermitianPullbackRule) loader.loadClass(specs.get(m + "/PULLBACK/" + n)
                        .className()).getConstructor().newInstance();
                HermitianPushforwardRule forth = (HermitianPushforwardRule) loader.loadClass(specs.get(m
                        + "/PUSHFORWARD/" + n).className()).getConstructor().newInstance();
                assertEquals(n, back.size());
                for (double scale : new double[] {1, 0x1p600}) {
                    HermitianEigendecomposition e = ANY.decompose(HermitianCases.matrix(n, random), n);
                    double[] values = e.values();
                    for (int i = 0; i < n; i++) {
                        values[i] *= scale;
                    }
                    double[] lb = HermitianCases.vector(n, random);
                    double[] vb = HermitianCases.vector(2 * n * n, random);
                    double[] aDot = HermitianCases.vector(2 * n * n, random);
                    double[] g = new double[2 * n * n];
                    double[] gGeneral = new double[2 * n * n];
                    back.pullback(values, e.vectorsInterleaved(), lb, vb, g);
                    ((HermitianPullbackRule) generalBack).pullback(values, e.vectorsInterleaved(), lb, vb, gGeneral);
                    double[] vd = new double[n];
                    double[] vdGeneral = new double[n];
                    double[] vecd = new double[2 * n * n];
                    double[] vecdGeneral = new double[2 * n * n];
                    forth.pushforward(values, e.vectorsInterleaved(), aDot, vd, vecd);
                    ((HermitianPushforwardRule) generalForth).pushforward(values, e.vectorsInterleaved(), aDot,
                            vdGeneral, vecdGeneral);
                    // within 1e-13 of each output's largest entry (the tangents of V scale as 1/scale)
                    double gMax = largest(gGeneral);
                    double vecdMax = largest(vecdGeneral);
                    double vdMax = largest(vdGeneral);
                    assertTrue(gMax > 0 && vecdMax > 0 && vdMax > 0, "nothing compared");
                    for (int k = 0; k < g.length; k++) {
                        assertEquals(gGeneral[k], g[k], 1e-13 * gMax, m + " n=" + n + " aBar " + k);
                        assertEquals(vecdGeneral[k], vecd[k], 1e-13 * vecdMax, m + " n=" + n + " vDot " + k);
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(vdGeneral[i], vd[i], 1e-13 * vdMax, m + " n=" + n + " lambdaDot");
                    }
                    pairs++;
                }
            }
        }
        assertEquals(18, pairs);
    }

    @Test
    void theAnalyticPullbackFollowsCentralDifferencesAndScales() throws Exception {
        HermitianPullbackRule back = (HermitianPullbackRule) rules().get("ANALYTIC/PULLBACK");
        SplittableRandom random = new SplittableRandom(211);
        int n = 5;
        double[] a = HermitianCases.matrix(n, random);
        double[] lb = HermitianCases.vector(n, random);
        double[] vb = HermitianCases.vector(2 * n * n, random);
        HermitianEigendecomposition e = ANY.decompose(a, n);
        double[] g = new double[2 * n * n];
        back.pullback(e.values(), e.vectorsInterleaved(), lb, vb, g);
        double h = 1e-6;
        for (int k = 0; k < a.length; k++) {
            double[] plus = a.clone();
            double[] minus = a.clone();
            plus[k] += h;
            minus[k] -= h;
            double fd = (HermitianCases.loss(plus, n, lb, vb) - HermitianCases.loss(minus, n, lb, vb)) / (2 * h);
            assertEquals(fd, g[k], 1e-6, "entry " + k / 2 + (k % 2 == 0 ? " re" : " im"));
        }
        // a spectrum of order 2^600 takes the scaled path: ABar(s l, V, lb, s VBar) = ABar(l, V, lb, VBar)
        double s = 0x1p600;
        double[] values = e.values();
        double[] scaledValues = values.clone();
        double[] scaledVb = vb.clone();
        for (int i = 0; i < n; i++) {
            scaledValues[i] *= s;
        }
        for (int k = 0; k < scaledVb.length; k++) {
            scaledVb[k] *= s;
        }
        double[] gs = new double[2 * n * n];
        back.pullback(scaledValues, e.vectorsInterleaved(), lb, scaledVb, gs);
        for (int k = 0; k < g.length; k++) {
            assertEquals(g[k], gs[k], 1e-13, "scaled entry " + k);
        }
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> back.pullback(values,
                e.vectorsInterleaved(), lb, vb, new double[2 * n * n - 1]));
        assertEquals("wrong-length", x.problem().code());
        double[] nan = vb.clone();
        nan[7] = Double.NaN;
        x = assertThrows(InvalidInputException.class, () -> back.pullback(values, e.vectorsInterleaved(), lb, nan,
                new double[2 * n * n]));
        assertTrue(x.getMessage().contains("vectorsBar entry (0, 3) has imaginary part NaN"), x.getMessage());
    }

    static double largest(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void complexRulesAreRefusedWhereTheyDoNotApply() {
        assertEquals("field", assertThrows(RuleSpecException.class, () -> RuleSpec.builder().size(RuleSpec.GENERAL)
                .complex(true).precision(Precision.FLOAT).className("com.example.F").build()).field());
        assertEquals("field", assertThrows(RuleSpecException.class, () -> RuleSpec.builder().size(RuleSpec.GENERAL)
                .complex(true).generalized(true).className("com.example.G").build()).field());
        assertTrue(RuleSpec.builder().size(RuleSpec.GENERAL).complex(true).className("com.example.C").build()
                .parameters().endsWith("field=complex"));
    }
}
