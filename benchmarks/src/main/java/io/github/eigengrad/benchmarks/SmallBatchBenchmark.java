package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenBatch;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batches of small matrices (issue 22 asks for n = 4 to 16): forward and power-iteration
 * pullback (K = 19) of {@link #COUNT} matrices through {@link EigenBatch#decomposeAndPullback}
 * against a loop of single-matrix calls ({@link EigenGradient#decompose} and
 * {@link EigenGradient#pullback}), per matrix.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SmallBatchBenchmark {
    static final int COUNT = 256;

    @Param({"4", "5", "8", "16"})
    public int n;

    private final EigenGradient gradient = EigenGradient.builder().build();
    private final EigenBatch batch = EigenBatch.of(gradient);
    private Problems p;
    private double[] values;
    private double[] vectors;
    private double[] gradients;

    @Setup
    public void setUp() {
        p = new Problems(n, COUNT, 4);
        values = new double[COUNT * n];
        vectors = new double[COUNT * n * n];
        gradients = new double[COUNT * n * n];
    }

    /** One call per matrix for the forward pass and one for the pullback, as a caller without batches would. */
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public double singleCalls() {
        double sum = 0;
        for (int b = 0; b < COUNT; b++) {
            SymmetricEigendecomposition e = gradient.decompose(Arrays.copyOfRange(p.matrices, b * n * n,
                    (b + 1) * n * n), n);
            PullbackResult r = gradient.pullback(e, Arrays.copyOfRange(p.valuesBar, b * n, (b + 1) * n),
                    Arrays.copyOfRange(p.vectorsBar, b * n * n, (b + 1) * n * n));
            sum += r.gradient()[0][0];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public double[] batch() {
        batch.decomposeAndPullback(COUNT, n, p.matrices, p.valuesBar, p.vectorsBar, values, vectors, gradients);
        return gradients;
    }
}
