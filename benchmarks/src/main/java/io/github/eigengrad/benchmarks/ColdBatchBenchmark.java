package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenBatch;
import io.github.eigengrad.runtime.EigenGradient;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first batch call in a fresh JVM (single shot, no warm-up), on SIMD lanes and scalar, in
 * forks that all have {@code jdk.incubator.vector} so that only the path differs. The score is
 * the time of the whole call; divide by {@code count} for a matrix. What it shows: how many
 * matrices a cold call needs before the lanes pay for their compilation (docs/performance.md).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 10, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@State(Scope.Benchmark)
public class ColdBatchBenchmark {
    @Param({"1000", "20000", "200000"})
    public int count;

    @Param({"lanes", "scalar"})
    public String path;

    private double[] matrices;
    private double[] vectorsBar;
    private double[] values;
    private double[] vectors;
    private double[] gradients;
    private EigenBatch batch;

    @Setup
    public void setUp() {
        Problems p = new Problems(3, count, 41);
        matrices = p.matrices;
        vectorsBar = p.vectorsBar;
        values = new double[3 * count];
        vectors = new double[9 * count];
        gradients = new double[9 * count];
        batch = EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(path.equals("lanes"));
        if (path.equals("lanes") && !EigenBatch.vectorLanesAvailable()) {
            throw new IllegalStateException("this fork has no jdk.incubator.vector");
        }
    }

    @Benchmark
    public double[] firstCall() {
        batch.decomposeAndPullback(count, 3, matrices, null, vectorsBar, values, vectors, gradients);
        return gradients;
    }
}
