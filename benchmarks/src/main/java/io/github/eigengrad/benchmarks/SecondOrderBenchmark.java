package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralLog;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralSqrt;
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
 * Second order for matrix functions (docs/math.md section 10): the Hessian-vector product of
 * {@code <f(sym(A)), C>} against the gradient it differentiates, general-n loop classes, on
 * positive definite spectra from random symmetric matrices ({@code |lambda| + 1/2}, so a few
 * pairs are close and take the term-by-term f[2]).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SecondOrderBenchmark {
    static final int POOL = 4;

    @Param({"16", "64"})
    public int n;

    private Problems p;
    private double[][] values;
    private double[][] vectors;
    private double[] out;
    private MatrixFunctionGeneralLog.Workspace logGradient;
    private MatrixFunctionGeneralLog.HessianWorkspace logHessian;
    private MatrixFunctionGeneralSqrt.Workspace sqrtGradient;
    private MatrixFunctionGeneralSqrt.HessianWorkspace sqrtHessian;
    private int next;

    @Setup
    public void setUp() {
        p = new Problems(n, POOL, 13);
        values = new double[POOL][];
        vectors = new double[POOL][];
        for (int b = 0; b < POOL; b++) {
            SymmetricEigendecomposition e = SymmetricEigensolver.defaults()
                    .decompose(java.util.Arrays.copyOfRange(p.matrices, b * n * n, (b + 1) * n * n), n);
            double[] v = e.values();
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(v[i]) + 0.5;
            }
            java.util.Arrays.sort(v);
            for (int i = 0; i < n / 2; i++) {
                double t = v[i];
                v[i] = v[n - 1 - i];
                v[n - 1 - i] = t;
            }
            values[b] = v;
            vectors[b] = e.vectorsRowMajor();
        }
        out = new double[n * n];
        logGradient = new MatrixFunctionGeneralLog.Workspace(n);
        logHessian = new MatrixFunctionGeneralLog.HessianWorkspace(n);
        sqrtGradient = new MatrixFunctionGeneralSqrt.Workspace(n);
        sqrtHessian = new MatrixFunctionGeneralSqrt.HessianWorkspace(n);
    }

    private int index() {
        int b = next;
        next = (next + 1) % POOL;
        return b;
    }

    @Benchmark
    public double[] logGradient() {
        int b = index();
        MatrixFunctionGeneralLog.gradient(n, values[b], 0, vectors[b], 0, p.vectorsBar, b * n * n, out, 0, logGradient);
        return out;
    }

    @Benchmark
    public double[] logHessianVector() {
        int b = index();
        MatrixFunctionGeneralLog.hessianVector(n, values[b], 0, vectors[b], 0, p.vectorsBar, b * n * n, p.matrices,
                b * n * n, out, 0, logHessian);
        return out;
    }

    @Benchmark
    public double[] sqrtGradient() {
        int b = index();
        MatrixFunctionGeneralSqrt.gradient(n, values[b], 0, vectors[b], 0, p.vectorsBar, b * n * n, out, 0, sqrtGradient);
        return out;
    }

    @Benchmark
    public double[] sqrtHessianVector() {
        int b = index();
        MatrixFunctionGeneralSqrt.hessianVector(n, values[b], 0, vectors[b], 0, p.vectorsBar, b * n * n, p.matrices,
                b * n * n, out, 0, sqrtHessian);
        return out;
    }
}
