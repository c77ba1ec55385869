package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.util.Arrays;
import java.util.SplittableRandom;
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
 * The top-k pullback (docs/math.md section 6) against the full pullback with zero cotangents beyond
 * k, both through {@link EigenGradient} with power iteration, K = 19, on one positive definite
 * matrix (docs/performance.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TopKBenchmark {
    @Param({"256"})
    int n;

    @Param({"8"})
    int k;

    private final EigenGradient gradient = EigenGradient.builder().build();
    private double[] matrix;
    private SymmetricEigendecomposition forward;
    private double[] topValues;
    private double[] topVectors;
    private double[] valuesBar;
    private double[] vectorsBar;
    private double[] fullValuesBar;
    private double[] fullVectorsBar;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(9);
        // a Gram matrix G^T G / n + I: positive definite
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = Problems.gaussian(random);
        }
        matrix = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += g[t * n + i] * g[t * n + j];
                }
                matrix[i * n + j] = s / n + (i == j ? 1 : 0);
            }
        }
        forward = gradient.decompose(matrix, n);
        topValues = Arrays.copyOf(forward.values(), k);
        double[] vectors = forward.vectorsRowMajor();
        topVectors = new double[n * k];
        valuesBar = new double[k];
        vectorsBar = new double[n * k];
        fullValuesBar = new double[n];
        fullVectorsBar = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectors, i * n, topVectors, i * k, k);
            for (int a = 0; a < k; a++) {
                vectorsBar[i * k + a] = Problems.gaussian(random);
                fullVectorsBar[i * n + a] = vectorsBar[i * k + a];
            }
        }
        for (int a = 0; a < k; a++) {
            valuesBar[a] = Problems.gaussian(random);
            fullValuesBar[a] = valuesBar[a];
        }
    }

    @Benchmark
    public double[] topK() {
        return gradient.pullbackTopK(matrix, n, topValues, topVectors, valuesBar, vectorsBar).gradientRowMajor();
    }

    @Benchmark
    public double[] full() {
        return gradient.pullback(forward, fullValuesBar, fullVectorsBar).gradientRowMajor();
    }
}
