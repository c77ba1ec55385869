package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.rules.AdaptiveN;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackRule;
import io.github.eigengrad.runtime.PushforwardRule;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each generated rule against the runtime's pullback with the same method and parameters. */
class GeneratedRulesTest {
    static void compare(PullbackRule rule, EigenGradient runtime, int n, SplittableRandom random) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = random.nextDouble(-1, 1);
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        SymmetricEigendecomposition e = runtime.decompose(a, n);
        double[] valuesBar = new double[n];
        double[] vectorsBar = new double[n * n];
        for (int i = 0; i < n; i++) {
            valuesBar[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < n * n; i++) {
            vectorsBar[i] = random.nextDouble(-1, 1);
        }
        double[] expected = runtime.pullback(e, valuesBar, vectorsBar).gradientRowMajor();
        double[] actual = new double[n * n];
        rule.pullback(e.values(), e.vectorsRowMajor(), valuesBar, vectorsBar, actual);
        double scale = 0;
        for (double x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int k = 0; k < n * n; k++) {
            assertEquals(expected[k], actual[k], 1e-12 * scale, "entry " + k + " of n = " + n);
        }
    }

    @Test
    void powerIteration3x3MatchesTheRuntime() {
        SplittableRandom random = new SplittableRandom(1);
        PullbackRule rule = new Eigh3Pi();
        assertEquals(3, rule.size());
        EigenGradient runtime = EigenGradient.builder().method(EigenGradient.Method.POWER_ITERATION).iterations(19)
                .build();
        for (int t = 0; t < 200; t++) {
            compare(rule, runtime, 3, random);
        }
    }

    @Test
    void adaptiveGeneralMatchesTheRuntime() {
        SplittableRandom random = new SplittableRandom(2);
        PullbackRule rule = new AdaptiveN();
        assertEquals(PullbackRule.GENERAL, rule.size());
        EigenGradient runtime = EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).tolerance(1e-10)
                .maxIterations(1000).build();
        for (int n : new int[] {2, 3, 5, 8, 13}) {
            for (int t = 0; t < 20; t++) {
                compare(rule, runtime, n, random);
            }
        }
    }

    /** The generated pushforward is the transpose of the generated pullback: the dot-product test. */
    @Test
    void pushforward3x3IsTheTransposeOfThePullback() {
        SplittableRandom random = new SplittableRandom(3);
        PushforwardRule forward = new Jvp3Pi();
        PullbackRule backward = new Eigh3Pi();
        assertEquals(3, forward.size());
        EigenGradient runtime = EigenGradient.builder().build();
        for (int t = 0; t < 200; t++) {
            double[] a = new double[9];
            double[] aDot = new double[9];
            double[] vectorsBar = new double[9];
            double[] valuesBar = new double[3];
            for (int i = 0; i < 9; i++) {
                aDot[i] = random.nextDouble(-1, 1);
                vectorsBar[i] = random.nextDouble(-1, 1);
            }
            for (int i = 0; i < 3; i++) {
                valuesBar[i] = random.nextDouble(-1, 1);
                for (int j = 0; j <= i; j++) {
                    a[i * 3 + j] = a[j * 3 + i] = random.nextDouble(-1, 1);
                }
            }
            SymmetricEigendecomposition e = runtime.decompose(a, 3);
            double[] valuesDot = new double[3];
            double[] vectorsDot = new double[9];
            forward.pushforward(e.values(), e.vectorsRowMajor(), aDot, valuesDot, vectorsDot);
            double[] gradient = new double[9];
            backward.pullback(e.values(), e.vectorsRowMajor(), valuesBar, vectorsBar, gradient);
            double left = 0;
            double right = 0;
            double scale = 0;
            for (int i = 0; i < 9; i++) {
                left += vectorsBar[i] * vectorsDot[i];
                right += gradient[i] * aDot[i];
                scale += Math.abs(vectorsBar[i] * vectorsDot[i]) + Math.abs(gradient[i] * aDot[i]);
            }
            for (int i = 0; i < 3; i++) {
                left += valuesBar[i] * valuesDot[i];
                scale += Math.abs(valuesBar[i] * valuesDot[i]);
            }
            assertEquals(right, left, 1e-12 * scale);
        }
    }

    /** The float rule is the runtime's float pullback (the same generated code), bit for bit. */
    @Test
    void floatRuleMatchesTheRuntimesFloatPullback() {
        SplittableRandom random = new SplittableRandom(4);
        io.github.eigengrad.runtime.FloatPullbackRule rule = new Eigh3Float();
        EigenGradient runtime = EigenGradient.builder().build();
        for (int t = 0; t < 200; t++) {
            float[] a = new float[9];
            float[] vectorsBar = new float[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i * 3 + j] = a[j * 3 + i] = (float) random.nextDouble(-1, 1);
                }
            }
            for (int i = 0; i < 9; i++) {
                vectorsBar[i] = (float) random.nextDouble(-1, 1);
            }
            float[] values = new float[3];
            float[] vectors = new float[9];
            runtime.decompose(a, 3, values, vectors);
            float[] expected = new float[9];
            runtime.pullback(3, values, vectors, null, vectorsBar, expected);
            float[] actual = new float[9];
            rule.pullback(values, vectors, null, vectorsBar, actual);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
        }
    }
}
