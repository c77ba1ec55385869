package io.github.eigengrad.runtime.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.PullbackReport;
import io.github.eigengrad.runtime.PushforwardReport;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated float rules (docs/math.md section 11) against the double rules of the same
 * float inputs: within 1e-4 relative where every relative gap is at least 1e-2 (the spectra
 * of {@link TestMatrices#separatedSpectrum} up to n = 16), at every size, method and
 * direction, across the float range (the scaled path included); the dot-product test in float
 * to 1e-5; ties finite and within the bound; hostile float input rejected by name.
 */
class FloatRulesTest {
    static final int[] SIZES = {2, 3, 4, 5, 8, 16};
    /** Binary exponents of the spectrum's scale: inside the float rules' direct range and beyond it. */
    static final int[] SCALES = {-120, -60, -20, 0, 20, 60, 120};
    static final String[] METHODS = {"analytic", "power-iteration", "adaptive"};

    /** One problem in float: values descending, V, the cotangents, a tangent. */
    record Problem32(float[] values, float[] vectors, float[] valuesBar, float[] vectorsBar, float[] tangent) {}

    static Problem32 problem(double[] spectrum, SplittableRandom random) {
        int n = spectrum.length;
        RealMatrix q = TestMatrices.randomOrthogonal(n, random);
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        float[] valuesBar = new float[n];
        float[] vectorsBar = new float[n * n];
        float[] tangent = new float[n * n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) spectrum[i];
            valuesBar[i] = (float) TestMatrices.gaussian(random);
            for (int j = 0; j < n; j++) {
                vectors[i * n + j] = (float) q.getEntry(i, j);
                vectorsBar[i * n + j] = (float) TestMatrices.gaussian(random);
                tangent[i * n + j] = (float) TestMatrices.gaussian(random);
            }
        }
        for (int i = 1; i < n; i++) {
            values[i] = Math.min(values[i], values[i - 1]); // rounding keeps the order
        }
        return new Problem32(values, vectors, valuesBar, vectorsBar, tangent);
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int n : SIZES) {
            for (String method : METHODS) {
                all.add(Arguments.of(n, method));
            }
        }
        return all.stream();
    }

    static double[] wide(float[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return d;
    }

    /** The float pullback of {@code method} with K = 19, tol = 1e-10, Kmax = 1000 or the float default mask. */
    static float[] pullback(String method, Problem32 p, PullbackReport report) {
        int n = p.values().length;
        float[] g = new float[n * n];
        switch (method) {
            case "analytic" -> RuleRegistry.analyticFloat(n, p.values(), 0, p.vectors(), 0, p.valuesBar(), 0,
                    p.vectorsBar(), 0, g, 0, 1e-4f, null, report);
            case "power-iteration" -> RuleRegistry.powerIterationFloat(n, p.values(), 0, p.vectors(), 0,
                    p.valuesBar(), 0, p.vectorsBar(), 0, g, 0, 19, null, report);
            default -> RuleRegistry.adaptiveFloat(n, p.values(), 0, p.vectors(), 0, p.valuesBar(), 0,
                    p.vectorsBar(), 0, g, 0, 1e-10f, 1000, null, report);
        }
        return g;
    }

    /** The double pullback of the same float inputs and parameters. */
    static double[] pullbackInDouble(String method, Problem32 p) {
        int n = p.values().length;
        double[] g = new double[n * n];
        double[] values = wide(p.values());
        double[] vectors = wide(p.vectors());
        double[] valuesBar = wide(p.valuesBar());
        double[] vectorsBar = wide(p.vectorsBar());
        switch (method) {
            case "analytic" -> RuleRegistry.analytic(n, values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, g, 0,
                    (double) 1e-4f, null, null);
            case "power-iteration" -> RuleRegistry.powerIteration(n, values, 0, vectors, 0, valuesBar, 0, vectorsBar,
                    0, g, 0, 19, null, null);
            default -> RuleRegistry.adaptive(n, values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, g, 0,
                    (double) 1e-10f, 1000, null, null);
        }
        return g;
    }

    /** The float pushforward: valuesDot then vectorsDot in one array. */
    static float[] pushforward(String method, Problem32 p, PushforwardReport report) {
        int n = p.values().length;
        float[] valuesDot = new float[n];
        float[] vectorsDot = new float[n * n];
        switch (method) {
            case "analytic" -> RuleRegistry.analyticPushforwardFloat(n, p.values(), 0, p.vectors(), 0, p.tangent(), 0,
                    valuesDot, 0, vectorsDot, 0, 1e-4f, null, report);
            case "power-iteration" -> RuleRegistry.powerIterationPushforwardFloat(n, p.values(), 0, p.vectors(), 0,
                    p.tangent(), 0, valuesDot, 0, vectorsDot, 0, 19, null, report);
            default -> RuleRegistry.adaptivePushforwardFloat(n, p.values(), 0, p.vectors(), 0, p.tangent(), 0,
                    valuesDot, 0, vectorsDot, 0, 1e-10f, 1000, null, report);
        }
        float[] both = new float[n + n * n];
        System.arraycopy(valuesDot, 0, both, 0, n);
        System.arraycopy(vectorsDot, 0, both, n, n * n);
        return both;
    }

    static double[] pushforwardInDouble(String method, Problem32 p) {
        int n = p.values().length;
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[n * n];
        double[] values = wide(p.values());
        double[] vectors = wide(p.vectors());
        double[] tangent = wide(p.tangent());
        switch (method) {
            case "analytic" -> RuleRegistry.analyticPushforward(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0,
                    vectorsDot, 0, (double) 1e-4f, null, null);
            case "power-iteration" -> RuleRegistry.powerIterationPushforward(n, values, 0, vectors, 0, tangent, 0,
                    valuesDot, 0, vectorsDot, 0, 19, null, null);
            default -> RuleRegistry.adaptivePushforward(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0,
                    vectorsDot, 0, (double) 1e-10f, 1000, null, null);
        }
        double[] both = new double[n + n * n];
        System.arraycopy(valuesDot, 0, both, 0, n);
        System.arraycopy(vectorsDot, 0, both, n, n * n);
        return both;
    }

    /** max |f - d| / max |d|. */
    static double relativeError(float[] f, double[] d) {
        double err = 0;
        double size = 0;
        for (int k = 0; k < d.length; k++) {
            err = Math.max(err, Math.abs(f[k] - d[k]));
            size = Math.max(size, Math.abs(d[k]));
        }
        return err / size;
    }

    static double[] scaledSpectrum(int n, boolean positive, int exponent, SplittableRandom random) {
        double[] s = TestMatrices.separatedSpectrum(n, positive, random);
        for (int i = 0; i < n; i++) {
            s[i] = Math.scalb(s[i], exponent);
        }
        return s;
    }

    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void floatRulesMatchDoubleRulesOfTheSameInputs(int n, String method) {
        SplittableRandom random = new SplittableRandom(1800 + 31L * n + method.length());
        double worstPullback = 0;
        double worstPushforward = 0;
        int checked = 0;
        for (int scale : SCALES) {
            for (boolean positive : new boolean[] {true, false}) {
                for (int draw = 0; draw < 4; draw++) {
                    Problem32 p = problem(scaledSpectrum(n, positive, scale, random), random);
                    double e = relativeError(pullback(method, p, null), pullbackInDouble(method, p));
                    double f = relativeError(pushforward(method, p, null), pushforwardInDouble(method, p));
                    assertTrue(e <= 1e-4, "pullback, scale 2^" + scale + ": relative error " + e);
                    assertTrue(f <= 1e-4, "pushforward, scale 2^" + scale + ": relative error " + f);
                    worstPullback = Math.max(worstPullback, e);
                    worstPushforward = Math.max(worstPushforward, f);
                    checked++;
                }
            }
        }
        assertEquals(SCALES.length * 8, checked);
        System.out.printf("float vs double n=%d %s: worst relative error pullback %.2e, pushforward %.2e%n", n, method,
                worstPullback, worstPushforward);
    }

    /** <pushforward(ADot), (lambdaBar, VBar)> = <pullback(lambdaBar, VBar), ADot>, both in float. */
    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void dotProductTestInFloat(int n, String method) {
        SplittableRandom random = new SplittableRandom(1900 + 31L * n + method.length());
        for (int scale : SCALES) {
            for (boolean positive : new boolean[] {true, false}) {
                Problem32 p = problem(scaledSpectrum(n, positive, scale, random), random);
                float[] g = pullback(method, p, null);
                float[] t = pushforward(method, p, null);
                double left = 0;
                double right = 0;
                double size = 0;
                for (int k = 0; k < n; k++) {
                    left += (double) t[k] * p.valuesBar()[k];
                    size += Math.abs((double) t[k] * p.valuesBar()[k]);
                }
                for (int k = 0; k < n * n; k++) {
                    left += (double) t[n + k] * p.vectorsBar()[k];
                    size += Math.abs((double) t[n + k] * p.vectorsBar()[k]);
                    right += (double) g[k] * p.tangent()[k];
                }
                assertTrue(Math.abs(left - right) <= 1e-5 * size, "scale 2^" + scale + ": <J t, c> = " + left
                        + ", <t, J^T c> = " + right);
            }
        }
    }

    /** Exact and near ties: the series and masked rules finite, within the section-5 bound. */
    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void tiesAreFiniteAndWithinTheBound(int n, String method) {
        SplittableRandom random = new SplittableRandom(2000 + 31L * n + method.length());
        for (float gap : new float[] {0, 1e-7f, 1e-6f, 1e-5f}) {
            double[] s = TestMatrices.separatedSpectrum(n, true, random);
            for (int i = 1; i < n; i += 2) {
                s[i] = s[i - 1] * (1 - gap);
            }
            java.util.Arrays.sort(s);
            double[] descending = new double[n];
            for (int i = 0; i < n; i++) {
                descending[i] = s[n - 1 - i];
            }
            Problem32 p = problem(descending, random);
            PullbackReport report = new PullbackReport();
            float[] g = pullback(method, p, report);
            double norm = 0;
            for (float x : g) {
                assertTrue(Float.isFinite(x), "gap " + gap + ": " + x);
                norm += (double) x * x;
            }
            if (!method.equals("analytic")) {
                assertTrue(Math.sqrt(norm) <= report.gradientBound() * (1 + 1e-4), "gap " + gap + ": ||g|| = "
                        + Math.sqrt(norm) + " > bound " + report.gradientBound());
            }
            for (float x : pushforward(method, p, new PushforwardReport())) {
                assertTrue(Float.isFinite(x), "gap " + gap + ": " + x);
            }
        }
    }

    @Test
    void hostileFloatInputIsRejectedByName() {
        SplittableRandom random = new SplittableRandom(2100);
        Problem32 p = problem(TestMatrices.separatedSpectrum(3, true, random), random);
        float[] g = new float[9];
        p.vectorsBar()[4] = Float.NaN;
        InvalidInputException nan = assertThrows(InvalidInputException.class, () -> pullback("power-iteration", p,
                null));
        assertEquals(Problem.NOT_FINITE, nan.problem());
        assertTrue(nan.getMessage().contains("vectorsBar entry 4"), nan.getMessage());
        p.vectorsBar()[4] = Float.POSITIVE_INFINITY;
        assertEquals(Problem.NOT_FINITE, assertThrows(InvalidInputException.class,
                () -> pullback("adaptive", p, null)).problem());
        p.vectorsBar()[4] = 1;
        float[] unordered = {1, 2, 0};
        assertEquals(Problem.UNORDERED, assertThrows(InvalidInputException.class, () -> Pullback3PowerIterationFloat
                .pullback(unordered, 0, p.vectors(), 0, null, 0, null, 0, g, 0, 19, null)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class, () -> Pullback3PowerIterationFloat
                .pullback(p.values(), 0, p.vectors(), 0, null, 0, null, 0, g, 0, (1L << 24) + 1, null)).problem());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class, () -> Pullback3PowerIterationFloat
                .pullback(p.values(), 0, p.vectors(), 0, null, 0, null, 0, new float[8], 0, 19, null)).problem());
        // cotangents near Float.MAX_VALUE: the gradient overflows float, named, nothing silent
        float[] huge = new float[9];
        java.util.Arrays.fill(huge, Float.MAX_VALUE / 2);
        float[] tight = {1, 1 - 1e-6f, 0.5f};
        InvalidInputException overflow = assertThrows(InvalidInputException.class, () -> Pullback3PowerIterationFloat
                .pullback(tight, 0, p.vectors(), 0, null, 0, huge, 0, g, 0, 1 << 20, null));
        assertEquals(Problem.OUT_OF_RANGE, overflow.problem());
    }

    /** Subnormal and near-overflow spectra take the scaled path and agree with double. */
    @Test
    void subnormalAndHugeSpectraAgreeWithDouble() {
        SplittableRandom random = new SplittableRandom(2200);
        for (double top : new double[] {1e-42, 1e-38, 3e37, 3e38}) {
            double[] s = TestMatrices.separatedSpectrum(3, true, random);
            double scale = top / s[0];
            for (int i = 0; i < 3; i++) {
                s[i] *= scale;
            }
            Problem32 p = problem(s, random);
            if (top < 1) {
                // with unit cotangents the gradient (about |VBar| / gap) exceeds the float range: named
                assertEquals(Problem.OUT_OF_RANGE, assertThrows(InvalidInputException.class,
                        () -> pullback("power-iteration", p, null)).problem());
                for (int k = 0; k < 9; k++) {
                    p.vectorsBar()[k] *= (float) (top * 1e3); // subnormal for 1e-42: fewer bits, same in both
                }
            }
            for (String method : METHODS) {
                double e = relativeError(pullback(method, p, null), pullbackInDouble(method, p));
                // subnormal eigenvalues carry fewer bits: the double result of the same inputs is the reference
                assertTrue(e <= 1e-4, method + " at " + top + ": " + e);
            }
        }
    }

    /**
     * The float powering of the rules: the float products of binary powering, flushed to zero
     * below 2^-63 (never subnormal), exact for powers of two and within about K ulps otherwise
     * (each squaring doubles the relative error: the rules use x^K only where K x^K <= 1/2).
     */
    @Test
    void floatPoweringIsBinaryPoweringKeptOutOfTheSubnormals() {
        assertEquals(0x1p-60f, io.github.eigengrad.runtime.RuleArithmetic.integerPower(0.5f, 60));
        assertEquals(0f, io.github.eigengrad.runtime.RuleArithmetic.integerPower(0.5f, 64));
        assertEquals(0f, io.github.eigengrad.runtime.RuleArithmetic.integerPower(1e-3f, 19)); // 1e-57: float would be 0 anyway
        SplittableRandom random = new SplittableRandom(2300);
        for (int t = 0; t < 10_000; t++) {
            float x = (float) random.nextDouble();
            int k = 1 + random.nextInt(1 << 20);
            float p = io.github.eigengrad.runtime.RuleArithmetic.integerPower(x, k);
            double exact = Math.pow(x, k);
            assertTrue(p == 0 || Math.abs(p) >= Float.MIN_NORMAL, "subnormal " + p);
            if (exact >= 0x1p-62) {
                assertEquals(exact, p, (k + 1.0) * 0x1p-23 * exact, x + "^" + k);
            } else {
                assertTrue(p < 0x1p-62, x + "^" + k + " = " + p);
            }
        }
    }

    /**
     * F^(K) in float (docs/math.md section 11) within 8 eps_f of a 60-digit evaluation of the same
     * float eigenvalues, read off the 2x2 float rule (V = I, a cotangent that leaves F alone in
     * the off-diagonal entry), across the switch of the stable form (K r^K = 1/2), near ties
     * down to one float ulp, at ties (K / mu), for K from 1 to 2^24.
     */
    @Test
    void seriesCoefficientInFloatWithin8EpsOfBigDecimal() {
        java.math.MathContext mc = new java.math.MathContext(60);
        float[] vectors = {1, 0, 0, 1};
        float[] vectorsBar = {0, 0, 2, 0}; // G_10 = 2: the (0, 1) entry of the gradient is F_10
        float[] gradient = new float[4];
        SplittableRandom random = new SplittableRandom(2400);
        double worst = 0;
        int points = 0;
        for (long k : new long[] {1, 2, 3, 19, 100, 1000, 1 << 16, 1 << 20, 1 << 24}) {
            for (int t = 0; t < 400; t++) {
                float mu0 = (float) (1 + random.nextDouble());
                float ratio;
                switch (t % 4) {
                    case 0 -> ratio = (float) Math.pow(1 / (2.0 * k), 1.0 / k) * (float) (1 + 0.01 * (random.nextDouble() - 0.5));
                    case 1 -> ratio = 1 - (float) Math.scalb(1.0, -1 - random.nextInt(23)); // near ties
                    case 2 -> ratio = (float) random.nextDouble();
                    default -> ratio = t % 8 == 3 ? 1 : (float) Math.pow(random.nextDouble(), 1.0 / k);
                }
                float mu1 = Math.min(mu0, mu0 * ratio);
                if (!(mu1 > 64 * 2 * 0x1p-24 * mu0)) {
                    continue; // the rule would shift this spectrum: F is then that of mu + shift
                }
                Pullback2PowerIterationFloat.pullback(new float[] {mu0, mu1}, 0, vectors, 0, null, 0, vectorsBar, 0,
                        gradient, 0, k, null);
                java.math.BigDecimal a = new java.math.BigDecimal(mu0);
                java.math.BigDecimal b = new java.math.BigDecimal(mu1);
                java.math.BigDecimal exact;
                if (mu0 == mu1) {
                    exact = java.math.BigDecimal.valueOf(k).divide(a, mc);
                } else {
                    java.math.BigDecimal p = b.divide(a, mc).pow((int) Math.min(k, Integer.MAX_VALUE), mc);
                    exact = java.math.BigDecimal.ONE.subtract(p, mc).divide(a.subtract(b, mc), mc);
                }
                double e = Math.abs(new java.math.BigDecimal(gradient[1]).subtract(exact, mc)
                        .divide(exact, mc).doubleValue()) / 0x1p-24;
                assertTrue(e <= 8, "F^(" + k + ")(" + mu0 + ", " + mu1 + "): " + e + " eps_f");
                worst = Math.max(worst, e);
                points++;
            }
        }
        assertTrue(points > 3000, "points " + points);
        System.out.printf("float F^(K): %d points, worst %.2f eps_f%n", points, worst);
    }
}
