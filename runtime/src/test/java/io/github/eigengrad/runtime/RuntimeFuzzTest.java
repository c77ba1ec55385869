package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.eigengrad.runtime.EigenGradient.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 10^5 random requests through the public runtime API (n from 1 to 6; entries normal, tied,
 * special or at extreme scales; random options, some invalid; cotangents of every size). The
 * contract: every call returns all-finite results or throws an {@link IllegalArgumentException}
 * or a {@link DegenerateSpectrumException}; nothing else, ever.
 */
class RuntimeFuzzTest {
    static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    enum Outcome { FINITE, INVALID, DEGENERATE }

    static double entry(SplittableRandom random, int style) {
        switch (style) {
            case 0:
                return random.nextGaussian();
            case 1: // a few repeated values: ties and rank deficiency
                return random.nextInt(-2, 3);
            case 2: // extreme scales, both tails
                return random.nextGaussian() * Math.pow(10, random.nextInt(-300, 301));
            case 3:
                return random.nextInt(20) == 0 ? SPECIALS[random.nextInt(3)] : random.nextGaussian();
            default: // near the double range
                return (random.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * random.nextDouble();
        }
    }

    static double[][] matrix(int n, SplittableRandom random) {
        int style = random.nextInt(5);
        double scale = random.nextInt(4) == 0 ? Math.pow(10, random.nextInt(-200, 201)) : 1;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = entry(random, style) * scale;
                a[i][j] = x;
                a[j][i] = x;
            }
        }
        switch (random.nextInt(12)) {
            case 0: // asymmetric beyond the tolerance
                a[0][n - 1] += 1;
                break;
            case 1: // ragged
                a[n - 1] = new double[n + 1];
                break;
            case 2: // the identity times a constant: a triple (n-fold) tie
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(a[i], 0);
                    a[i][i] = 2;
                }
                break;
            default:
                break;
        }
        return a;
    }

    /** Valid options, and in one request of five one invalid option. */
    static EigenGradient options(SplittableRandom random) {
        EigenGradient.Builder b = EigenGradient.builder();
        b.method(Method.values()[random.nextInt(3)]);
        int[] ks = {1, 2, 19, 100, 1_000_000_000};
        b.iterations(ks[random.nextInt(ks.length)]);
        double[] tolerances = {1e-10, 1e-3, 0.5};
        b.tolerance(tolerances[random.nextInt(tolerances.length)]);
        int[] caps = {1, 1000, 1_000_000_000};
        b.maxIterations(caps[random.nextInt(caps.length)]);
        double[] epsilons = {0, 1e-4, 1e300};
        b.epsilon(epsilons[random.nextInt(epsilons.length)]);
        b.maskDegenerate(random.nextBoolean());
        double[] gaps = {1e-8, 0, 0.5};
        b.degeneracyTolerance(gaps[random.nextInt(gaps.length)]);
        if (random.nextInt(5) == 0) {
            switch (random.nextInt(5)) {
                case 0 -> b.iterations(random.nextBoolean() ? 0 : -3);
                case 1 -> b.tolerance(new double[] {0, 1, 1.5, Double.NaN}[random.nextInt(4)]);
                case 2 -> b.maxIterations(0);
                case 3 -> b.epsilon(random.nextBoolean() ? -1 : Double.NaN);
                default -> b.degeneracyTolerance(random.nextBoolean() ? 1 : -1);
            }
        }
        return b.build();
    }

    static double[] vector(int length, SplittableRandom random) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        double[] v = new double[length];
        double scale = random.nextInt(6) == 0 ? Math.pow(10, random.nextInt(200, 309)) : 1;
        for (int k = 0; k < length; k++) {
            v[k] = random.nextGaussian() * scale;
        }
        if (random.nextInt(30) == 0) {
            v[random.nextInt(length)] = SPECIALS[random.nextInt(3)];
        }
        return v;
    }

    static Outcome call(SplittableRandom random) {
        int n = random.nextInt(1, 7);
        try {
            EigenGradient g = options(random);
            double[][] a = matrix(n, random);
            SymmetricEigendecomposition e = g.decompose(a);
            for (double v : e.values()) {
                assertTrue(Double.isFinite(v), "eigenvalue " + v);
            }
            for (double v : e.vectorsRowMajor()) {
                assertTrue(Double.isFinite(v), "eigenvector entry " + v);
            }
            // cotangents: usually of the right size, sometimes not
            int m = random.nextInt(8) == 0 ? n + 1 : n;
            double[] lambdaBar = vector(m, random);
            double[] vBar = vector(m * m, random);
            PullbackResult r = random.nextInt(10) == 0
                    ? batch(g, n, a, lambdaBar, vBar)
                    : g.pullback(e, lambdaBar, vBar);
            for (double v : r.gradientRowMajor()) {
                assertTrue(Double.isFinite(v), "gradient entry " + v);
            }
            assertTrue(Double.isFinite(r.maxPairError()) && Double.isFinite(r.shift()));
            r.gradientBound().ifPresent(bound -> assertTrue(!Double.isNaN(bound)));
            return Outcome.FINITE;
        } catch (DegenerateSpectrumException x) {
            return Outcome.DEGENERATE;
        } catch (IllegalArgumentException x) {
            assertTrue(x.getMessage() != null && !x.getMessage().isBlank());
            return Outcome.INVALID;
        }
    }

    /** The same request through the batch API (a batch of one, flat arrays). */
    static PullbackResult batch(EigenGradient g, int n, double[][] a, double[] lambdaBar, double[] vBar) {
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("ragged (checked by the test, as the batch takes flat arrays)");
            }
            System.arraycopy(a[i], 0, flat, i * n, n);
        }
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        double[] gradient = new double[n * n];
        double[] reports = new double[4];
        EigenBatch.of(g).decomposeAndPullback(1, n, flat, lambdaBar, vBar, values, vectors, gradient, reports);
        for (double v : values) {
            assertTrue(Double.isFinite(v));
        }
        return new PullbackResult(n, gradient, java.util.OptionalLong.empty(), reports[2], java.util.OptionalDouble.empty(),
                reports[0], java.util.List.of());
    }

    @Test
    void aHundredThousandRandomRequests() {
        SplittableRandom random = new SplittableRandom(20261126);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (int t = 0; t < 100_000; t++) {
            long seed = random.nextLong();
            try {
                Outcome o = call(new SplittableRandom(seed));
                counts.merge(o, 1, Integer::sum);
            } catch (AssertionError | RuntimeException x) {
                fail("request " + t + " (seed " + seed + ") broke the contract: " + x, x);
            }
        }
        // every outcome is exercised
        assertTrue(counts.getOrDefault(Outcome.FINITE, 0) > 10_000, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.INVALID, 0) > 10_000, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.DEGENERATE, 0) > 100, counts.toString());
    }
}
