package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianPullbackResult;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.HermitianEigensolver;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
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
 * The complex Hermitian forward pass (docs/math.md section 13) against the real symmetric one
 * of the same n, through the public API: a random Hermitian matrix with Gaussian entries, and a
 * random real symmetric one, alone and with the power-iteration pullback (K = 19), and the
 * exact gradient of the matrix exponential from a decomposition made in the setup. Issue 21 asks
 * for at most 4.5x at n = 64 and 256 (forward) and 5x at n = 3 (forward + pullback); n = 4 is
 * the largest size with straight-line complex code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class HermitianBenchmark {
    static final int POOL = 4;

    @Param({"3", "4", "64", "256"})
    public int n;

    private double[][] hermitian;
    private double[][] symmetric;
    private double[][] valuesBar;
    private double[][] vectorsBar;
    private double[][] vectorsBarComplex;
    private double[][][] functionBar;
    private double[][] functionBarComplex;
    private HermitianEigendecomposition[] complexDecompositions;
    private SymmetricEigendecomposition[] realDecompositions;
    private final EigenGradient gradient = EigenGradient.builder().build();
    private final MatrixFunction exp = MatrixFunction.exp();
    private int next;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(21);
        hermitian = new double[POOL][2 * n * n];
        symmetric = new double[POOL][n * n];
        valuesBar = new double[POOL][n];
        vectorsBar = new double[POOL][n * n];
        vectorsBarComplex = new double[POOL][2 * n * n];
        functionBar = new double[POOL][n][n];
        functionBarComplex = new double[POOL][];
        complexDecompositions = new HermitianEigendecomposition[POOL];
        realDecompositions = new SymmetricEigendecomposition[POOL];
        for (int p = 0; p < POOL; p++) {
            for (int k = 0; k < n; k++) {
                valuesBar[p][k] = random.nextGaussian();
            }
            for (int k = 0; k < n * n; k++) {
                vectorsBar[p][k] = random.nextGaussian();
                vectorsBarComplex[p][2 * k] = vectorsBar[p][k];
                vectorsBarComplex[p][2 * k + 1] = random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double re = random.nextGaussian();
                    double im = i == j ? 0 : random.nextGaussian();
                    hermitian[p][2 * (i * n + j)] = re;
                    hermitian[p][2 * (i * n + j) + 1] = im;
                    hermitian[p][2 * (j * n + i)] = re;
                    hermitian[p][2 * (j * n + i) + 1] = -im;
                    double s = random.nextGaussian();
                    symmetric[p][i * n + j] = s;
                    symmetric[p][j * n + i] = s;
                }
            }
            for (int k = 0; k < n * n; k++) {
                functionBar[p][k / n][k % n] = vectorsBar[p][k];
            }
            functionBarComplex[p] = vectorsBarComplex[p].clone();
            complexDecompositions[p] = HermitianEigensolver.defaults().decompose(hermitian[p], n);
            realDecompositions[p] = SymmetricEigensolver.defaults().decompose(symmetric[p], n);
        }
    }

    private int index() {
        int p = next;
        next = (next + 1) % POOL;
        return p;
    }

    @Benchmark
    public HermitianEigendecomposition complexForward() {
        return HermitianEigensolver.defaults().decompose(hermitian[index()], n);
    }

    @Benchmark
    public SymmetricEigendecomposition realForward() {
        return SymmetricEigensolver.defaults().decompose(symmetric[index()], n);
    }

    /** Forward pass and power-iteration pullback (K = 19), complex. */
    @Benchmark
    public HermitianPullbackResult complexForwardPullback() {
        int p = index();
        HermitianEigendecomposition e = gradient.decomposeHermitian(hermitian[p], n);
        return gradient.pullback(e, valuesBar[p], vectorsBarComplex[p]);
    }

    /** Forward pass and power-iteration pullback (K = 19), real. */
    @Benchmark
    public PullbackResult realForwardPullback() {
        int p = index();
        SymmetricEigendecomposition e = gradient.decompose(symmetric[p], n);
        return gradient.pullback(e, valuesBar[p], vectorsBar[p]);
    }

    /** The exact gradient of Re <exp(M), C>, complex, from a decomposition. */
    @Benchmark
    public double[] complexExpGradient() {
        int p = index();
        return exp.gradient(complexDecompositions[p], functionBarComplex[p]);
    }

    /** The exact gradient of <exp(M), C>, real, from a decomposition. */
    @Benchmark
    public double[][] realExpGradient() {
        int p = index();
        return exp.gradient(realDecompositions[p], functionBar[p]);
    }
}
