package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact gradient of {@code <exp(A), C>} of one large matrix through {@link MatrixFunction},
 * on the calling thread and shared with one pool thread ({@link MatrixFunction#withExecutor}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MatrixFunctionThreadsBenchmark {
    @Param({"256", "512"})
    public int n;

    private SymmetricEigendecomposition e;
    private double[][] c;
    private ExecutorService helper;
    private final MatrixFunction exp = MatrixFunction.exp();
    private MatrixFunction expTwoThreads;

    @Setup
    public void setUp() {
        Problems p = new Problems(n, 1, 5);
        e = SymmetricEigensolver.defaults().decompose(p.matrices, n);
        c = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p.vectorsBar, i * n, c[i], 0, n);
        }
        helper = Executors.newFixedThreadPool(1);
        expTwoThreads = exp.withExecutor(helper);
    }

    @TearDown
    public void tearDown() {
        helper.shutdownNow();
    }

    @Benchmark
    public double[][] oneThread() {
        return exp.gradient(e, c);
    }

    @Benchmark
    public double[][] twoThreads() {
        return expTwoThreads.gradient(e, c);
    }
}
