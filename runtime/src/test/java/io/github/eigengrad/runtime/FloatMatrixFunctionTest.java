package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleRegistry;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float matrix-function gradients and Hessian-vector products (docs/math.md section 11)
 * against the double ones of the same float inputs, within 1e-4 relative, at ties too (the
 * divided differences are exact there); the adjoint identity of the Frechet derivative in
 * float; the domain and finiteness checks named as in double.
 */
class FloatMatrixFunctionTest {
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int n : new int[] {2, 3, 4, 6}) {
            for (String f : new String[] {"sqrt", "invsqrt", "log", "exp", "pow"}) {
                all.add(Arguments.of(n, f));
            }
        }
        return all.stream();
    }

    static MatrixFunction function(String name) {
        return MatrixFunction.named(name, name.equals("pow") ? 0.37 : null);
    }

    static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            f[k] = (float) x[k];
        }
        return f;
    }

    static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return d;
    }

    static double relative(float[] f, double[] d) {
        double err = 0;
        double size = 0;
        for (int k = 0; k < d.length; k++) {
            err = Math.max(err, Math.abs(f[k] - d[k]));
            size = Math.max(size, Math.abs(d[k]));
        }
        return size == 0 ? err : err / size;
    }

    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void floatMatchesDoubleOfTheSameInputs(int n, String name) {
        SplittableRandom random = new SplittableRandom(7000 + 13L * n + name.length());
        MatrixFunction f = function(name);
        double worst = 0;
        for (int draw = 0; draw < 12; draw++) {
            double[] spectrum = TestMatrices.separatedSpectrum(n, true, random);
            if (draw % 3 == 1) {
                spectrum[1] = spectrum[0]; // an exact tie
            } else if (draw % 3 == 2) {
                java.util.Arrays.fill(spectrum, spectrum[0]); // all tied
            }
            for (int i = 0; i < n; i++) {
                spectrum[i] = name.equals("exp") ? spectrum[i] / (4 * n) : spectrum[i]; // exp within range
            }
            java.util.Arrays.sort(spectrum);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) spectrum[n - 1 - i];
            }
            RealMatrix q = TestMatrices.randomOrthogonal(n, random);
            float[] vectors = new float[n * n];
            float[] c = new float[n * n];
            float[] t = new float[n * n];
            for (int i = 0; i < n * n; i++) {
                vectors[i] = (float) q.getEntry(i / n, i % n);
                c[i] = (float) TestMatrices.gaussian(random);
                t[i] = (float) TestMatrices.gaussian(random);
            }
            float[] g = new float[n * n];
            f.gradient(n, values, vectors, c, g);
            double[] gd = new double[n * n];
            double[] v = doubles(values);
            double[] w = doubles(vectors);
            f.registry(n, v, w, doubles(c), gd);
            double e = relative(g, gd);
            assertTrue(e <= 1e-4, "gradient, draw " + draw + ": " + e);
            float[] h = new float[n * n];
            f.hessianVector(n, values, vectors, c, t, h);
            double[] hd = new double[n * n];
            switch (name) {
                case "sqrt" -> RuleRegistry.sqrtHessian(n, v, 0, w, 0, doubles(c), 0, doubles(t), 0, hd, 0);
                case "invsqrt" -> RuleRegistry.invsqrtHessian(n, v, 0, w, 0, doubles(c), 0, doubles(t), 0, hd, 0);
                case "log" -> RuleRegistry.logHessian(n, v, 0, w, 0, doubles(c), 0, doubles(t), 0, hd, 0);
                case "exp" -> RuleRegistry.expHessian(n, v, 0, w, 0, doubles(c), 0, doubles(t), 0, hd, 0);
                default -> RuleRegistry.powHessian(n, v, 0, w, 0, doubles(c), 0, doubles(t), 0, hd, 0, (float) 0.37);
            }
            double eh = relative(h, hd);
            assertTrue(eh <= 1e-4, "Hessian-vector product, draw " + draw + ": " + eh);
            worst = Math.max(worst, Math.max(e, eh));
            // f(M) in float against f(M) of the same float decomposition in double (f of each
            // eigenvalue to 8 ulps, the sum over k in float)
            float[] value = new float[n * n];
            f.value(n, values, vectors, value);
            double[] exactValue = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += (double) vectors[i * n + k] * f.apply(values[k]) * vectors[j * n + k];
                    }
                    exactValue[i * n + j] = sum;
                }
            }
            double ev = relative(value, exactValue);
            assertTrue(ev <= 1e-5, "f(M), draw " + draw + ": " + ev);
            // <C, d f[T]> = <grad(C), T>: the map is self-adjoint, in float to 1e-5
            float[] d = new float[n * n];
            f.derivative(n, values, vectors, t, d);
            double left = 0;
            double right = 0;
            double size = 0;
            for (int k = 0; k < n * n; k++) {
                left += (double) c[k] * d[k];
                right += (double) g[k] * t[k];
                size += Math.abs((double) c[k] * d[k]) + Math.abs((double) g[k] * t[k]);
            }
            assertTrue(Math.abs(left - right) <= 1e-5 * size, "adjoint identity: " + left + " vs " + right);
        }
        System.out.printf("float matrix function n=%d %s: worst relative error %.2e%n", n, name, worst);
    }

    @Test
    void badFloatInputIsNamed() {
        MatrixFunction log = MatrixFunction.log();
        float[] vectors = {1, 0, 0, 1};
        float[] c = {1, 0, 0, 1};
        InvalidInputException domain = assertThrows(InvalidInputException.class,
                () -> log.gradient(2, new float[] {1, -1}, vectors, c, new float[4]));
        assertEquals(Problem.OUT_OF_RANGE, domain.problem());
        assertTrue(domain.getMessage().contains("log needs eigenvalues > 0"), domain.getMessage());
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> MatrixFunction.exp().gradient(2, new float[] {1, 0.5f}, vectors, new float[] {1, Float.NaN, 0, 1},
                        new float[4]));
        assertEquals(Problem.NOT_FINITE, nan.problem());
        assertTrue(nan.getMessage().contains("functionBar entry 1"), nan.getMessage());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class,
                () -> log.gradient(2, new float[] {2, 1}, vectors, c, new float[3])).problem());
        InvalidInputException valueDomain = assertThrows(InvalidInputException.class,
                () -> log.value(2, new float[] {1, -1}, vectors, new float[4]));
        assertEquals(Problem.OUT_OF_RANGE, valueDomain.problem());
        assertEquals(Problem.OUT_OF_RANGE, assertThrows(InvalidInputException.class,
                () -> MatrixFunction.exp().value(2, new float[] {95, 1}, vectors, new float[4])).problem());
        // exp of a float eigenvalue near 89 overflows the float range: named, never Infinity
        InvalidInputException range = assertThrows(InvalidInputException.class,
                () -> MatrixFunction.exp().gradient(2, new float[] {95, 1}, vectors, c, new float[4]));
        assertEquals(Problem.OUT_OF_RANGE, range.problem());
        for (int n : new int[] {2, 6}) { // unrolled and general classes
            float[] v = new float[n];
            float[] w = new float[n * n];
            for (int i = 0; i < n; i++) {
                v[i] = n - i;
                w[i * n + i] = 1;
            }
            float[] full = new float[n * n];
            float[] shortArray = new float[n * n - 1];
            InvalidInputException tangent = assertThrows(InvalidInputException.class,
                    () -> log.hessianVector(n, v, w, full, shortArray, new float[n * n]));
            assertEquals(Problem.WRONG_LENGTH, tangent.problem());
            assertTrue(tangent.getMessage().startsWith("tangent"), tangent.getMessage());
            InvalidInputException gradientDot = assertThrows(InvalidInputException.class,
                    () -> log.hessianVector(n, v, w, full, full, shortArray));
            assertEquals(Problem.WRONG_LENGTH, gradientDot.problem());
            assertTrue(gradientDot.getMessage().startsWith("gradientDot"), gradientDot.getMessage());
        }
    }
}
