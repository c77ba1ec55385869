package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.FiniteDifferences;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pulling back through a decomposition computed elsewhere ({@link SymmetricEigendecomposition#of}),
 * here EJML's, in EJML's own sign gauge; and the closure form ({@code rrule}) and the
 * overloads without null arguments, each against the plain calls.
 */
class ForeignDecompositionTest {
    /** EJML's eigenpairs, sorted descending, V as rows. */
    static SymmetricEigendecomposition ejml(double[][] a) {
        int n = a.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(new DMatrixRMaj(a))) {
            throw new IllegalStateException("EJML failed");
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> eig.getEigenvalue(j).real).reversed());
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int col = 0; col < n; col++) {
            values[col] = eig.getEigenvalue(order[col]).real;
            DMatrixRMaj v = eig.getEigenVector(order[col]);
            for (int row = 0; row < n; row++) {
                vectors[row][col] = v.get(row, 0);
            }
        }
        return SymmetricEigendecomposition.of(values, vectors);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 4, 6, 9})
    void aForeignDecompositionPullsBackLikeOurs(int n) {
        SplittableRandom random = new SplittableRandom(0xE7A1 + n);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, random.nextBoolean(), random), random);
        SymmetricEigendecomposition foreign = ejml(a);
        SymmetricEigendecomposition ours = SymmetricEigensolver.defaults().decompose(a);
        double[] c = TestMatrices.gaussianVector(n, random);
        double[] w = TestMatrices.gaussianVector(n, random);
        double[] dir = TestMatrices.gaussianVector(n, random);
        // a sign-invariant loss, so each decomposition's cotangents are its own: L = sum c_i (v_i . a)^2 + w . lambda
        Losses.EigenLoss loss = Losses.sum(Losses.projections(c, dir), Losses.weightedEigenvalues(w));
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        double[][] fromForeign = pull(g, foreign, loss);
        double[][] fromOurs = pull(g, ours, loss);
        double[][] fd = FiniteDifferences.gradient(Losses.ofMatrix(loss), a);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(fromOurs[i], fromForeign[i], 1e-10, "row " + i + " against our decomposition");
            assertArrayEquals(fd[i], fromForeign[i], 1e-6, "row " + i + " against finite differences");
        }
    }

    static double[][] pull(EigenGradient g, SymmetricEigendecomposition e, Losses.EigenLoss loss) {
        RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
        Losses.Cotangents bar = loss.cotangents(e.values(), v);
        return g.pullback(e, bar.lambdaBar(), bar.vBar() == null ? null : bar.vBar().getData()).gradient();
    }

    @Test
    void foreignInputIsChecked() {
        double s = Math.sqrt(0.5);
        double[][] v = {{s, s}, {s, -s}};
        InvalidInputException ascending = assertThrows(InvalidInputException.class,
                () -> SymmetricEigendecomposition.of(new double[] {1, 3}, v));
        assertEquals(Problem.UNORDERED, ascending.problem());
        assertTrue(ascending.getMessage().contains("permute the columns"), ascending.getMessage());
        InvalidInputException skewed = assertThrows(InvalidInputException.class,
                () -> SymmetricEigendecomposition.of(new double[] {3, 1}, new double[][] {{1, 0.1}, {0, 1}}));
        assertEquals(Problem.NOT_ORTHONORMAL, skewed.problem());
        assertEquals(Problem.NOT_FINITE, assertThrows(InvalidInputException.class,
                () -> SymmetricEigendecomposition.of(new double[] {3, Double.NaN}, v)).problem());
        assertEquals(Problem.NOT_SQUARE, assertThrows(InvalidInputException.class,
                () -> SymmetricEigendecomposition.of(new double[] {3, 2, 1}, v)).problem());
        assertEquals(Problem.NULL, assertThrows(InvalidInputException.class,
                () -> SymmetricEigendecomposition.of(null, v)).problem());
        // accepted: kept exactly as given, in the caller's gauge
        SymmetricEigendecomposition e = SymmetricEigendecomposition.of(new double[] {3, 1}, new double[][] {{-s, s}, {-s, -s}});
        assertEquals(-s, e.vectorEntry(0, 0), 0);
        assertEquals(0, e.epsilon(), 0);
    }

    @Test
    void rruleAndTheOverloadsAreThePlainCalls() {
        SplittableRandom random = new SplittableRandom(77);
        double[][] a = TestMatrices.gaussianSymmetric(4, random);
        double[] lambdaBar = TestMatrices.gaussianVector(4, random);
        double[][] vBar = TestMatrices.gaussianMatrix(4, 4, random);
        EigenGradient g = EigenGradient.builder().iterations(25).build();
        SymmetricEigendecomposition e = g.decompose(a);
        EigenGradient.Rrule rule = g.rrule(a);
        assertArrayEquals(e.values(), rule.value().values(), 0);
        assertArrayEquals(g.pullback(e, lambdaBar, vBar).gradientRowMajor(),
                rule.pullback(lambdaBar, vBar).gradientRowMajor(), 0);
        assertArrayEquals(g.pullback(e, lambdaBar, (double[]) null).gradientRowMajor(),
                rule.pullbackValues(lambdaBar).gradientRowMajor(), 0);
        assertArrayEquals(g.pullback(e, null, vBar).gradientRowMajor(), g.pullbackVectors(e, vBar).gradientRowMajor(), 0);
        assertArrayEquals(g.pullback(e, null, vBar).gradientRowMajor(), rule.pullbackVectors(vBar).gradientRowMajor(), 0);
        assertEquals(Problem.NULL, assertThrows(InvalidInputException.class, () -> g.pullbackValues(e, null)).problem());

        double[][] spd = TestMatrices.withSpectrum(new double[] {3, 2, 1, 0.5}, random);
        double[][] c = TestMatrices.gaussianMatrix(4, 4, random);
        MatrixFunction.Rrule sqrt = MatrixFunction.sqrt().rrule(spd);
        SymmetricEigendecomposition m = SymmetricEigensolver.defaults().decompose(spd);
        double[][] value = MatrixFunction.sqrt().value(m);
        double[][] gradient = MatrixFunction.sqrt().gradient(m, c);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(value[i], sqrt.value()[i], 0);
            assertArrayEquals(gradient[i], sqrt.pullback(c)[i], 0);
        }
    }

    @Test
    void typedBatchReportsReadTheArray() {
        SplittableRandom random = new SplittableRandom(5);
        int count = 6;
        double[] matrices = new double[count * 9];
        for (int b = 0; b < count; b++) {
            double[][] a = TestMatrices.gaussianSymmetric(3, random);
            for (int i = 0; i < 3; i++) {
                System.arraycopy(a[i], 0, matrices, b * 9 + i * 3, 3);
            }
        }
        double[] vectorsBar = TestMatrices.gaussianVector(count * 9, random);
        for (EigenGradient.Method method : EigenGradient.Method.values()) {
            EigenBatch batch = EigenBatch.of(EigenGradient.builder().method(method).maskDegenerate(true).build());
            double[] values = new double[count * 3];
            double[] vectors = new double[count * 9];
            double[] gradients = new double[count * 9];
            double[] flat = new double[count * 4];
            batch.decomposeAndPullback(count, 3, matrices, null, vectorsBar, values, vectors, gradients, flat);
            BatchReports typed = batch.decomposeAndPullbackWithReports(count, 3, matrices, null, vectorsBar, values,
                    vectors, new double[count * 9]);
            assertEquals(count, typed.count());
            for (int b = 0; b < count; b++) {
                assertEquals(flat[4 * b], typed.shift(b), 0);
                assertEquals(flat[4 * b + 2], typed.maxPairError(b), 0);
                if (method == EigenGradient.Method.ANALYTIC) {
                    assertTrue(typed.iterationsUsed(b).isEmpty() && typed.gradientBound(b).isEmpty());
                } else {
                    assertEquals((long) flat[4 * b + 1], typed.iterationsUsed(b).getAsLong());
                    assertEquals(flat[4 * b + 3], typed.gradientBound(b).getAsDouble(), 0);
                }
            }
        }
    }

    @Test
    void batchReportsTooLargeForOneArrayAreRejectedNotOverflowed() {
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> BatchReports.allocate(Integer.MAX_VALUE / 2));
        assertEquals(Problem.INVALID_OPTION, tooMany.problem());
        assertTrue(tooMany.getMessage().contains("got " + Integer.MAX_VALUE / 2), tooMany.getMessage());
        assertThrows(InvalidInputException.class, () -> BatchReports.allocate(-1));
        assertEquals(0, BatchReports.allocate(0).count());
    }
}
