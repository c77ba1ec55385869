package io.github.eigengrad.generator.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class SymbolicMatrixTest {
    static final int N = 3;
    static final SymbolicMatrix A = SymbolicMatrix.variables("a", N);
    static final SymbolicMatrix B = SymbolicMatrix.variables("b", N);

    @Test
    void structuralZerosNeverReachTheOutput() {
        assertEquals(A, SymbolicMatrix.identity(N).times(A), "I A is A, entry by entry, with no 0 * x left");
        SymbolicVector d = SymbolicVector.variables("d", N);
        SymbolicMatrix da = SymbolicMatrix.diagonal(d).times(A);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                assertSame(Expr.product(d.get(i), A.get(i, j)), da.get(i, j), "diag(d) A has one term per entry");
            }
        }
        assertSame(Expr.ZERO, SymbolicMatrix.diagonal(d).get(0, 1));
        assertEquals(A, A.plus(SymbolicMatrix.zero(N, N)));
    }

    @Test
    void symmetricMatricesShareMirroredEntries() {
        SymbolicMatrix s = SymbolicMatrix.symmetricVariables("m", N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                assertSame(s.get(i, j), s.get(j, i));
            }
        }
        assertEquals(6, s.entries().stream().distinct().count(), "n(n+1)/2 variables");
        assertEquals(s, s.transpose());
        assertEquals(s, s.sym().map(io.github.eigengrad.generator.simplify.Simplifier::simplify),
                "sym of a symmetric matrix simplifies to itself");
    }

    @Test
    void operationsAgreeWithCommonsMath() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] a = new double[N][N];
        double[][] b = new double[N][N];
        Map<String, Double> values = new HashMap<>();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i][j] = random.nextDouble() - 0.5;
                b[i][j] = random.nextDouble() - 0.5;
                values.put("a" + i + j, a[i][j]);
                values.put("b" + i + j, b[i][j]);
            }
        }
        Expr.Environment env = values::get;
        RealMatrix ra = MatrixUtils.createRealMatrix(a);
        RealMatrix rb = MatrixUtils.createRealMatrix(b);
        assertClose(ra.multiply(rb), A.times(B).evaluate(env));
        assertClose(ra.transpose(), A.transpose().evaluate(env));
        assertClose(ra.add(ra.transpose()).scalarMultiply(0.5), A.sym().evaluate(env));
        assertClose(ra.subtract(ra.transpose()).scalarMultiply(0.5), A.skew().evaluate(env));
        assertEquals(ra.getTrace(), A.trace().evaluate(env), 1e-15);
        double[][] h = A.hadamard(B).evaluate(env);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                assertEquals(a[i][j] * b[i][j], h[i][j], 1e-15);
            }
        }
        SymbolicVector u = A.column(0);
        SymbolicVector w = B.column(1);
        assertClose(ra.getColumnVector(0).outerProduct(rb.getColumnVector(1)), u.outer(w).evaluate(env));
        assertEquals(ra.getColumnVector(0).dotProduct(rb.getColumnVector(1)), u.dot(w).evaluate(env), 1e-15);
        assertEquals(ra.getColumnVector(0).getNorm(), u.norm().evaluate(env), 1e-15);
        double[] av = A.times(w).evaluate(env);
        double[] expected = ra.operate(rb.getColumnVector(1)).toArray();
        for (int i = 0; i < N; i++) {
            assertEquals(expected[i], av[i], 1e-15);
        }
    }

    @Test
    void shapeErrorsAreNamed() {
        SymbolicMatrix wide = SymbolicMatrix.of(2, 3, (i, j) -> Expr.ONE);
        assertThrows(IllegalArgumentException.class, () -> wide.times(wide));
        assertThrows(IllegalArgumentException.class, () -> wide.plus(A));
        assertThrows(IndexOutOfBoundsException.class, () -> A.get(3, 0));
        assertThrows(IllegalArgumentException.class, () -> SymbolicVector.variables("x", 2).dot(SymbolicVector.variables("y", 3)));
    }

    static void assertClose(RealMatrix expected, double[][] actual) {
        assertEquals(0, MatrixUtils.createRealMatrix(actual).subtract(expected).getFrobeniusNorm(), 1e-15);
    }
}
