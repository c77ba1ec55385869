package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The general-n pullbacks and pushforwards with an executor: the products' rows split in two
 * ranges give the same bits as the calling thread alone, for every method, at an even and an
 * odd n, and with executors that reject, discard or hold back the ranges.
 */
class RuleExecutorTest {
    private static double[] flat(double[][] a) {
        int n = a.length;
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, f, i * n, n);
        }
        return f;
    }

    private static void assertSameBits(EigenGradient alone, EigenGradient shared, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = flat(TestMatrices.gaussianSymmetric(n, random));
        double[] valuesBar = TestMatrices.gaussianVector(n, random);
        double[] vectorsBar = flat(TestMatrices.gaussianMatrix(n, n, random));
        double[] tangent = flat(TestMatrices.gaussianSymmetric(n, random));
        SymmetricEigendecomposition e = alone.decompose(a, n);
        String method = alone.pullbackOptions().method() + " n=" + n;
        assertArrayEquals(alone.pullback(e, valuesBar, vectorsBar).gradientRowMajor(),
                shared.pullback(e, valuesBar, vectorsBar).gradientRowMajor(), 0, "pullback, " + method);
        PushforwardResult one = alone.pushforward(e, tangent);
        PushforwardResult two = shared.pushforward(e, tangent);
        assertArrayEquals(one.valuesDot(), two.valuesDot(), 0, "pushforward values, " + method);
        assertArrayEquals(one.vectorsDotRowMajor(), two.vectorsDotRowMajor(), 0, "pushforward vectors, " + method);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {GeneratedRuleSupport.PARALLEL_ROWS_FROM, 301})
    void everyMethodGivesTheSameBitsOnAPool(int n) {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        AtomicInteger ran = new AtomicInteger();
        Executor counting = task -> pool.execute(() -> {
            ran.incrementAndGet();
            task.run();
        });
        try {
            for (EigenGradient.Method method : EigenGradient.Method.values()) {
                EigenGradient alone = EigenGradient.builder().method(method).build();
                EigenGradient shared = EigenGradient.builder().method(method).executor(counting).build();
                assertSameBits(alone, shared, n, 0xB17L + n + method.ordinal());
            }
            assertTrue(ran.get() > 0, "the executor was used");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectingDiscardingAndHoldingExecutorsGiveTheSameBits() {
        int n = GeneratedRuleSupport.PARALLEL_ROWS_FROM;
        try (AwkwardExecutors awkward = new AwkwardExecutors()) {
            EigenGradient alone = EigenGradient.builder().build();
            for (Executor executor : awkward.all()) {
                assertSameBits(alone, EigenGradient.builder().executor(executor).build(), n, 0xB18L);
            }
            // the ranges were claimed by the calling thread: the held tasks do nothing
            assertTrue(awkward.runHeld() > 0);
        }
    }
}
