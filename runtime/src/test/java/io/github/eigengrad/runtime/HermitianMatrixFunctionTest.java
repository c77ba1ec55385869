package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.MatrixFunction2ExpComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction2InverseSqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction2LogComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction2PowerComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction2SqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction3ExpComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction3InverseSqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction3LogComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction3PowerComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction3SqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction4ExpComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction4InverseSqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction4LogComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction4PowerComplex;
import io.github.eigengrad.runtime.generated.MatrixFunction4SqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExpComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralInverseSqrtComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralLogComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralPowerComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralSqrtComplex;
import io.github.eigengrad.runtime.reference.ComplexMatrices;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Matrix functions of complex Hermitian matrices (docs/math.md section 13) against independent
 * oracles: f(M) and the gradient of {@code Re <f(herm(A)), C>} against the real path on the
 * symmetric embedding {@code [[Re, -Im], [Im, Re]]} (1e-12), the gradient against central
 * differences in the real and imaginary part of every entry of A, at separated spectra and at
 * ties (relative 1e-6), the Frechet derivative against central differences of f(M) and by the
 * adjoint identity {@code Re <C, Df[ADot]> = Re <grad(C), ADot>} (1e-12), the generated
 * straight-line classes against the generated loops (each pair counted), purely real input
 * against the real gradient, a user's function against the built-in of the same f, and the
 * refusals.
 */
class HermitianMatrixFunctionTest {
    static final double P = 0.7;

    static List<MatrixFunction> functions() {
        return List.of(MatrixFunction.sqrt(), MatrixFunction.inverseSqrt(), MatrixFunction.log(), MatrixFunction.exp(),
                MatrixFunction.power(P));
    }

