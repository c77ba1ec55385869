package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch on executors that reject, discard or hold back its chunks, and under an interrupt:
 * results equal the sequential batch, and no chunk writes after the call has returned.
 */
class EigenBatchExecutorTest {
    static final int N = 3;
    static final int COUNT = 64;
    static final EigenBatch SEQUENTIAL = EigenBatch.of(EigenGradient.builder().build()).withChunkSize(4);

    static double[] matrices() {
        SplittableRandom random = new SplittableRandom(15);
        double[] m = new double[COUNT * N * N];
        for (int b = 0; b < COUNT; b++) {
            double[][] a = TestMatrices.gaussianSymmetric(N, random);
            for (int i = 0; i < N; i++) {
                System.arraycopy(a[i], 0, m, b * N * N + i * N, N);
            }
        }
        return m;
    }

    static double[][] decompose(EigenBatch batch) {
        double[] values = new double[COUNT * N];
        double[] vectors = new double[COUNT * N * N];
        batch.decompose(COUNT, N, matrices(), values, vectors);
        return new double[][] {values, vectors};
    }

    @Test
    void rejectingAndDiscardingPoolsGiveTheSequentialResult() throws Exception {
        double[][] expected = decompose(SEQUENTIAL);
        for (var policy : List.of(new ThreadPoolExecutor.AbortPolicy(), new ThreadPoolExecutor.DiscardPolicy(),
                new ThreadPoolExecutor.DiscardOldestPolicy())) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                    policy);
            try {
                double[][] actual = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> decompose(SEQUENTIAL.withExecutor(pool)));
                assertArrayEquals(expected[0], actual[0], 0, policy.getClass().getSimpleName());
                assertArrayEquals(expected[1], actual[1], 0, policy.getClass().getSimpleName());
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
    }

    /** An executor that runs its tasks only after the call: they must find nothing to do. */
    @Test
    void tasksHeldBackPastTheCallWriteNothing() {
        List<Runnable> held = new ArrayList<>();
        Executor later = held::add;
        double[] values = new double[COUNT * N];
        double[] vectors = new double[COUNT * N * N];
        SEQUENTIAL.withExecutor(later).decompose(COUNT, N, matrices(), values, vectors);
        assertArrayEquals(decompose(SEQUENTIAL)[0], values, 0);
        java.util.Arrays.fill(values, 0);
        java.util.Arrays.fill(vectors, 0);
        assertTrue(held.size() == COUNT / 4, "one task per chunk was handed to the executor");
        held.forEach(Runnable::run);
        assertArrayEquals(new double[COUNT * N], values, 0);
        assertArrayEquals(new double[COUNT * N * N], vectors, 0);
    }

    @Test
    void anInterruptCancelsAndThrows() {
        List<Runnable> held = new ArrayList<>();
        double[] values = new double[COUNT * N];
        double[] vectors = new double[COUNT * N * N];
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class,
                    () -> SEQUENTIAL.withExecutor(held::add).decompose(COUNT, N, matrices(), values, vectors));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
        held.forEach(Runnable::run); // cancelled chunks stay cancelled
        assertArrayEquals(new double[COUNT * N], values, 0);
        assertArrayEquals(new double[COUNT * N * N], vectors, 0);
    }

    /** A failing matrix is reported in matrix order on any executor, after every chunk finished. */
    @Test
    void theFirstFailureInMatrixOrderIsThrown() {
        double[] m = matrices();
        m[40 * N * N] = Double.NaN;
        m[9 * N * N + 1] = Double.POSITIVE_INFINITY;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2));
        try {
            InvalidInputException x = assertThrows(InvalidInputException.class, () -> SEQUENTIAL.withExecutor(pool)
                    .decompose(COUNT, N, m, new double[COUNT * N], new double[COUNT * N * N]));
            assertTrue(x.getMessage().startsWith("matrix 9"), x.getMessage());
        } finally {
            pool.shutdown();
        }
    }
}
