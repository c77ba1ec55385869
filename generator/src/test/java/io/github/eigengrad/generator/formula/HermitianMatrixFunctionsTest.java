package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The complex Hermitian matrix-function gradient (docs/math.md section 13): the fixed-size
 * formula and the index-notation definitions evaluate, for n = 1 to 4, to the gradient of
 * {@code Re <f(herm(A)), C>} that the runtime's real path gives on the symmetric embedding
 * {@code [[Re, -Im], [Im, Re]]} of A and C (1e-12), for separated and tied spectra.
 */
class HermitianMatrixFunctionsTest {
    private static final double P = 0.7;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void fixedSizesAndDefinitionsAgreeWithTheRealEmbedding(String id) {
        ScalarFunction f = MatrixFunctions.byId(id);
        MatrixFunction runtime = MatrixFunction.named(id, id.equals("pow") ? P : null);
        SplittableRandom random = new SplittableRandom(id.hashCode());
        for (int n = 1; n <= 4; n++) {
            for (boolean tie : new boolean[] {false, true}) {
                double[] spectrum = new double[n];
                for (int i = 0; i < n; i++) {
                    spectrum[i] = tie && i < 2 ? 1.5 : 2.5 - 1.9 * i / n + 0.05 * random.nextDouble();
                }
                double[] a = withSpectrum(spectrum, random);
                double[] c = HermitianCases.vector(2 * n * n, random);
                HermitianEigendecomposition e = HermitianCases.ANY.decompose(a, n);
                double[] expected = embeddedGradient(runtime, a, c, n);

                Bindings env = HermitianFormulasTest.bind(e, null, null, null).complexMatrix(HermitianMatrixFunctions.C,
                        c, n).scalar("p", P);
                double[] fixed = HermitianFormulasTest.gradient(HermitianMatrixFunctions.gradient(n, f), env, n);
                Map<String, double[]> arrays = new HashMap<>();
                Map<String, int[]> shapes = new HashMap<>();
                arrays.put("lambda", e.values());
                shapes.put("lambda", new int[] {n});
                double[] v = e.vectorsInterleaved();
                for (String[] part : new String[][] {{"Vr", "0"}, {"Vi", "1"}, {"Cr", "0"}, {"Ci", "1"}}) {
                    double[] source = part[0].startsWith("V") ? v : c;
                    double[] x = new double[n * n];
                    for (int q = 0; q < n * n; q++) {
                        x[q] = source[2 * q + Integer.parseInt(part[1])];
                    }
                    arrays.put(part[0], x);
                    shapes.put(part[0], new int[] {n, n});
                }
                IndexEvaluator general = new IndexEvaluator(HermitianMatrixFunctions.gradient(Formula.GENERAL, f)
                        .definitions(), Map.of("n", (double) n, "p", P), arrays, shapes);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int k = 2 * (i * n + j);
                        String at = id + " n=" + n + (tie ? " tie" : "") + " (" + i + ", " + j + ")";
                        assertEquals(expected[k], fixed[k], 1e-12, at + " fixed Re");
                        assertEquals(expected[k + 1], fixed[k + 1], 1e-12, at + " fixed Im");
                        assertEquals(expected[k], general.entry(HermitianFormulas.A_BAR + "Re", i, j), 1e-12,
                                at + " general Re");
                        assertEquals(expected[k + 1], general.entry(HermitianFormulas.A_BAR + "Im", i, j), 1e-12,
                                at + " general Im");
                    }
                }
            }
        }
    }

    /** {@code U diag(spectrum) U^H} for the unitary factor of a Gaussian Hermitian matrix. */
    private static double[] withSpectrum(double[] spectrum, SplittableRandom random) {
        int n = spectrum.length;
        HermitianEigendecomposition q = HermitianCases.ANY.decompose(HermitianCases.matrix(n, random), n);
        double[] u = q.vectorsInterleaved();
        double[] a = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double ur = u[2 * (i * n + k)];
                    double ui = u[2 * (i * n + k) + 1];
                    double wr = u[2 * (j * n + k)];
                    double wi = u[2 * (j * n + k) + 1];
                    a[2 * (i * n + j)] += spectrum[k] * (ur * wr + ui * wi);
                    a[2 * (i * n + j) + 1] += spectrum[k] * (ui * wr - ur * wi);
                }
            }
        }
        return a;
    }

    /**
     * dL/dRe A + i dL/dIm A of {@code L = Re <C, f(herm(A))>} from the real gradient on the
     * embedding: {@code L = <E(C), f(sym(E(A)))> / 2}.
     */
    private static double[] embeddedGradient(MatrixFunction f, double[] a, double[] c, int n) {
        double[][] ea = embed(a, n);
        double[][] ec = embed(c, n);
        for (double[] row : ec) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= 2;
            }
        }
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(ea);
        double[][] g = f.gradient(e, ec);
        double[] out = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[2 * (i * n + j)] = g[i][j] + g[i + n][j + n];
                out[2 * (i * n + j) + 1] = g[i + n][j] - g[i][j + n];
            }
        }
        return out;
    }

    private static double[][] embed(double[] a, int n) {
        double[][] e = new double[2 * n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                e[i][j] = a[2 * (i * n + j)];
                e[i + n][j + n] = a[2 * (i * n + j)];
                e[i][j + n] = -a[2 * (i * n + j) + 1];
                e[i + n][j] = a[2 * (i * n + j) + 1];
            }
        }
        return e;
    }
}
