package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.kernels.HeatFunction;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import org.junit.jupiter.api.Test;

/** The generated functions through the runtime's API, against central differences of f(M). */
class UserFunctionTest {
    static double loss(MatrixFunction f, double[][] m, double[][] c) {
        double[][] v = f.value(SymmetricEigensolver.defaults().decompose(m));
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                s += v[i][j] * c[i][j];
            }
        }
        return s;
    }

    static void checkGradient(MatrixFunction f, double[][] m, double[][] c) {
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(m);
        double[][] g = f.gradient(e, c);
        int n = m.length;
        double h = 1e-6;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double[][] plus = copy(m);
                double[][] minus = copy(m);
                plus[i][j] += h;
                minus[i][j] -= h;
                if (i != j) {
                    plus[j][i] += h;
                    minus[j][i] -= h;
                }
                double expected = (loss(f, plus, c) - loss(f, minus, c)) / (2 * h);
                double got = i == j ? g[i][i] : g[i][j] + g[j][i];
                assertEquals(expected, got, 1e-7, f + " entry " + i + "," + j);
            }
        }
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @Test
    void vonNeumannEntropyGradientAtATie() {
        // M = diag(2, 2, 0.5) rotated: a double eigenvalue; d tr(M log M) / dM = log M + I
        double[][] m = {{1.5, 0.5, 0.5}, {0.5, 1.5, -0.5}, {0.5, -0.5, 1.5}};
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        MatrixFunction f = MatrixFunction.of(new XlogxFunction());
        checkGradient(f, m, identity);
    }

    @Test
    void heatKernelWithAParameter() {
        double[][] m = {{1, 0.3, 0, 0.1, 0}, {0.3, 1, 0.2, 0, 0}, {0, 0.2, 2, 0, 0.4}, {0.1, 0, 0, 1, 0},
            {0, 0, 0.4, 0, -1}};
        double[][] c = {{1, 2, 0, 0, 1}, {0, 1, 0, 3, 0}, {1, 0, 1, 0, 0}, {0, 0, 2, 1, 0}, {1, 0, 0, 0, 2}};
        checkGradient(MatrixFunction.of(new HeatFunction(0.7)), m, c);
    }

    @Test
    void eigenvaluesOutsideTheDomainAreRefused() {
        MatrixFunction f = MatrixFunction.of(new XlogxFunction());
        double[][] m = {{1, 0}, {0, -1}};
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> f.gradient(SymmetricEigensolver.defaults().decompose(m), m));
        assertEquals("out-of-domain", x.problem().code());
    }
}
