package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.EigenGradient.Method;
import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.Pullback2PowerIteration;
import io.github.eigengrad.runtime.generated.Pullback3Adaptive;
import io.github.eigengrad.runtime.generated.Pullback3Analytic;
import io.github.eigengrad.runtime.generated.Pullback4PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public entry point of the runtime against every kind of bad input: each call must throw
 * an {@link InvalidInputException} (an {@code IllegalArgumentException}) whose problem and
 * message name what is wrong, never an {@code ArrayIndexOutOfBoundsException} or a NaN.
 */
class ValidationAuditTest {
    static final double NAN = Double.NaN;
    static final double INF = Double.POSITIVE_INFINITY;
    static final double[] I2 = {1, 0, 0, 1};
    static final double[] I3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    static Arguments bad(String name, Problem problem, String fragment, Executable call) {
        return Arguments.of(name, problem, fragment, call);
    }

    static Stream<Arguments> cases() {
        EigenGradient g = EigenGradient.builder().build();
        SymmetricEigensolver solver = SymmetricEigensolver.builder().build();
        SymmetricEigendecomposition e3 = g.decompose(new double[][] {{3, 1, 0}, {1, 2, 0}, {0, 0, 1}});
        List<Arguments> c = new ArrayList<>();
        // the forward pass
        c.add(bad("solver: null", Problem.NULL, "matrix is null", () -> solver.decompose((double[][]) null)));
        c.add(bad("solver: empty", Problem.EMPTY, "", () -> solver.decompose(new double[0][])));
        c.add(bad("solver: ragged", Problem.RAGGED, "", () -> solver.decompose(new double[][] {{1, 2}, {3}})));
        c.add(bad("solver: non-square", Problem.NOT_SQUARE, "", () -> solver.decompose(new double[][] {{1, 2, 3}, {4, 5, 6}})));
        c.add(bad("solver: NaN", Problem.NOT_FINITE, "NaN", () -> solver.decompose(new double[][] {{1, NAN}, {NAN, 1}})));
        c.add(bad("solver: +Inf", Problem.NOT_FINITE, "Infinity", () -> solver.decompose(new double[][] {{INF, 0}, {0, 1}})));
        c.add(bad("solver: -Inf", Problem.NOT_FINITE, "-Infinity", () -> solver.decompose(new double[][] {{1, 0}, {0, -INF}})));
        c.add(bad("solver: asymmetric", Problem.ASYMMETRIC, "", () -> solver.decompose(new double[][] {{1, 2}, {3, 1}})));
        c.add(bad("solver: flat, wrong length", Problem.WRONG_LENGTH, "", () -> solver.decompose(new double[5], 2)));
        c.add(bad("solver: flat, n = 0", Problem.EMPTY, "", () -> solver.decompose(new double[0], 0)));
        c.add(bad("solver: negative epsilon", Problem.INVALID_OPTION, "epsilon", () -> SymmetricEigensolver.builder().epsilon(-1)));
        c.add(bad("small: null", Problem.NULL, "null", () -> SmallEigensolver.decompose3(null, 0, 0, new double[3], 0, new double[9], 0)));
        c.add(bad("small: short for the offset", Problem.WRONG_LENGTH, "from offset 2",
                () -> SmallEigensolver.decompose3(new double[9], 2, 0, new double[3], 0, new double[9], 0)));
        c.add(bad("small: short values", Problem.WRONG_LENGTH, "values has length 2 but needs 3",
                () -> SmallEigensolver.decompose3(I3, 0, 0, new double[2], 0, new double[9], 0)));
        c.add(bad("small: values offset -1", Problem.WRONG_LENGTH, "values offset is negative",
                () -> SmallEigensolver.decompose2(I2, 0, 0, new double[2], -1, new double[4], 0)));
        c.add(bad("small: vectors offset MAX_VALUE", Problem.WRONG_LENGTH, "vectors has length 16",
                () -> SmallEigensolver.decompose4(new double[16], 0, 0, new double[4], 0, new double[16], Integer.MAX_VALUE)));
        c.add(bad("small: null vectors", Problem.NULL, "vectors is null",
                () -> SmallEigensolver.decompose3(I3, 0, 0, new double[3], 0, null, 0)));
        c.add(bad("function: null C", Problem.NULL, "functionBar is null",
                () -> MatrixFunction.sqrt().gradient(solver.decompose(new double[][] {{2, 0}, {0, 1}}), null)));
        c.add(bad("batch: null options", Problem.NULL, "options", () -> EigenBatch.of(null)));
        c.add(bad("small: negative offset", Problem.WRONG_LENGTH, "", () -> SmallEigensolver.decompose2(I2, -1, 0, new double[2], 0, new double[4], 0)));
        c.add(bad("small: NaN", Problem.NOT_FINITE, "NaN", () -> SmallEigensolver.decompose2(new double[] {1, NAN, NAN, 1}, 0, 0, new double[2], 0, new double[4], 0)));
        c.add(bad("small: asymmetric", Problem.ASYMMETRIC, "", () -> SmallEigensolver.decompose2(new double[] {1, 2, 3, 1}, 0, 0, new double[2], 0, new double[4], 0)));
        c.add(bad("small: negative epsilon", Problem.INVALID_OPTION, "epsilon", () -> SmallEigensolver.decompose4(new double[16], 0, -1, new double[4], 0, new double[16], 0)));
        c.add(bad("small: NaN epsilon", Problem.INVALID_OPTION, "epsilon", () -> SmallEigensolver.decompose3(I3, 0, NAN, new double[3], 0, new double[9], 0)));
        // options
        c.add(bad("K = 0", Problem.INVALID_OPTION, "iterations", () -> EigenGradient.builder().iterations(0)));
        c.add(bad("tolerance 0", Problem.INVALID_OPTION, "tolerance", () -> EigenGradient.builder().tolerance(0)));
        c.add(bad("tolerance 1", Problem.INVALID_OPTION, "tolerance", () -> EigenGradient.builder().tolerance(1)));
        c.add(bad("tolerance NaN", Problem.INVALID_OPTION, "tolerance", () -> EigenGradient.builder().tolerance(NAN)));
        c.add(bad("Kmax 0", Problem.INVALID_OPTION, "maxIterations", () -> EigenGradient.builder().maxIterations(0)));
        c.add(bad("epsilon -1", Problem.INVALID_OPTION, "epsilon", () -> EigenGradient.builder().epsilon(-1)));
        c.add(bad("degeneracy tolerance 1", Problem.INVALID_OPTION, "degeneracyTolerance", () -> EigenGradient.builder().degeneracyTolerance(1)));
        // the pullback
        c.add(bad("pullback: null forward", Problem.NULL, "forward", () -> g.pullback((SymmetricEigendecomposition) null, null, (double[]) null)));
        c.add(bad("pullback: valuesBar of n + 1", Problem.WRONG_LENGTH, "valuesBar", () -> g.pullback(e3, new double[4], (double[]) null)));
        c.add(bad("pullback: vectorsBar of (n+1)^2", Problem.WRONG_LENGTH, "vectorsBar", () -> g.pullback(e3, null, new double[16])));
        c.add(bad("pullback: vectorsBar 4 x 4", Problem.NOT_SQUARE, "vectorsBar", () -> g.pullback(e3, null, new double[4][4])));
        c.add(bad("pullback: NaN cotangent", Problem.NOT_FINITE, "valuesBar", () -> g.pullback(e3, new double[] {0, NAN, 0}, (double[]) null)));
        c.add(bad("pullback: Inf cotangent", Problem.NOT_FINITE, "vectorsBar", () -> g.pullback(e3, null, new double[] {0, 0, 0, 0, INF, 0, 0, 0, 0})));
        c.add(bad("pullback: overflowing cotangents", Problem.OUT_OF_RANGE, "non-finite entry",
                () -> g.pullback(g.decompose(new double[][] {{2, 0}, {0, 1}}), null, new double[] {0, 1e308, -1e308, 0})));
        // generated rules, fixed size
        c.add(bad("fixed: values too short", Problem.WRONG_LENGTH, "values has length 2",
                () -> Pullback3Analytic.pullback(new double[2], 0, I3, 0, null, 0, null, 0, new double[9], 0, 1e-8, null)));
        c.add(bad("fixed: vectors short for the offset", Problem.WRONG_LENGTH, "vectors",
                () -> Pullback3Analytic.pullback(new double[3], 0, I3, 1, null, 0, null, 0, new double[9], 0, 1e-8, null)));
        c.add(bad("fixed: gradient null", Problem.NULL, "gradient is null",
                () -> Pullback2PowerIteration.pullback(new double[] {2, 1}, 0, I2, 0, null, 0, null, 0, null, 0, 19, null)));
        c.add(bad("fixed: negative offset", Problem.WRONG_LENGTH, "offset is negative",
                () -> Pullback2PowerIteration.pullback(new double[] {2, 1}, -1, I2, 0, null, 0, null, 0, new double[4], 0, 19, null)));
        c.add(bad("fixed: K = 0", Problem.INVALID_OPTION, "iterations",
                () -> Pullback4PowerIteration.pullback(new double[4], 0, new double[16], 0, null, 0, null, 0, new double[16], 0, 0, null)));
        c.add(bad("fixed: K = 0", Problem.INVALID_OPTION, "whole number",
                () -> Pullback2PowerIteration.pullback(new double[] {2, 1}, 0, I2, 0, null, 0, null, 0, new double[4], 0, 0, null)));
        c.add(bad("fixed: tolerance 1.5", Problem.INVALID_OPTION, "tolerance",
                () -> Pullback3Adaptive.pullback(new double[3], 0, I3, 0, null, 0, null, 0, new double[9], 0, 1.5, 100, null)));
        c.add(bad("fixed: Kmax 0", Problem.INVALID_OPTION, "maxIterations",
                () -> Pullback3Adaptive.pullback(new double[3], 0, I3, 0, null, 0, null, 0, new double[9], 0, 1e-10, 0, null)));
        c.add(bad("fixed: NaN value", Problem.NOT_FINITE, "values entry 1 is NaN",
                () -> Pullback2PowerIteration.pullback(new double[] {2, NAN}, 0, I2, 0, null, 0, null, 0, new double[4], 0, 19, null)));
        c.add(bad("fixed: NaN vector", Problem.NOT_FINITE, "vectors entry 3 is NaN",
                () -> Pullback2PowerIteration.pullback(new double[] {2, 1}, 0, new double[] {1, 0, 0, NAN}, 0, null, 0, null, 0, new double[4], 0, 19, null)));
        c.add(bad("fixed: ascending values", Problem.UNORDERED, "values[0] = 1.0 < values[1] = 2.0",
                () -> Pullback2PowerIteration.pullback(new double[] {1, 2}, 0, I2, 0, null, 0, null, 0, new double[4], 0, 19, null)));
        c.add(bad("fixed analytic: ascending values", Problem.UNORDERED, "must be descending",
                () -> Pullback3Analytic.pullback(new double[] {3, 1, 2}, 0, I3, 0, null, 0, null, 0, new double[9], 0, 1e-8, null)));
        c.add(bad("general: ascending values", Problem.UNORDERED, "values[1] = 1.0 < values[2] = 2.0",
                () -> PullbackGeneralPowerIteration.pullback(3, new double[] {3, 1, 2}, 0, I3, 0, null, 0, null, 0, new double[9], 0, 19, null, null)));
        // generated rules, general n
        c.add(bad("general: n = 0", Problem.EMPTY, "size n must be >= 1",
                () -> PullbackGeneralPowerIteration.pullback(0, new double[0], 0, new double[0], 0, null, 0, null, 0, new double[0], 0, 19, null, null)));
        c.add(bad("general: vectorsBar too short for n", Problem.WRONG_LENGTH, "vectorsBar has length 4",
                () -> PullbackGeneralPowerIteration.pullback(3, new double[3], 0, I3, 0, null, 0, new double[4], 0, new double[9], 0, 19, null, null)));
        c.add(bad("general: Kmax = 2^53 + 1", Problem.INVALID_OPTION, "whole number",
                () -> PullbackGeneralAdaptive.pullback(2, new double[] {2, 1}, 0, I2, 0, null, 0, null, 0, new double[4], 0, 1e-10, (1L << 53) + 1, null, null)));
        // batches
        EigenBatch batch = EigenBatch.of(g);
        c.add(bad("batch: n = 0", Problem.EMPTY, "", () -> batch.decompose(1, 0, new double[1], new double[1], new double[1])));
        c.add(bad("batch: matrices too short", Problem.WRONG_LENGTH, "matrices",
                () -> batch.decompose(2, 3, new double[9], new double[6], new double[18])));
        c.add(bad("batch: values null", Problem.NULL, "values is null",
                () -> batch.decompose(1, 2, I2, null, new double[4])));
        c.add(bad("batch: chunk size 0", Problem.INVALID_OPTION, "chunkSize", () -> batch.withChunkSize(0)));
        c.add(bad("batch: bad matrix named", Problem.NOT_FINITE, "matrix 1",
                () -> batch.decompose(2, 2, new double[] {1, 0, 0, 1, NAN, 0, 0, 1}, new double[4], new double[8])));
        c.add(bad("batch: cotangents too short", Problem.WRONG_LENGTH, "vectorsBar",
                () -> batch.pullback(2, 2, new double[4], new double[8], null, new double[4], new double[8], null)));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedUpFrontWithAMessageNamingTheProblem(String name, Problem problem, String fragment, Executable call) {
        InvalidInputException x = assertThrows(InvalidInputException.class, call, name);
        assertEquals(problem, x.problem(), name + ": " + x.getMessage());
        assertTrue(x.getMessage().contains(fragment), name + ": '" + x.getMessage() + "' lacks '" + fragment + "'");
        assertTrue(x instanceof IllegalArgumentException);
    }

    /** K up to 10^9 is a closed form everywhere (no loop over K): these return at once. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(30) // a hang guard, not a speed measurement
    void hugeKAnswersAtOnce() {
        EigenGradient pi = EigenGradient.builder().iterations(1_000_000_000).build();
        EigenGradient adaptive = EigenGradient.builder().method(Method.ADAPTIVE).tolerance(1e-300)
                .maxIterations(1_000_000_000).build();
        for (int n : new int[] {2, 3, 4, 7}) {
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                a[i][i] = i == 0 ? 1 : 1 - 1e-12 * i; // near ties: r close to 1
            }
            for (EigenGradient g : List.of(pi, adaptive)) {
                SymmetricEigendecomposition e = g.decompose(a);
                double[][] vBar = new double[n][n];
                vBar[0][n - 1] = 1;
                PullbackResult r = g.pullback(e, null, vBar);
                for (double x : r.gradientRowMajor()) {
                    assertTrue(Double.isFinite(x));
                }
            }
        }
    }

    /** A rejected output array means nothing was written, to it or to the other one. */
    @Test
    void smallSolversWriteNothingWhenAnOutputIsBad() {
        for (int n = 2; n <= 4; n++) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                a[i * n + i] = i + 1;
            }
            double[] vectors = new double[n * n];
            java.util.Arrays.fill(vectors, 7);
            double[] shortValues = new double[n - 1];
            java.util.Arrays.fill(shortValues, 7);
            int size = n;
            assertThrows(InvalidInputException.class, () -> decompose(size, a, shortValues, 0, vectors, 0));
            double[] values = new double[n];
            java.util.Arrays.fill(values, 7);
            assertThrows(InvalidInputException.class, () -> decompose(size, a, values, 0, vectors, Integer.MAX_VALUE));
            assertThrows(InvalidInputException.class, () -> decompose(size, a, values, -1, vectors, 0));
            for (double x : vectors) {
                assertEquals(7, x, 0);
            }
            for (double x : values) {
                assertEquals(7, x, 0);
            }
            for (double x : shortValues) {
                assertEquals(7, x, 0);
            }
        }
    }

    private static void decompose(int n, double[] a, double[] values, int valuesOffset, double[] vectors, int vectorsOffset) {
        switch (n) {
            case 2 -> SmallEigensolver.decompose2(a, 0, 0, values, valuesOffset, vectors, vectorsOffset);
            case 3 -> SmallEigensolver.decompose3(a, 0, 0, values, valuesOffset, vectors, vectorsOffset);
            default -> SmallEigensolver.decompose4(a, 0, 0, values, valuesOffset, vectors, vectorsOffset);
        }
    }

    /** A non-finite input of a generated rule is named before the gradient array is touched. */
    @Test
    void generatedRulesCheckEveryInputBeforeWriting() {
        double[] values = {3, 2, 1};
        for (int bad = 0; bad < 3; bad++) {
            double[] vectors = I3.clone();
            double[] valuesBar = {1, 1, 1};
            double[] vectorsBar = new double[9];
            String name = switch (bad) {
                case 0 -> "vectors";
                case 1 -> "valuesBar";
                default -> "vectorsBar";
            };
            (bad == 0 ? vectors : bad == 1 ? valuesBar : vectorsBar)[bad == 1 ? 2 : 5] = Double.NaN;
            double[] gradient = new double[9];
            java.util.Arrays.fill(gradient, 7);
            InvalidInputException x = assertThrows(InvalidInputException.class, () -> Pullback3Analytic.pullback(
                    values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0, 1e-8, null));
            assertEquals(Problem.NOT_FINITE, x.problem());
            assertTrue(x.getMessage().startsWith(name + " entry"), x.getMessage());
            double[] general = new double[9];
            java.util.Arrays.fill(general, 7);
            assertThrows(InvalidInputException.class, () -> PullbackGeneralPowerIteration.pullback(3, values, 0,
                    vectors, 0, valuesBar, 0, vectorsBar, 0, general, 0, 19, null, null));
            for (int k = 0; k < 9; k++) {
                assertEquals(7, gradient[k], 0, name);
                assertEquals(7, general[k], 0, name);
            }
        }
    }

    /** The same for matrix-function rules: the bad input is named and the gradient untouched. */
    @Test
    void matrixFunctionRulesCheckEveryInputBeforeWriting() {
        double[] values = {3, 2, 1};
        for (int bad = 0; bad < 3; bad++) {
            double[] vs = values.clone();
            double[] vectors = I3.clone();
            double[] functionBar = new double[9];
            String name = switch (bad) {
                case 0 -> "values";
                case 1 -> "vectors";
                default -> "functionBar";
            };
            (bad == 0 ? vs : bad == 1 ? vectors : functionBar)[bad == 0 ? 1 : 4] = Double.POSITIVE_INFINITY;
            double[] fixed = new double[9];
            double[] general = new double[9];
            java.util.Arrays.fill(fixed, 7);
            java.util.Arrays.fill(general, 7);
            InvalidInputException x = assertThrows(InvalidInputException.class,
                    () -> io.github.eigengrad.runtime.generated.MatrixFunction3Exp.gradient(vs, 0, vectors, 0,
                            functionBar, 0, fixed, 0));
            assertEquals(Problem.NOT_FINITE, x.problem());
            assertTrue(x.getMessage().startsWith(name + " entry"), x.getMessage());
            InvalidInputException y = assertThrows(InvalidInputException.class,
                    () -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExp.gradient(3, vs, 0, vectors, 0,
                            functionBar, 0, general, 0, null));
            assertEquals(Problem.NOT_FINITE, y.problem());
            assertTrue(y.getMessage().startsWith(name + " entry"), y.getMessage());
            for (int k = 0; k < 9; k++) {
                assertEquals(7, fixed[k], 0, name);
                assertEquals(7, general[k], 0, name);
            }
        }
    }
}
