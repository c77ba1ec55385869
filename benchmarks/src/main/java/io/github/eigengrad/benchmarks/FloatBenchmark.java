package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.EigenBatch;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.SmallEigensolver;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.Pullback3PowerIterationFloat;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIterationFloat;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F32;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Single precision against double in one run (docs/performance.md, docs/math.md section 11):
 * the 3x3 batch on SIMD lanes (forward and power-iteration pullback, per matrix), the single
 * 3x3 call, and general n against double and EJML's float (FDRM) and double (DDRM)
 * symmetric eigensolvers. The forks have {@code jdk.incubator.vector}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FloatBenchmark {
    static final int POOL = 1024;

    /** 1,000,000 3x3 problems in both formats, and a lane batch of each. */
    @State(Scope.Benchmark)
    public static class Batch {
        static final int COUNT = 1_000_000;
        final double[] matrices = new double[COUNT * 9];
        final double[] valuesBar = new double[COUNT * 3];
        final double[] vectorsBar = new double[COUNT * 9];
        final double[] values = new double[COUNT * 3];
        final double[] vectors = new double[COUNT * 9];
        final double[] gradients = new double[COUNT * 9];
        final float[] matricesF = new float[COUNT * 9];
        final float[] valuesBarF = new float[COUNT * 3];
        final float[] vectorsBarF = new float[COUNT * 9];
        final float[] valuesF = new float[COUNT * 3];
        final float[] vectorsF = new float[COUNT * 9];
        final float[] gradientsF = new float[COUNT * 9];
        EigenBatch lanes;

        @Setup(Level.Trial)
        public void setUp() {
            if (!EigenBatch.vectorLanesAvailable()) {
                throw new IllegalStateException("this fork has no jdk.incubator.vector");
            }
            Problems p = new Problems(3, POOL, 7);
            for (int b = 0; b < COUNT; b++) {
                int src = b & (POOL - 1);
                System.arraycopy(p.matrices, src * 9, matrices, b * 9, 9);
                System.arraycopy(p.valuesBar, src * 3, valuesBar, b * 3, 3);
                System.arraycopy(p.vectorsBar, src * 9, vectorsBar, b * 9, 9);
            }
            for (int k = 0; k < COUNT * 9; k++) {
                matricesF[k] = (float) matrices[k];
                vectorsBarF[k] = (float) vectorsBar[k];
            }
            for (int k = 0; k < COUNT * 3; k++) {
                valuesBarF[k] = (float) valuesBar[k];
            }
            lanes = EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(true);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public float[] batchLanesFloat(Batch s) {
        s.lanes.decomposeAndPullback(Batch.COUNT, 3, s.matricesF, s.valuesBarF, s.vectorsBarF, s.valuesF, s.vectorsF,
                s.gradientsF);
        return s.gradientsF;
    }

    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchLanesDouble(Batch s) {
        s.lanes.decomposeAndPullback(Batch.COUNT, 3, s.matrices, s.valuesBar, s.vectorsBar, s.values, s.vectors,
                s.gradients, null);
        return s.gradients;
    }

    /** The forward half of {@link #batchLanesFloat}. */
    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public float[] batchLanesForwardFloat(Batch s) {
        s.lanes.decompose(Batch.COUNT, 3, s.matricesF, s.valuesF, s.vectorsF);
        return s.vectorsF;
    }

    /** The forward half of {@link #batchLanesDouble}. */
    @Benchmark
    @OperationsPerInvocation(Batch.COUNT)
    public double[] batchLanesForwardDouble(Batch s) {
        s.lanes.decompose(Batch.COUNT, 3, s.matrices, s.values, s.vectors);
        return s.vectors;
    }

    /** One 3x3 forward and power-iteration pullback per call, the next of 1024 problems. */
    @State(Scope.Thread)
    public static class Single {
        final Problems p = new Problems(3, POOL, 42);
        final float[] matricesF = new float[POOL * 9];
        final float[] valuesBarF = new float[POOL * 3];
        final float[] vectorsBarF = new float[POOL * 9];
        final double[] values = new double[3];
        final double[] vectors = new double[9];
        final double[] gradient = new double[9];
        final float[] valuesF = new float[3];
        final float[] vectorsF = new float[9];
        final float[] gradientF = new float[9];
        final float[] fixedValuesF = new float[3];
        final float[] fixedVectorsF = new float[9];
        final double[] fixedValues = new double[3];
        final double[] fixedVectors = new double[9];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (int k = 0; k < POOL * 9; k++) {
                matricesF[k] = (float) p.matrices[k];
                vectorsBarF[k] = (float) p.vectorsBar[k];
            }
            for (int k = 0; k < POOL * 3; k++) {
                valuesBarF[k] = (float) p.valuesBar[k];
            }
            SmallEigensolver.decompose3(matricesF, 0, 0f, fixedValuesF, 0, fixedVectorsF, 0);
            SmallEigensolver.decompose3(p.matrices, 0, 0, fixedValues, 0, fixedVectors, 0);
        }

        int index() {
            int b = next;
            next = (next + 1) & (POOL - 1);
            return b;
        }
    }

    @Benchmark
    public float[] single3Float(Single s) {
        int b = s.index();
        SmallEigensolver.decompose3(s.matricesF, b * 9, 0f, s.valuesF, 0, s.vectorsF, 0);
        Pullback3PowerIterationFloat.pullback(s.valuesF, 0, s.vectorsF, 0, s.valuesBarF, b * 3, s.vectorsBarF, b * 9,
                s.gradientF, 0, 19, null);
        return s.gradientF;
    }

    @Benchmark
    public double[] single3Double(Single s) {
        int b = s.index();
        SmallEigensolver.decompose3(s.p.matrices, b * 9, 0, s.values, 0, s.vectors, 0);
        Pullback3PowerIteration.pullback(s.values, 0, s.vectors, 0, s.p.valuesBar, b * 3, s.p.vectorsBar, b * 9,
                s.gradient, 0, 19, null);
        return s.gradient;
    }

    /** The forward half of {@link #single3Float}. */
    @Benchmark
    public float[] single3ForwardFloat(Single s) {
        SmallEigensolver.decompose3(s.matricesF, s.index() * 9, 0f, s.valuesF, 0, s.vectorsF, 0);
        return s.vectorsF;
    }

    /** The forward half of {@link #single3Double}. */
    @Benchmark
    public double[] single3ForwardDouble(Single s) {
        SmallEigensolver.decompose3(s.p.matrices, s.index() * 9, 0, s.values, 0, s.vectors, 0);
        return s.vectors;
    }

    /** The pullback half of {@link #single3Float}, from the decomposition of the set-up's first problem. */
    @Benchmark
    public float[] single3PullbackFloat(Single s) {
        int b = s.index();
        Pullback3PowerIterationFloat.pullback(s.fixedValuesF, 0, s.fixedVectorsF, 0, s.valuesBarF, b * 3,
                s.vectorsBarF, b * 9, s.gradientF, 0, 19, null);
        return s.gradientF;
    }

    /** The pullback half of {@link #single3Double}. */
    @Benchmark
    public double[] single3PullbackDouble(Single s) {
        int b = s.index();
        Pullback3PowerIteration.pullback(s.fixedValues, 0, s.fixedVectors, 0, s.p.valuesBar, b * 3, s.p.vectorsBar,
                b * 9, s.gradient, 0, 19, null);
        return s.gradient;
    }

    /** General n: 16 problems of n x n in both formats, decomposed once for the pullbacks. */
    @State(Scope.Thread)
    public static class General {
        static final int PROBLEMS = 16;
        @Param({"64", "256"})
        int n;
        Problems p;
        float[][] matricesF;
        double[][] matrices;
        float[][] valuesF;
        float[][] vectorsF;
        double[][] values;
        double[][] vectors;
        float[] valuesBarF;
        float[] vectorsBarF;
        float[] gradientF;
        double[] gradient;
        float[] outValuesF;
        float[] outVectorsF;
        PullbackGeneralPowerIterationFloat.Workspace workspaceF;
        PullbackGeneralPowerIteration.Workspace workspace;
        EigenDecomposition_F32<FMatrixRMaj> fdrm;
        EigenDecomposition_F64<DMatrixRMaj> ddrm;
        FMatrixRMaj fdrmInput;
        DMatrixRMaj ddrmInput;
        final SymmetricEigensolver solver = SymmetricEigensolver.defaults();
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            p = new Problems(n, PROBLEMS, 11);
            matricesF = new float[PROBLEMS][n * n];
            matrices = new double[PROBLEMS][];
            valuesF = new float[PROBLEMS][n];
            vectorsF = new float[PROBLEMS][n * n];
            values = new double[PROBLEMS][];
            vectors = new double[PROBLEMS][];
            for (int b = 0; b < PROBLEMS; b++) {
                matrices[b] = java.util.Arrays.copyOfRange(p.matrices, b * n * n, (b + 1) * n * n);
                for (int k = 0; k < n * n; k++) {
                    matricesF[b][k] = (float) matrices[b][k];
                }
                solver.decompose(matricesF[b], n, valuesF[b], vectorsF[b]);
                var e = solver.decompose(matrices[b], n);
                values[b] = e.values();
                vectors[b] = e.vectorsRowMajor();
            }
            valuesBarF = new float[n];
            vectorsBarF = new float[n * n];
            for (int k = 0; k < n; k++) {
                valuesBarF[k] = (float) p.valuesBar[k];
            }
            for (int k = 0; k < n * n; k++) {
                vectorsBarF[k] = (float) p.vectorsBar[k];
            }
            gradientF = new float[n * n];
            gradient = new double[n * n];
            outValuesF = new float[n];
            outVectorsF = new float[n * n];
            workspaceF = new PullbackGeneralPowerIterationFloat.Workspace(n);
            workspace = new PullbackGeneralPowerIteration.Workspace(n);
            fdrm = DecompositionFactory_FDRM.eig(n, true, true);
            ddrm = DecompositionFactory_DDRM.eig(n, true, true);
            fdrmInput = new FMatrixRMaj(n, n);
            ddrmInput = new DMatrixRMaj(n, n);
        }

        int index() {
            int b = next;
            next = (next + 1) % PROBLEMS;
            return b;
        }
    }

    @Benchmark
    public float[] generalForwardFloat(General s) {
        s.solver.decompose(s.matricesF[s.index()], s.n, s.outValuesF, s.outVectorsF);
        return s.outVectorsF;
    }

    @Benchmark
    public Object generalForwardDouble(General s) {
        return s.solver.decompose(s.matrices[s.index()], s.n);
    }

    @Benchmark
    public Object generalForwardEjmlFloat(General s) {
        System.arraycopy(s.matricesF[s.index()], 0, s.fdrmInput.data, 0, s.n * s.n);
        s.fdrm.decompose(s.fdrmInput);
        return s.fdrm;
    }

    @Benchmark
    public Object generalForwardEjmlDouble(General s) {
        System.arraycopy(s.matrices[s.index()], 0, s.ddrmInput.data, 0, s.n * s.n);
        s.ddrm.decompose(s.ddrmInput);
        return s.ddrm;
    }

    @Benchmark
    public float[] generalPullbackFloat(General s) {
        int b = s.index();
        PullbackGeneralPowerIterationFloat.pullback(s.n, s.valuesF[b], 0, s.vectorsF[b], 0, s.valuesBarF, 0,
                s.vectorsBarF, 0, s.gradientF, 0, 19, s.workspaceF, null);
        return s.gradientF;
    }

    @Benchmark
    public double[] generalPullbackDouble(General s) {
        int b = s.index();
        PullbackGeneralPowerIteration.pullback(s.n, s.values[b], 0, s.vectors[b], 0, s.p.valuesBar, 0, s.p.vectorsBar,
                0, s.gradient, 0, 19, s.workspace, null);
        return s.gradient;
    }
}
