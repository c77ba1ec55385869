package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
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
 * What the accurate path for graded positive definite matrices costs: the general forward
 * pass on three kinds of matrix of one size, in one run.
 * <ul>
 *   <li>{@code indefinite}: Gaussian symmetric, QL (no Cholesky is tried: a diagonal entry is negative);
 *   <li>{@code gram}: a well-conditioned Gram matrix {@code X X^T / 4n}, Cholesky tried, then QL;
 *   <li>{@code graded}: {@code D B D} with D^2 spanning 12 decades, Cholesky and one-sided Jacobi.
 * </ul>
 * EJML's symmetric solver on the graded matrices is the outside baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Thread)
public class PositiveDefiniteBenchmark {
    static final int POOL = 4;

    @Param({"16", "64", "256"})
    public int n;

    @Param({"indefinite", "gram", "graded"})
    public String kind;

    private double[][] matrices;
    private EigenDecomposition_F64<DMatrixRMaj> ejml;
    private DMatrixRMaj ejmlInput;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(23);
        matrices = new double[POOL][];
        for (int b = 0; b < POOL; b++) {
            matrices[b] = matrix(kind, n, random);
        }
        ejml = DecompositionFactory_DDRM.eig(n, true, true);
        ejmlInput = new DMatrixRMaj(n, n);
    }

    static double[] matrix(String kind, int n, SplittableRandom random) {
        double[] a = new double[n * n];
        if (kind.equals("indefinite")) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i * n + j] = a[j * n + i] = Problems.gaussian(random);
                }
            }
            return a;
        }
        int m = 4 * n;
        double[] x = new double[n * m];
        for (int k = 0; k < x.length; k++) {
            x[k] = Problems.gaussian(random);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = kind.equals("graded") ? Math.pow(10, -6 * random.nextDouble()) : 1;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += x[i * m + k] * x[j * m + k];
                }
                a[i * n + j] = a[j * n + i] = d[i] * (s / m) * d[j];
            }
        }
        return a;
    }

    @Benchmark
    public SymmetricEigendecomposition forward() {
        double[] a = matrices[next++ & (POOL - 1)];
        return SymmetricEigensolver.defaults().decompose(a, n);
    }

    @Benchmark
    public Object ejmlForward() {
        System.arraycopy(matrices[next++ & (POOL - 1)], 0, ejmlInput.data, 0, n * n);
        ejml.decompose(ejmlInput);
        return ejml.getEigenVector(0);
    }
}
