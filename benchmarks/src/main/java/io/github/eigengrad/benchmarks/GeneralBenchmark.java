package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIteration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;
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
 * Forward and pullback at n = 16, 64, 256 and 512: eigengrad against ojAlgo (forward), Commons
 * Math and EJML, and eigengrad's forward pass and power-iteration pullback shared with one pool
 * thread (the {@code TwoThreads} benchmarks; the calling thread is the second).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GeneralBenchmark {
    static final int POOL = 4;

    @Param({"16", "64", "256", "512"})
    public int n;

    private Problems p;
    private double[][] flat;
    private SymmetricEigendecomposition[] ours;
    private double[][] oursValues;
    private double[][] oursVectors;
    private EigenDecomposition[] commons;
    private DMatrixRMaj[] ejmlVectors;
    private double[][] ejmlValues;
    private double[] gradient;
    private PullbackGeneralPowerIteration.Workspace powerWorkspace;
    private PullbackGeneralPowerIteration.Workspace powerWorkspaceTwoThreads;
    private PullbackGeneralAnalytic.Workspace analyticWorkspace;
    private PushforwardGeneralPowerIteration.Workspace powerForward;
    private PushforwardGeneralAnalytic.Workspace analyticForward;
    private double[] valuesDot;
    private double[] vectorsDot;
    private EigenDecomposition_F64<DMatrixRMaj> ejml;
    private Eigenvalue<Double> ojalgo;
    private DMatrixRMaj ejmlInput;
    private ExecutorService helper;
    private SymmetricEigensolver twoThreads;
    private int next;

    @Setup
    public void setUp() {
        p = new Problems(n, POOL, 11);
        flat = new double[POOL][];
        ours = new SymmetricEigendecomposition[POOL];
        oursValues = new double[POOL][];
        oursVectors = new double[POOL][];
        commons = new EigenDecomposition[POOL];
        ejmlVectors = new DMatrixRMaj[POOL];
        ejmlValues = new double[POOL][n];
        ejml = DecompositionFactory_DDRM.eig(n, true, true);
        ejmlInput = new DMatrixRMaj(n, n);
        ojalgo = Baselines.ojalgoSymmetric(n);
        for (int b = 0; b < POOL; b++) {
            flat[b] = java.util.Arrays.copyOfRange(p.matrices, b * n * n, (b + 1) * n * n);
            ours[b] = SymmetricEigensolver.defaults().decompose(flat[b], n);
            oursValues[b] = ours[b].values();
            oursVectors[b] = ours[b].vectorsRowMajor();
            commons[b] = new EigenDecomposition(new Array2DRowRealMatrix(p.matrices2d[b]));
            System.arraycopy(flat[b], 0, ejmlInput.data, 0, n * n);
            ejml.decompose(ejmlInput);
            ejmlVectors[b] = new DMatrixRMaj(n, n);
            for (int j = 0; j < n; j++) {
                ejmlValues[b][j] = ejml.getEigenvalue(j).real;
                DMatrixRMaj vj = ejml.getEigenVector(j);
                for (int i = 0; i < n; i++) {
                    ejmlVectors[b].set(i, j, vj.get(i));
                }
            }
        }
        gradient = new double[n * n];
        powerWorkspace = new PullbackGeneralPowerIteration.Workspace(n);
        analyticWorkspace = new PullbackGeneralAnalytic.Workspace(n);
        powerForward = new PushforwardGeneralPowerIteration.Workspace(n);
        analyticForward = new PushforwardGeneralAnalytic.Workspace(n);
        valuesDot = new double[n];
        vectorsDot = new double[n * n];
        helper = Executors.newFixedThreadPool(1);
        twoThreads = SymmetricEigensolver.builder().executor(helper).build();
        powerWorkspaceTwoThreads = new PullbackGeneralPowerIteration.Workspace(n, helper);
    }

    @TearDown
    public void tearDown() {
        helper.shutdownNow();
    }

    private int index() {
        int b = next;
        next = (next + 1) % POOL;
        return b;
    }

    @Benchmark
    public SymmetricEigendecomposition oursForward() {
        return SymmetricEigensolver.defaults().decompose(flat[index()], n);
    }

    /** The forward pass shared with one pool thread (the calling thread is the second). */
    @Benchmark
    public SymmetricEigendecomposition oursForwardTwoThreads() {
        return twoThreads.decompose(flat[index()], n);
    }

    @Benchmark
    public EigenDecomposition commonsMathForward() {
        return new EigenDecomposition(new Array2DRowRealMatrix(p.matrices2d[index()]));
    }

    @Benchmark
    public EigenDecomposition_F64<DMatrixRMaj> ejmlForward() {
        System.arraycopy(flat[index()], 0, ejmlInput.data, 0, n * n);
        ejml.decompose(ejmlInput);
        return ejml;
    }

    /** ojAlgo's symmetric eigendecomposition, reused, of the matrix wrapped without a copy. */
    @Benchmark
    public Eigenvalue<Double> ojalgoForward() {
        ojalgo.decompose(R064Store.wrap(flat[index()], n));
        return ojalgo;
    }

    @Benchmark
    public double[] oursPullbackPowerIteration() {
        int b = index();
        PullbackGeneralPowerIteration.pullback(n, oursValues[b], 0, oursVectors[b], 0, p.valuesBar, b * n,
                p.vectorsBar, b * n * n, gradient, 0, 19, powerWorkspace, null);
        return gradient;
    }

    /** The power-iteration pullback with its products' rows split between a pool thread and the calling thread. */
    @Benchmark
    public double[] oursPullbackPowerIterationTwoThreads() {
        int b = index();
        PullbackGeneralPowerIteration.pullback(n, oursValues[b], 0, oursVectors[b], 0, p.valuesBar, b * n,
                p.vectorsBar, b * n * n, gradient, 0, 19, powerWorkspaceTwoThreads, null);
        return gradient;
    }

    /** Forward mode, the tangent of each problem its vectorsBar read as ADot: the same products as the pullback. */
    @Benchmark
    public double[] oursPushforwardPowerIteration() {
        int b = index();
        PushforwardGeneralPowerIteration.pushforward(n, oursValues[b], 0, oursVectors[b], 0, p.vectorsBar, b * n * n,
                valuesDot, 0, vectorsDot, 0, 19, powerForward, null);
        return vectorsDot;
    }

    @Benchmark
    public double[] oursPushforwardAnalytic() {
        int b = index();
        PushforwardGeneralAnalytic.pushforward(n, oursValues[b], 0, oursVectors[b], 0, p.vectorsBar, b * n * n,
                valuesDot, 0, vectorsDot, 0, 1e-8, analyticForward, null);
        return vectorsDot;
    }

    @Benchmark
    public double[] oursPullbackAnalytic() {
        int b = index();
        PullbackGeneralAnalytic.pullback(n, oursValues[b], 0, oursVectors[b], 0, p.valuesBar, b * n,
                p.vectorsBar, b * n * n, gradient, 0, 1e-8, analyticWorkspace, null);
        return gradient;
    }

    @Benchmark
    public RealMatrix commonsMathRealMatrixPullback() {
        int b = index();
        return Baselines.realMatrixPullback(commons[b].getRealEigenvalues(), commons[b].getV(), p.valuesBar1d(b),
                MatrixUtils.createRealMatrix(p.vectorsBar2d(b)));
    }

    /** The same formula with EJML's matrix operations. */
    @Benchmark
    public DMatrixRMaj ejmlPullback() {
        int b = index();
        DMatrixRMaj v = ejmlVectors[b];
        double[] lambda = ejmlValues[b];
        DMatrixRMaj vBar = new DMatrixRMaj(n, n);
        System.arraycopy(p.vectorsBar, b * n * n, vBar.data, 0, n * n);
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(v, vBar, g);
        DMatrixRMaj x = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                x.set(k, l, k == l ? p.valuesBar[b * n + k] : 0.5 * (g.get(k, l) - g.get(l, k)) / (lambda[l] - lambda[k]));
            }
        }
        DMatrixRMaj y = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(x, v, y);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(v, y, a);
        return a;
    }
}
