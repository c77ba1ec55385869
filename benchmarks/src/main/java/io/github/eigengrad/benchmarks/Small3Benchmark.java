package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenBatch;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.SmallEigensolver;
import io.github.eigengrad.runtime.generated.Pullback3Adaptive;
import io.github.eigengrad.runtime.generated.Pullback3Analytic;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.Pushforward3Adaptive;
import io.github.eigengrad.runtime.generated.Pushforward3Analytic;
import io.github.eigengrad.runtime.generated.Pushforward3PowerIteration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 3x3 eigendecomposition plus its gradient, eigengrad against the usual Java paths
 * (docs/performance.md). Each call takes the next of 1024 random problems.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class Small3Benchmark {
    static final int POOL = 1024;

    private final Problems p = new Problems(3, POOL, 42);
    private final double[] values = new double[3];
    private final double[] vectors = new double[9];
    private final double[] gradient = new double[9];
    private final double[] valuesDot = new double[3];
    private final double[] vectorsDot = new double[9];
    private final PullbackGeneralPowerIteration.Workspace workspace = new PullbackGeneralPowerIteration.Workspace(3);
    private final EigenDecomposition_F64<DMatrixRMaj> ejml = DecompositionFactory_DDRM.eig(3, true, true);
    private final DMatrixRMaj ejmlInput = new DMatrixRMaj(3, 3);
    private int next;

    private int index() {
        int b = next;
        next = (next + 1) & (POOL - 1);
        return b;
    }

    @Benchmark
    public double[] forward() {
        SmallEigensolver.decompose3(p.matrices, index() * 9, 0, values, 0, vectors, 0);
        return vectors;
    }

    @Benchmark
    public double[] forwardPullbackPowerIteration() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pullback3PowerIteration.pullback(values, 0, vectors, 0, p.valuesBar, b * 3, p.vectorsBar, b * 9, gradient, 0,
                19, null);
        return gradient;
    }

    @Benchmark
    public double[] forwardPullbackAdaptive() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pullback3Adaptive.pullback(values, 0, vectors, 0, p.valuesBar, b * 3, p.vectorsBar, b * 9, gradient, 0, 1e-10,
                1000, null);
        return gradient;
    }

    @Benchmark
    public double[] forwardPullbackAnalytic() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pullback3Analytic.pullback(values, 0, vectors, 0, p.valuesBar, b * 3, p.vectorsBar, b * 9, gradient, 0, 1e-8,
                null);
        return gradient;
    }

    /** Our general-n (loop) pullback on a 3x3, for the value of specialising. */
    /** Forward mode: the tangent of each problem is its vectorsBar, read as ADot. */
    @Benchmark
    public double[] forwardPushforwardPowerIteration() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pushforward3PowerIteration.pushforward(values, 0, vectors, 0, p.vectorsBar, b * 9, valuesDot, 0, vectorsDot, 0,
                19, null);
        return vectorsDot;
    }

    @Benchmark
    public double[] forwardPushforwardAdaptive() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pushforward3Adaptive.pushforward(values, 0, vectors, 0, p.vectorsBar, b * 9, valuesDot, 0, vectorsDot, 0, 1e-10,
                1000, null);
        return vectorsDot;
    }

    @Benchmark
    public double[] forwardPushforwardAnalytic() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        Pushforward3Analytic.pushforward(values, 0, vectors, 0, p.vectorsBar, b * 9, valuesDot, 0, vectorsDot, 0, 1e-8,
                null);
        return vectorsDot;
    }

    @Benchmark
    public double[] forwardPullbackGeneralPathOn3x3() {
        int b = index();
        SmallEigensolver.decompose3(p.matrices, b * 9, 0, values, 0, vectors, 0);
        PullbackGeneralPowerIteration.pullback(3, values, 0, vectors, 0, p.valuesBar, b * 3, p.vectorsBar, b * 9,
                gradient, 0, 19, workspace, null);
        return gradient;
    }

    @Benchmark
    public double[][] commonsMathWithLoopPullback() {
        int b = index();
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(p.matrices2d[b], false));
        return Baselines.loopPullback(e.getRealEigenvalues(), e.getV().getData(), p.valuesBar1d(b), p.vectorsBar2d(b));
    }

    @Benchmark
    public double[][] ejmlWithLoopPullback() {
        int b = index();
        System.arraycopy(p.matrices, b * 9, ejmlInput.data, 0, 9);
        ejml.decompose(ejmlInput);
        double[] lambda = new double[3];
        double[][] v = new double[3][3];
        for (int j = 0; j < 3; j++) {
            lambda[j] = ejml.getEigenvalue(j).real;
            DMatrixRMaj vj = ejml.getEigenVector(j);
            for (int i = 0; i < 3; i++) {
                v[i][j] = vj.get(i);
            }
        }
        return Baselines.loopPullback(lambda, v, p.valuesBar1d(b), p.vectorsBar2d(b));
    }

    /** 10^6 independent 3x3 problems, forward and power-iteration pullback, through the batch API. */
    @State(Scope.Benchmark)
    public static class Batch {
        static final int COUNT = 1_000_000;
        final double[] matrices = new double[COUNT * 9];
        final double[] valuesBar = new double[COUNT * 3];
        final double[] vectorsBar = new double[COUNT * 9];
        final double[] values = new double[COUNT * 3];
        final double[] vectors = new double[COUNT * 9];
        final double[] gradients = new double[COUNT * 9];
        ForkJoinPool pool;
        EigenBatch oneThread;
        EigenBatch twoThreads;

        @Setup(Level.Trial)
        public void setUp() {
            Problems p = new Problems(3, POOL, 7);
            for (int b = 0; b < COUNT; b++) {
                int src = b & (POOL - 1);
                System.arraycopy(p.matrices, src * 9, matrices, b * 9, 9);
                System.arraycopy(p.valuesBar, src * 3, valuesBar, b * 3, 3);
                System.arraycopy(p.vectorsBar, src * 9, vectorsBar, b * 9, 9);
            }
            pool = new ForkJoinPool(2);
            // lanes where the fork has the module (Batch3LanesBenchmark); scalar elsewhere
            oneThread = EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(true);
            twoThreads = oneThread.withExecutor(pool).withChunkSize(8192);
            oneThread.decompose(COUNT, 3, matrices, values, vectors);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdown();
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchOneThread(Batch s) {
        s.oneThread.decomposeAndPullback(Batch.COUNT, 3, s.matrices, s.valuesBar, s.vectorsBar, s.values, s.vectors,
                s.gradients, null);
        return s.gradients;
    }

    /** The forward half of {@link #batchOneThread}. */
    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchForwardOneThread(Batch s) {
        s.oneThread.decompose(Batch.COUNT, 3, s.matrices, s.values, s.vectors);
        return s.vectors;
    }

    /** The pullback half of {@link #batchOneThread}, from the forward results of the set-up. */
    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchPullbackOneThread(Batch s) {
        s.oneThread.pullback(Batch.COUNT, 3, s.values, s.vectors, s.valuesBar, s.vectorsBar, s.gradients, null);
        return s.gradients;
    }

    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchTwoThreads(Batch s) {
        s.twoThreads.decomposeAndPullback(Batch.COUNT, 3, s.matrices, s.valuesBar, s.vectorsBar, s.values, s.vectors,
                s.gradients, null);
        return s.gradients;
    }
}
