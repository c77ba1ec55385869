package io.github.eigengrad.benchmarks;

import io.github.eigengrad.runtime.SmallEigensolver;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.generated.MatrixFunction3Exp;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExp;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact gradient of {@code <exp(A), C>} from a given decomposition: the unrolled rule and
 * the general one at n = 3, the general one at n = 32, and one 3x3 forward pass as the
 * reference of the same run. Each call takes the next of 256 random problems.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MatrixFunctionBenchmark {
    static final int POOL = 256;

    private final Decomposed three = new Decomposed(3);
    private final Decomposed large = new Decomposed(32);
    private final double[] forwardValues = new double[3];
    private final double[] forwardVectors = new double[9];
    private int next;

    /** POOL problems of size n with their decompositions, cotangents C and a workspace. */
    private static final class Decomposed {
        final int n;
        final Problems p;
        final double[] values;
        final double[] vectors;
        final double[] gradient;
        final MatrixFunctionGeneralExp.Workspace workspace;

        Decomposed(int n) {
            this.n = n;
            p = new Problems(n, POOL, 42);
            values = new double[POOL * n];
            vectors = new double[POOL * n * n];
            gradient = new double[n * n];
            workspace = new MatrixFunctionGeneralExp.Workspace(n);
            SymmetricEigensolver solver = SymmetricEigensolver.defaults();
            for (int b = 0; b < POOL; b++) {
                SymmetricEigendecomposition e = solver.decompose(p.matrices2d[b]);
                System.arraycopy(e.values(), 0, values, b * n, n);
                System.arraycopy(e.vectorsRowMajor(), 0, vectors, b * n * n, n * n);
            }
        }

        double[] general(int b) {
            MatrixFunctionGeneralExp.gradient(n, values, b * n, vectors, b * n * n, p.vectorsBar, b * n * n, gradient,
                    0, workspace);
            return gradient;
        }
    }

    private int index() {
        int b = next;
        next = (next + 1) & (POOL - 1);
        return b;
    }

    @Benchmark
    public double[] unrolled3() {
        int b = index();
        MatrixFunction3Exp.gradient(three.values, b * 3, three.vectors, b * 9, three.p.vectorsBar, b * 9,
                three.gradient, 0);
        return three.gradient;
    }

    @Benchmark
    public double[] general3() {
        return three.general(index());
    }

    @Benchmark
    public double[] general32() {
        return large.general(index());
    }

    /** The reference: one 3x3 forward pass. */
    @Benchmark
    public double[] forward3() {
        SmallEigensolver.decompose3(three.p.matrices, index() * 9, 0, forwardValues, 0, forwardVectors, 0);
        return forwardVectors;
    }
}
