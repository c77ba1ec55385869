package io.github.eigengrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 3x3 batch of {@link Small3Benchmark} on SIMD lanes: the same state and calls, in forks
 * with {@code --add-modules jdk.incubator.vector}, where {@code EigenBatch} uses the lanes.
 * Compare with the {@code batch*} methods of {@link Small3Benchmark} (forks without the
 * module: the scalar path) in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class Batch3LanesBenchmark {
    /** Fails the fork rather than measure the scalar path under this name. */
    @Setup
    public void requireLanes() {
        if (!io.github.eigengrad.runtime.EigenBatch.vectorLanesAvailable()) {
            throw new IllegalStateException("this fork has no jdk.incubator.vector");
        }
    }

    @Benchmark
    @OperationsPerInvocation(Small3Benchmark.Batch.COUNT)
    public double[] batchOneThread(Small3Benchmark.Batch s) {
        s.oneThread.decomposeAndPullback(Small3Benchmark.Batch.COUNT, 3, s.matrices, s.valuesBar, s.vectorsBar,
                s.values, s.vectors, s.gradients, null);
        return s.gradients;
    }

    /** The forward half of {@link #batchOneThread}. */
    @Benchmark
    @OperationsPerInvocation(Small3Benchmark.Batch.COUNT)
    public double[] batchForwardOneThread(Small3Benchmark.Batch s) {
        s.oneThread.decompose(Small3Benchmark.Batch.COUNT, 3, s.matrices, s.values, s.vectors);
        return s.vectors;
    }

    /** The pullback half of {@link #batchOneThread}, from the forward results of the set-up. */
    @Benchmark
    @OperationsPerInvocation(Small3Benchmark.Batch.COUNT)
    public double[] batchPullbackOneThread(Small3Benchmark.Batch s) {
        s.oneThread.pullback(Small3Benchmark.Batch.COUNT, 3, s.values, s.vectors, s.valuesBar, s.vectorsBar,
                s.gradients, null);
        return s.gradients;
    }

    @Benchmark
    @OperationsPerInvocation(Small3Benchmark.Batch.COUNT)
    public double[] batchTwoThreads(Small3Benchmark.Batch s) {
        s.twoThreads.decomposeAndPullback(Small3Benchmark.Batch.COUNT, 3, s.matrices, s.valuesBar, s.vectorsBar,
                s.values, s.vectors, s.gradients, null);
        return s.gradients;
    }
}
