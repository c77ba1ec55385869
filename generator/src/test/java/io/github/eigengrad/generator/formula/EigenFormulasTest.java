package io.github.eigengrad.generator.formula;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenFormulas.Adaptive;
import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.PowerIteration;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EigenFormulasTest {
    /** A random problem: a decomposed matrix and random cotangents. */
    record Problem(double[][] a, SymmetricEigendecomposition e, double[][] vBar, double[] lambdaBar) {
        static Problem random(int n, boolean positive, SplittableRandom random) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, positive, random), random);
            return new Problem(a, Losses.decompose(a), TestMatrices.gaussianMatrix(n, n, random),
                    TestMatrices.gaussianVector(n, random));
        }

        Bindings bindings() {
            return new Bindings().vector(EigenInputs.LAMBDA, e.values()).matrix(EigenInputs.V, e.vectors())
                    .vector(EigenInputs.LAMBDA_BAR, lambdaBar).matrix(EigenInputs.V_BAR, vBar);
        }

        RealMatrix v() {
            return MatrixUtils.createRealMatrix(e.vectors());
        }

        RealMatrix vBarMatrix() {
            return MatrixUtils.createRealMatrix(vBar);
        }
    }

    static Stream<Arguments> cases() {
        return IntStream.rangeClosed(1, 5).boxed()
                .flatMap(n -> IntStream.range(0, 8).mapToObj(seed -> Arguments.of(n, seed)));
    }

    static void assertClose(RealMatrix expected, double[][] actual, double tolerance, String what) {
        double diff = MatrixUtils.createRealMatrix(actual).subtract(expected).getFrobeniusNorm();
        double norm = expected.getFrobeniusNorm();
        assertTrue(diff <= tolerance * norm, () -> what + ": relative difference " + diff / norm);
    }

    // ---- the pullbacks against the reference written from docs/math.md ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void pullbacksMatchTheReference(int n, int seed) {
        SplittableRandom random = new SplittableRandom(900 + 10 * n + seed);
        Problem p = Problem.random(n, seed % 2 == 0, random);
        for (boolean term : new boolean[] {true, false}) {
            RealMatrix analytic = ReferencePullbacks.analytic(p.e().values(), p.v(), p.vBarMatrix(), p.lambdaBar(), term,
                    ReferencePullbacks.Analytic.DEFAULT).gradient();
            assertClose(analytic, Bindings.gradient(EigenFormulas.pullback(n, new Analytic(), term), p.bindings()),
                    1e-12, "eq10 term=" + term);
            for (int k : new int[] {1, 19, 300}) {
                RealMatrix series = ReferencePullbacks.series(p.e().values(), p.v(), p.vBarMatrix(), p.lambdaBar(), term,
                        new ReferencePullbacks.PowerIteration(k)).gradient();
                assertClose(series, Bindings.gradient(EigenFormulas.pullback(n, new PowerIteration(constant(k)), term),
                        p.bindings()), 1e-12, "eq8 K=" + k);
                assertClose(series, Bindings.gradient(EigenFormulas.pullback(n,
                        new PowerIteration(EigenFormulas.iterationsVariable()), term), p.bindings().scalar("K", k)),
                        1e-12, "eq8 with K a variable, K=" + k);
            }
            RealMatrix adaptive = ReferencePullbacks.series(p.e().values(), p.v(), p.vBarMatrix(), p.lambdaBar(), term,
                    new ReferencePullbacks.Adaptive(1e-10, 1000)).gradient();
            assertClose(adaptive, Bindings.gradient(EigenFormulas.pullback(n,
                    new Adaptive(constant(1e-10), constant(1000)), term), p.bindings()), 1e-12, "adaptive");
        }
    }

    /** The section-5 report of a rule, fixed size and general n, against the reference's Result. */
    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void ruleReportsMatchTheReference(int n, int seed) {
        SplittableRandom random = new SplittableRandom(1700 + 10 * n + seed);
        Problem p = Problem.random(n, seed % 2 == 0, random);
        Bindings b = p.bindings().scalar("K", 19).scalar("tolerance", 1e-10).scalar("maxIterations", 1000);
        Object[][] methods = {
            {new PowerIteration(EigenFormulas.iterationsVariable()), new ReferencePullbacks.PowerIteration(19)},
            {new Adaptive(Expr.variable("tolerance"), Expr.variable("maxIterations")),
                new ReferencePullbacks.Adaptive(1e-10, 1000)}};
        for (Object[] m : methods) {
            for (boolean term : new boolean[] {true, false}) {
                ReferencePullbacks.Result expected = ReferencePullbacks.series(p.e().values(), p.v(), p.vBarMatrix(),
                        p.lambdaBar(), term, (ReferencePullbacks.Method) m[1]);
                Formula rule = EigenFormulas.rule(n, (EigenFormulas.Method) m[0], term);
                assertClose(expected.gradient(), Bindings.gradient(rule, b), 1e-12, "rule gradient");
                assertEquals(expected.shift(), rule.output("shift").evaluate(b), 0, "shift");
                assertEquals(expected.iterationsUsed(), rule.output("iterationsUsed").evaluate(b), 0, "K used");
                double[] mu = ReferencePullbacks.shiftedSpectrum(p.e().values());
                double tolerance = n == 1 ? 0 : pairErrorTolerance(expected.maxPairError(),
                        expected.iterationsUsed(), p.e().values(), mu[n - 1]);
                assertEquals(expected.maxPairError(), rule.output("maxPairError").evaluate(b), tolerance, "max r^K");
                assertEquals(expected.gradientBound(), rule.output("gradientBound").evaluate(b),
                        1e-12 * expected.gradientBound(), "bound");
                IndexEvaluator general = general(rule, p, 19.0);
                for (String name : EigenFormulas.REPORT) {
                    double fixed = rule.output(name).evaluate(b);
                    assertEquals(fixed, general.entry(name), 1e-12 * Math.abs(fixed) + tolerance, "general " + name);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void maskedAnalyticMatchesTheReferenceAtTies(int n, int seed) {
        SplittableRandom random = new SplittableRandom(2100 + 10 * n + seed);
        double[] spectrum = TestMatrices.separatedSpectrum(n, true, random);
        if (n >= 3) {
            spectrum[1] = spectrum[2]; // an exact tie, masked
        }
        double[][] a = TestMatrices.withSpectrum(spectrum, random);
        Problem p = new Problem(a, Losses.decompose(a), TestMatrices.gaussianMatrix(n, n, random),
                TestMatrices.gaussianVector(n, random));
        RealMatrix expected = ReferencePullbacks.analytic(p.e().values(), p.v(), p.vBarMatrix(), p.lambdaBar(), true,
                new ReferencePullbacks.Analytic(1e-8, true)).gradient();
        Formula rule = EigenFormulas.rule(n, new Analytic(Expr.variable("degeneracyTolerance")), true);
        Bindings b = p.bindings().scalar("degeneracyTolerance", 1e-8);
        assertClose(expected, Bindings.gradient(rule, b), 1e-12, "masked eq10");
        IndexEvaluator general = general(rule, p, 19.0);
        double[][] fixed = Bindings.gradient(rule, b);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(fixed[i][j], general.entry(EigenInputs.A_BAR, i, j), 1e-12 * (1 + Math.abs(fixed[i][j])));
            }
        }
        assertEquals(-1, rule.output("iterationsUsed").evaluate(b), 0, "analytic reports no K");
    }

    static IndexEvaluator general(Formula f, Problem p, double k) {
        int n = p.e().size();
        return new IndexEvaluator(f.definitions(),
                java.util.Map.of("n", (double) n, "K", k, "tolerance", 1e-10, "maxIterations", 1000.0,
                        "degeneracyTolerance", 1e-8),
                java.util.Map.of("lambda", p.e().values(), "lambdaBar", p.lambdaBar(), "V", p.e().vectorsRowMajor(),
                        "VBar", flat(p.vBar())),
                java.util.Map.of("lambda", new int[] {n}, "lambdaBar", new int[] {n}, "V", new int[] {n, n},
                        "VBar", new int[] {n, n}));
    }

    @Test
    void theGradientIsSymmetricByConstruction() {
        Formula f = EigenFormulas.pullback(3, new PowerIteration(constant(19)), true);
        assertEquals(6, f.outputs().size(), "n(n+1)/2 distinct entries");
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void iterationRuleShiftAndBoundMatchTheReference(int n, int seed) {
        SplittableRandom random = new SplittableRandom(700 + 10 * n + seed);
        Problem p = Problem.random(n, seed % 2 == 0, random);
        double[] lambda = p.e().values();
        Formula rule = Derivations.iterationRule(n, constant(1e-8), constant(500));
        Bindings b = p.bindings();
        double shift = ReferencePullbacks.spectrumShift(lambda);
        assertEquals(shift, rule.output("shift").evaluate(b), 0);
        double[] mu = ReferencePullbacks.shiftedSpectrum(lambda);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r = mu[j] / mu[i];
                int k = ReferencePullbacks.adaptiveK(r, 1e-8, 500);
                assertEquals(k, rule.output("K" + i + j).evaluate(b), 0, "K" + i + j);
                double rK = Math.pow(r, k);
                assertEquals(rK, rule.output("pairError" + i + j).evaluate(b), pairErrorTolerance(rK, k, lambda, mu[j]));
            }
        }
        ReferencePullbacks.Result series = ReferencePullbacks.series(lambda, p.v(), p.vBarMatrix(), p.lambdaBar(), true,
                new ReferencePullbacks.PowerIteration(19));
        assertEquals(series.gradientBound(), EigenFormulas.gradientBound(n, constant(19)).output("gradientBound")
                .evaluate(b), 1e-12 * series.gradientBound());
    }

    @Test
    void shiftCoversTheZeroMatrixAndIndefiniteSpectra() {
        for (double[] lambda : new double[][] {{0, 0}, {3, -4}, {1, 1e-13}, {1, 1e-11}, {5, 0}}) {
            Expr shift = EigenFormulas.spectrumShift(Expr.variable("first"), Expr.variable("last"));
            double value = shift.evaluate(new Bindings().scalar("first", lambda[0]).scalar("last", lambda[1]));
            assertEquals(ReferencePullbacks.spectrumShift(lambda), value, 0, java.util.Arrays.toString(lambda));
        }
    }

    // ---- the stable coefficient ----

    @Test
    void seriesCoefficientIsFiniteAtTiesAndAccurateForTinyGaps() {
        Expr c = EigenFormulas.seriesCoefficient(Expr.variable("a"), Expr.variable("b"), Expr.variable("K"));
        for (double k : new double[] {1, 19, 1e4, 1e9}) {
            for (double gap : new double[] {0, 1e-300, 1e-200, 1e-15, 1e-9, 1e-3, 0.5}) {
                double a = 1.25;
                double b = a - gap;
                double value = c.evaluate(new Bindings().scalar("a", a).scalar("b", b).scalar("K", k));
                assertTrue(Double.isFinite(value), "gap " + gap + " K " + k);
                assertEquals(ReferencePullbacks.seriesCoefficient(a, b, (int) k), value, 0, "gap " + gap + " K " + k);
            }
        }
        assertTrue(noPowerNode(c), "r^K is never built by repeated multiplication");
    }

    static boolean noPowerNode(Expr e) {
        return e.op() != Op.POWER && e.arguments().stream().allMatch(EigenFormulasTest::noPowerNode);
    }

    // ---- Eq. 8: forms, limits, derivation ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void matrixPowerAndSpectralFormsMatchTheReference(int n, int seed) {
        SplittableRandom random = new SplittableRandom(500 + 10 * n + seed);
        Problem p = Problem.random(n, true, random);
        RealMatrix m = MatrixUtils.createRealMatrix(p.a());
        Bindings b = p.bindings().matrix("m", p.a());
        for (int k : new int[] {1, 2, 5, 19}) {
            RealMatrix reference = ReferencePullbacks.matrixPowerForm(m, p.v().getColumnVector(0), p.e().value(0),
                    p.vBarMatrix().getColumnVector(0), k);
            assertClose(reference, Bindings.gradient(Derivations.matrixPowerForm(n, k), b), 1e-12, "power K=" + k);
            assertClose(ReferencePullbacks.spectralForm(p.e().values(), p.v(), p.vBarMatrix().getColumnVector(0), k),
                    Bindings.gradient(Derivations.spectralForm(n, constant(k)), b), 1e-12, "spectral K=" + k);
        }
    }

    /**
     * Indefinite spectra (the forms iterate M as given, no shift): the spectral form equals the
     * matrix-power form for even and odd K, and both equal the derivative of K unrolled steps
     * of power iteration, where lambda_0 is the eigenvalue of largest magnitude. The stable
     * coefficient alone gave NaN here (log1p of an argument below -1).
     */
    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void spectralAndMatrixPowerFormsAgreeOnIndefiniteSpectra(int n, int seed) {
        if (n < 2) {
            return;
        }
        SplittableRandom random = new SplittableRandom(700 + 10 * n + seed);
        double[] spectrum = new double[n];
        spectrum[0] = 4;
        for (int i = 1; i < n; i++) {
            spectrum[i] = -3.9 + 7.8 * random.nextDouble(); // |lambda_i| < lambda_0, some negative
        }
        spectrum[n - 1] = -3.5;
        java.util.Arrays.sort(spectrum);
        for (int i = 0; i < n / 2; i++) {
            double t = spectrum[i];
            spectrum[i] = spectrum[n - 1 - i];
            spectrum[n - 1 - i] = t;
        }
        double[][] a = TestMatrices.withSpectrum(spectrum, random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        double[][] vBar = TestMatrices.gaussianMatrix(n, n, random);
        Bindings b = new Bindings().vector(EigenInputs.LAMBDA, e.values()).matrix(EigenInputs.V, e.vectors())
                .matrix(EigenInputs.V_BAR, vBar).matrix("m", a);
        RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
        RealMatrix vBarMatrix = MatrixUtils.createRealMatrix(vBar);
        for (int k : new int[] {1, 2, 3, 4, 5, 19, 20}) {
            double[][] spectral = Bindings.gradient(Derivations.spectralForm(n, constant(k)), b);
            RealMatrix power = ReferencePullbacks.matrixPowerForm(MatrixUtils.createRealMatrix(a), v.getColumnVector(0),
                    e.value(0), vBarMatrix.getColumnVector(0), k);
            assertClose(power, spectral, 1e-11, "spectral vs matrix-power, K=" + k);
            assertClose(power, Bindings.gradient(Derivations.matrixPowerForm(n, k), b), 1e-11, "power K=" + k);
            if (n <= 3 && k <= 4) {
                assertClose(power, derivedSteps(a, e.vector(0), vBar, k), 1e-11, "derived power iteration, K=" + k);
            }
        }
    }

    @Test
    void spectralFormIsFiniteForTheReviewedIndefiniteCase() {
        double[][] a = {{4, 0}, {0, -3.5}};
        SymmetricEigendecomposition e = Losses.decompose(a);
        Bindings b = new Bindings().vector(EigenInputs.LAMBDA, e.values()).matrix(EigenInputs.V, e.vectors())
                .matrix(EigenInputs.V_BAR, new double[][] {{0, 0}, {1, 0}});
        double[][] g = Bindings.gradient(Derivations.spectralForm(2, constant(4)), b);
        // c_4(r) / lambda_0 with r = -0.875: (1 - r^4) / (1 - r) / 4, times v_1 v_0^T symmetrised
        double r = -3.5 / 4;
        double c = (1 - r * r * r * r) / (1 - r) / 4;
        assertEquals(c / 2, g[0][1], 1e-15);
        assertEquals(c / 2, g[1][0], 1e-15);
    }

    /** Eq. 8 at K = 10^4 is Eq. 10 without the eigenvalue term on a well-separated spectrum. */
    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void seriesAtLargeKIsTheAnalyticGradient(int n, int seed) {
        SplittableRandom random = new SplittableRandom(300 + 10 * n + seed);
        Problem p = Problem.random(n, true, random);
        double[][] analytic = Bindings.gradient(EigenFormulas.pullback(n, new Analytic(), false), p.bindings());
        double[][] series = Bindings.gradient(EigenFormulas.pullback(n, new PowerIteration(constant(1e4)), false),
                p.bindings());
        assertClose(MatrixUtils.createRealMatrix(analytic), series, 1e-12, "K=1e4 vs Eq. 10");
    }

    /**
     * The generator re-derives Eq. 8: K unrolled power-iteration steps on sym(A), differentiated
     * symbolically over the n^2 independent entries of A, at a PSD point whose start vector is
     * the dominant eigenvector, equal the symmetrised matrix-power form.
     */
    @ParameterizedTest(name = "n={0} K={1}")
    @MethodSource("derivationCases")
    void unrolledPowerIterationDerivesEq8(int n, int k) {
        SplittableRandom random = new SplittableRandom(100 * n + k);
        double[] spectrum = TestMatrices.separatedSpectrum(n, true, random);
        if (n == 3) {
            spectrum[2] = spectrum[1]; // a repeated eigenvalue below the top one is allowed
        }
        double[][] a = TestMatrices.withSpectrum(spectrum, random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        double[] vBar = TestMatrices.gaussianVector(n, random);
        double[][] vBarColumn = new double[n][n];
        for (int i = 0; i < n; i++) {
            vBarColumn[i][0] = vBar[i];
        }
        double[][] gradient = derivedSteps(a, e.vector(0), vBarColumn, k);
        RealMatrix eq8 = ReferencePullbacks.matrixPowerForm(MatrixUtils.createRealMatrix(a),
                MatrixUtils.createRealVector(e.vector(0)), e.value(0), MatrixUtils.createRealVector(vBar), k);
        assertClose(eq8, gradient, 1e-12, "derived vs Eq. 8");
    }

    /** The derived gradient of K unrolled power-iteration steps on sym(a) from {@code start}, cotangent column 0 of vBar. */
    static double[][] derivedSteps(double[][] a, double[] start, double[][] vBar, int k) {
        int n = a.length;
        Bindings b = new Bindings().matrix("a", a).vector("s", start).matrix(EigenInputs.V_BAR, vBar);
        Formula derived = Derivations.powerIterationSteps(n, k);
        double[][] gradient = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gradient[i][j] = derived.output("dL_d" + SymbolicMatrix.entryName("a", i, j, n)).evaluate(b);
            }
        }
        return gradient;
    }

    static Stream<Arguments> derivationCases() {
        return Stream.of(2, 3).flatMap(n -> IntStream.of(1, 2, 3, 5).mapToObj(k -> Arguments.of(n, k)));
    }

    @Test
    void rayleighQuotientGradientIsDerivedAsVVTranspose() {
        Formula f = Derivations.rayleighQuotient(3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                Expr expected = io.github.eigengrad.generator.simplify.Simplifier.simplify(
                        Expr.product(Expr.variable("v" + i), Expr.variable("v" + j)));
                assertSame(expected, f.output("dLambda_da" + i + j), "d lambda / d a" + i + j);
            }
        }
    }

    // ---- the general-n index notation equals the fixed sizes ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void indexNotationEqualsTheFixedSizes(int n, int seed) {
        SplittableRandom random = new SplittableRandom(1300 + 10 * n + seed);
        Problem p = Problem.random(n, seed % 2 == 0, random);
        java.util.Map<String, double[]> arrays = new java.util.HashMap<>();
        java.util.Map<String, int[]> shapes = new java.util.HashMap<>();
        arrays.put("lambda", p.e().values());
        arrays.put("lambdaBar", p.lambdaBar());
        arrays.put("V", p.e().vectorsRowMajor());
        arrays.put("VBar", flat(p.vBar()));
        arrays.put("M", flat(p.a()));
        shapes.put("lambda", new int[] {n});
        shapes.put("lambdaBar", new int[] {n});
        shapes.put("V", new int[] {n, n});
        shapes.put("VBar", new int[] {n, n});
        shapes.put("M", new int[] {n, n});
        java.util.Map<String, Double> scalars = java.util.Map.of("n", (double) n, "K", 19.0, "tolerance", 1e-10,
                "maxIterations", 1000.0);
        Bindings b = p.bindings().matrix("m", p.a()).scalar("K", 19);
        java.util.List<Formula> formulas = new java.util.ArrayList<>(java.util.List.of(
                EigenFormulas.pullback(n, new Analytic(), true),
                EigenFormulas.pullback(n, new PowerIteration(EigenFormulas.iterationsVariable()), true),
                EigenFormulas.pullback(n, new Adaptive(Expr.variable("tolerance"), Expr.variable("maxIterations")), false)));
        if (seed % 2 == 0) { // the single-column forms of Eq. 8 need lambda0 > 0: positive spectra only
            formulas.add(Derivations.matrixPowerForm(n, 19));
            formulas.add(Derivations.spectralForm(n, EigenFormulas.iterationsVariable()));
        }
        for (Formula f : formulas) {
            IndexEvaluator general = new IndexEvaluator(f.definitions(), scalars, arrays, shapes);
            double[][] fixed = Bindings.gradient(f, b.scalar("tolerance", 1e-10).scalar("maxIterations", 1000));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double g = general.entry(EigenInputs.A_BAR, i, j);
                    assertEquals(fixed[i][j], g, 1e-12 * (1 + Math.abs(fixed[i][j])), f.id() + " (" + i + ", " + j + ")");
                }
            }
        }
        IndexEvaluator rule = new IndexEvaluator(GeneralN.iterationRuleDefinitions(), scalars, arrays, shapes);
        Formula fixedRule = Derivations.iterationRule(n, Expr.variable("tolerance"), Expr.variable("maxIterations"));
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                assertEquals(fixedRule.output("K" + i + j).evaluate(b), rule.entry("Kpair", i, j), 0);
                double error = fixedRule.output("pairError" + i + j).evaluate(b);
                double k = fixedRule.output("K" + i + j).evaluate(b);
                double[] mu = ReferencePullbacks.shiftedSpectrum(p.e().values());
                assertEquals(error, rule.entry("pairError", i, j), pairErrorTolerance(error, k, p.e().values(), mu[j]));
            }
        }
    }

    /**
     * r^K amplifies a relative perturbation of r by K, and r = mu_j / mu_i inherits the rounding
     * of mu = lambda + shift, about eps (max|lambda| + shift) / mu_j: two correct evaluations
     * that round mu differently may differ by K times that (4 ulps of slack).
     */
    static double pairErrorTolerance(double rK, double k, double[] lambda, double muJ) {
        double m = Math.max(Math.abs(lambda[0]), Math.abs(lambda[lambda.length - 1]));
        double shift = ReferencePullbacks.spectrumShift(lambda);
        return 4 * k * Math.ulp(1.0) * (m + shift) / muJ * rK + Double.MIN_NORMAL;
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