    /** (function, n, spectrum kind): separated, a double tie, all tied. */
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (MatrixFunction f : functions()) {
            for (int n : new int[] {1, 2, 3, 4, 5, 8}) {
                for (String kind : new String[] {"separated", "tie", "scalar"}) {
                    b.add(Arguments.of(f, n, kind));
                }
            }
        }
        return b.build();
    }

    static double[] spectrum(int n, String kind, SplittableRandom random) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = switch (kind) {
                case "tie" -> i < 2 ? 1.5 : 1.2 - 0.8 * i / n;
                case "scalar" -> 1.25;
                default -> 2.2 - 1.7 * i / n + 0.05 * random.nextDouble();
            };
        }
        return s;
    }

    static double[] randomComplex(int n, SplittableRandom random) {
        double[] x = new double[2 * n * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble(-1, 1);
        }
        return x;
    }

    static HermitianEigendecomposition decompose(double[] a, int n) {
        return HermitianEigensolver.builder().symmetryTolerance(Double.POSITIVE_INFINITY).build().decompose(a, n);
    }

    static double reInner(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k]; // Re(conj(x) y) summed: re*re + im*im
        }
        return s;
    }

    static double maxAbs(double[] x) {
        return MatrixInput.maxAbs(x);
    }

    @ParameterizedTest(name = "{0}, n = {1}, {2}")
    @MethodSource("cases")
    void valueAndGradientAgreeWithTheRealEmbedding(MatrixFunction f, int n, String kind) {
        SplittableRandom random = new SplittableRandom(31 * n + kind.length());
        double[] a = ComplexMatrices.withSpectrum(spectrum(n, kind, random), random);
        double[] c = randomComplex(n, random);
        HermitianEigendecomposition e = decompose(a, n);
        double[] value = f.value(e);
        double[] grad = f.gradient(e, c);

        double[][] embedded = ComplexMatrices.realEmbedding(a, n);
        SymmetricEigendecomposition re = SymmetricEigensolver.defaults().decompose(embedded);
        double[][] fe = f.value(re);
        double[][] ce = ComplexMatrices.realEmbedding(c, n);
        for (double[] row : ce) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= 2; // L = Re <C, f(M)> = <E(C), E(f(M))> / 2
            }
        }
        double[][] ge = f.gradient(re, ce);
        double vScale = Math.max(1, maxAbs(value));
        double gScale = Math.max(1, maxAbs(grad));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int at = 2 * (i * n + j);
                assertEquals(fe[i][j], value[at], 1e-12 * vScale, "Re f(M) " + i + "," + j);
                assertEquals(fe[i + n][j], value[at + 1], 1e-12 * vScale, "Im f(M) " + i + "," + j);
                // Re A_ij sits at (i, j) and (i+n, j+n); Im A_ij at (i+n, j) and, negated, at (i, j+n)
                assertEquals(ge[i][j] + ge[i + n][j + n], grad[at], 1e-12 * gScale, "dL/dRe " + i + "," + j);
                assertEquals(ge[i + n][j] - ge[i][j + n], grad[at + 1], 1e-12 * gScale, "dL/dIm " + i + "," + j);
            }
            assertEquals(0, value[2 * (i * n + i) + 1], 0, "f(M) has a real diagonal");
        }
    }

    @ParameterizedTest(name = "{0}, n = {1}, {2}")
    @MethodSource("cases")
    void gradientFollowsCentralDifferences(MatrixFunction f, int n, String kind) {
        if (n > 5) {
            return; // 2 n^2 pairs of decompositions each; the embedding test covers n = 8
        }
        SplittableRandom random = new SplittableRandom(77 * n + kind.length());
        double[] a = ComplexMatrices.withSpectrum(spectrum(n, kind, random), random);
        double[] c = randomComplex(n, random);
        double[] grad = f.gradient(decompose(a, n), c);
        double scale = Math.max(1e-3, maxAbs(grad));
        double h = 1e-6;
        for (int k = 0; k < a.length; k++) {
            double[] up = a.clone();
            double[] down = a.clone();
            up[k] += h;
            down[k] -= h;
            double fd = (reInner(c, f.value(decompose(up, n))) - reInner(c, f.value(decompose(down, n)))) / (2 * h);
            assertEquals(fd, grad[k], 1e-6 * scale, "entry " + k / 2 + (k % 2 == 0 ? " re" : " im"));
        }
    }

    @ParameterizedTest(name = "{0}, n = {1}, {2}")
    @MethodSource("cases")
    void derivativeIsTheAdjointOfTheGradientAndFollowsCentralDifferences(MatrixFunction f, int n, String kind) {
        SplittableRandom random = new SplittableRandom(13 * n + kind.length());
        double[] a = ComplexMatrices.withSpectrum(spectrum(n, kind, random), random);
        HermitianEigendecomposition e = decompose(a, n);
        double[] c = randomComplex(n, random);
        double[] t = randomComplex(n, random);
        double[] dt = f.derivative(e, t);
        double[] gc = f.gradient(e, c);
        double lhs = reInner(c, dt);
        double rhs = reInner(gc, t);
        double size = Math.sqrt(reInner(c, c) * reInner(dt, dt)) + Math.sqrt(reInner(gc, gc) * reInner(t, t));
        assertEquals(lhs, rhs, 1e-12 * size);

        double h = 1e-6;
        double[] up = a.clone();
        double[] down = a.clone();
        for (int k = 0; k < a.length; k++) {
            up[k] += h * t[k];
            down[k] -= h * t[k];
        }
        double[] fu = f.value(decompose(up, n));
        double[] fd = f.value(decompose(down, n));
        double scale = Math.max(1e-3, maxAbs(dt));
        for (int k = 0; k < dt.length; k++) {
            assertEquals((fu[k] - fd[k]) / (2 * h), dt[k], 1e-6 * scale, "entry " + k);
        }
    }

    /** A generated gradient method: (values, vectors, C, out) at a fixed n, or at general n. */
    interface Kernel {
        void run(int n, double[] values, double[] vectors, double[] c, double[] out);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("sqrt", 2, (Kernel) (n, l, v, c, o) -> MatrixFunction2SqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("sqrt", 3, (Kernel) (n, l, v, c, o) -> MatrixFunction3SqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("sqrt", 4, (Kernel) (n, l, v, c, o) -> MatrixFunction4SqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("invsqrt", 2, (Kernel) (n, l, v, c, o) -> MatrixFunction2InverseSqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("invsqrt", 3, (Kernel) (n, l, v, c, o) -> MatrixFunction3InverseSqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("invsqrt", 4, (Kernel) (n, l, v, c, o) -> MatrixFunction4InverseSqrtComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("log", 2, (Kernel) (n, l, v, c, o) -> MatrixFunction2LogComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("log", 3, (Kernel) (n, l, v, c, o) -> MatrixFunction3LogComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("log", 4, (Kernel) (n, l, v, c, o) -> MatrixFunction4LogComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("exp", 2, (Kernel) (n, l, v, c, o) -> MatrixFunction2ExpComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("exp", 3, (Kernel) (n, l, v, c, o) -> MatrixFunction3ExpComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("exp", 4, (Kernel) (n, l, v, c, o) -> MatrixFunction4ExpComplex.gradient(l, 0, v, 0, c, 0, o, 0)),
                Arguments.of("pow", 2, (Kernel) (n, l, v, c, o) -> MatrixFunction2PowerComplex.gradient(l, 0, v, 0, c, 0, o, 0, P)),
                Arguments.of("pow", 3, (Kernel) (n, l, v, c, o) -> MatrixFunction3PowerComplex.gradient(l, 0, v, 0, c, 0, o, 0, P)),
                Arguments.of("pow", 4, (Kernel) (n, l, v, c, o) -> MatrixFunction4PowerComplex.gradient(l, 0, v, 0, c, 0, o, 0, P)));
    }

    static Kernel general(String f) {
        return switch (f) {
            case "sqrt" -> (n, l, v, c, o) -> MatrixFunctionGeneralSqrtComplex.gradient(n, l, 0, v, 0, c, 0, o, 0, null);
            case "invsqrt" -> (n, l, v, c, o) -> MatrixFunctionGeneralInverseSqrtComplex.gradient(n, l, 0, v, 0, c, 0, o, 0,
                    null);
            case "log" -> (n, l, v, c, o) -> MatrixFunctionGeneralLogComplex.gradient(n, l, 0, v, 0, c, 0, o, 0, null);
            case "exp" -> (n, l, v, c, o) -> MatrixFunctionGeneralExpComplex.gradient(n, l, 0, v, 0, c, 0, o, 0, null);
            default -> (n, l, v, c, o) -> MatrixFunctionGeneralPowerComplex.gradient(n, l, 0, v, 0, c, 0, o, 0, P, null);
        };
    }

    @Test
    void everyFunctionAndFixedSizeHasAPair() {
        assertEquals(functions().size() * 3, pairs().count());
    }

    @ParameterizedTest(name = "{0}, n = {1}")
    @MethodSource("pairs")
    void straightLineClassesAgreeWithTheLoops(String name, int n, Kernel fixed) {
        SplittableRandom random = new SplittableRandom(900 + 7 * n + name.length());
        for (String kind : new String[] {"separated", "tie", "scalar"}) {
            HermitianEigendecomposition e = decompose(ComplexMatrices.withSpectrum(spectrum(n, kind, random), random), n);
            double[] c = randomComplex(n, random);
            double[] x = new double[2 * n * n];
            double[] y = new double[2 * n * n];
            fixed.run(n, e.values(), e.vectorsInterleaved(), c, x);
            general(name).run(n, e.values(), e.vectorsInterleaved(), c, y);
            double scale = Math.max(1, maxAbs(y));
            for (int k = 0; k < x.length; k++) {
                assertEquals(y[k], x[k], 1e-13 * scale, kind + " entry " + k);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(0, x[2 * (i * n + i) + 1], 0, "the straight-line gradient has a real diagonal");
            }
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 6})
    void realInputGivesTheRealGradient(int n) {
        SplittableRandom random = new SplittableRandom(40 + n);
        double[][] m = new double[n][n];
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = random.nextDouble(-0.3, 0.3);
                m[j][i] = m[i][j];
            }
            m[i][i] += 2;
            for (int j = 0; j < n; j++) {
                c[i][j] = random.nextDouble(-1, 1);
            }
        }
        double[][] zero = new double[n][n];
        HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(m, zero);
        SymmetricEigendecomposition r = SymmetricEigensolver.defaults().decompose(m);
        for (MatrixFunction f : functions()) {
            double[] complex = f.gradient(e, c, zero);
            double[][] real = f.gradient(r, c);
            double[] value = f.value(e);
            double[][] realValue = f.value(r);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(real[i][j], complex[2 * (i * n + j)], 1e-13, f + " gradient " + i + "," + j);
                    assertEquals(0, complex[2 * (i * n + j) + 1], 1e-14, f + " imaginary part");
                    assertEquals(realValue[i][j], value[2 * (i * n + j)], 1e-13, f + " value " + i + "," + j);
                }
            }
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3, 5})
    void usersFunctionAgreesWithTheBuiltIn(int n) {
        SplittableRandom random = new SplittableRandom(60 + n);
        for (String kind : new String[] {"separated", "tie"}) {
            HermitianEigendecomposition e = decompose(ComplexMatrices.withSpectrum(spectrum(n, kind, random), random), n);
            double[] c = randomComplex(n, random);
            double[] user = MatrixFunction.of(new ScalarFunctionTest.HandLog()).gradient(e, c);
            double[] builtIn = MatrixFunction.log().gradient(e, c);
            for (int k = 0; k < user.length; k++) {
                assertEquals(builtIn[k], user[k], 1e-12 * Math.max(1, maxAbs(builtIn)), kind + " entry " + k);
            }
        }
    }

    @Test
    void refusesBadInputNamingIt() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 3;
        HermitianEigendecomposition e = decompose(ComplexMatrices.withSpectrum(new double[] {3, 2, 1}, random), n);
        MatrixFunction f = MatrixFunction.sqrt();
        assertEquals("null-input", assertThrows(InvalidInputException.class,
                () -> f.gradient((HermitianEigendecomposition) null, new double[18])).problem().code());
        InvalidInputException odd = assertThrows(InvalidInputException.class, () -> f.gradient(e, new double[17]));
        assertEquals("wrong-length", odd.problem().code());
        assertTrue(odd.getMessage().contains("odd length"), odd.getMessage());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class,
                () -> f.derivative(e, new double[8])).problem().code());
        for (int at : new int[] {1, 8, 9}) { // the imaginary diagonal, which herm(C) drops, is refused too
            double[] c = new double[18];
            c[at] = Double.NaN;
            InvalidInputException nan = assertThrows(InvalidInputException.class, () -> f.gradient(e, c));
            assertEquals("non-finite-value", nan.problem().code());
            assertTrue(nan.getMessage().contains(at % 2 == 0 ? "real" : "imaginary"), nan.getMessage());
            double[] values = e.values();
            double[] out = new double[18];
            InvalidInputException generated = assertThrows(InvalidInputException.class,
                    () -> MatrixFunction3SqrtComplex.gradient(values, 0, e.vectorsInterleaved(), 0, c, 0, out, 0));
            assertEquals("non-finite-value", generated.problem().code(), "the straight-line class refuses entry " + at);
        }
        assertEquals("ragged-matrix", assertThrows(InvalidInputException.class,
                () -> f.gradient(e, new double[3][3], new double[2][3])).problem().code());
        assertEquals("non-square-matrix", assertThrows(InvalidInputException.class,
                () -> f.derivative(e, new double[2][2], new double[2][2])).problem().code());
        HermitianEigendecomposition negative = decompose(ComplexMatrices.withSpectrum(new double[] {1, 0.5, -1},
                random), n);
        InvalidInputException domain = assertThrows(InvalidInputException.class, () -> MatrixFunction.log().value(negative));
        assertEquals("out-of-range", domain.problem().code());
        assertEquals("out-of-range", assertThrows(InvalidInputException.class,
                () -> MatrixFunction.log().gradient(negative, new double[18])).problem().code());
        InvalidInputException big = assertThrows(InvalidInputException.class, () -> MatrixFunction.exp().value(
                decompose(ComplexMatrices.withSpectrum(new double[] {800, 1, 0}, random), n)));
        assertEquals("out-of-range", big.problem().code());
    }
}
