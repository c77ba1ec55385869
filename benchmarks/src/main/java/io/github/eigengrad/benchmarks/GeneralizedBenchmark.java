package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedPullbackResult;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
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
 * The generalised problem (docs/math.md section 12) against the standard one of the same n,
 * through the public API: forward pass and power-iteration pullback (K = 19) of a random pair
 * (A, B) with B well conditioned, and of A alone. Each call takes the next of 4 problems.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GeneralizedBenchmark {
    static final int POOL = 4;

    @Param({"3", "64", "256"})
    public int n;

    private double[][][] a;
    private double[][][] b;
    /** B = G D^2 G^T / n with D graded from 1 to 1e-4: cond(B) of order 1e8, refined and searched. */
    private double[][][] illConditioned;
    private double[][] valuesBar;
    private double[][][] vectorsBar;
    private final EigenGradient gradient = EigenGradient.builder().build();
    private int next;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        a = new double[POOL][n][n];
        b = new double[POOL][n][n];
        valuesBar = new double[POOL][n];
        vectorsBar = new double[POOL][n][n];
        illConditioned = new double[POOL][n][n];
        for (int p = 0; p < POOL; p++) {
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    g[i][j] = random.nextGaussian();
                    vectorsBar[p][i][j] = random.nextGaussian();
                }
                valuesBar[p][i] = random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += g[i][k] * g[j][k]; // B = G G^T / n + I: well conditioned
                    }
                    b[p][i][j] = s / n + (i == j ? 1 : 0);
                    double t = 0;
                    for (int k = 0; k < n; k++) {
                        double d = Math.pow(1e-4, n == 1 ? 0 : (double) k / (n - 1));
                        t += g[i][k] * g[j][k] * d * d;
                    }
                    illConditioned[p][i][j] = t / n;
                    illConditioned[p][j][i] = t / n;
                    b[p][j][i] = b[p][i][j];
                    a[p][i][j] = random.nextGaussian();
                    a[p][j][i] = a[p][i][j];
                }
            }
        }
    }

    private int index() {
        int p = next;
        next = (next + 1) % POOL;
        return p;
    }

    @Benchmark
    public PullbackResult standardForwardPullback() {
        int p = index();
        SymmetricEigendecomposition e = gradient.decompose(a[p]);
        return gradient.pullback(e, valuesBar[p], vectorsBar[p]);
    }

    @Benchmark
    public GeneralizedPullbackResult generalizedForwardPullback() {
        int p = index();
        GeneralizedEigendecomposition e = gradient.decompose(a[p], b[p]);
        return gradient.pullback(e, valuesBar[p], vectorsBar[p]);
    }

    @Benchmark
    public SymmetricEigendecomposition standardForward() {
        return gradient.decompose(a[index()]);
    }

    @Benchmark
    public GeneralizedEigendecomposition generalizedForward() {
        int p = index();
        return gradient.decompose(a[p], b[p]);
    }

    /** The forward pass with an ill-conditioned B: what the refinement steps and the search cost. */
    @Benchmark
    public GeneralizedEigendecomposition generalizedForwardIllConditioned() {
        int p = index();
        return gradient.decompose(a[p], illConditioned[p]);
    }
}
