package io.github.eigengrad.runtime.reference;

import java.util.SplittableRandom;

/**
 * Complex test matrices in the interleaved layout of docs/math.md section 13 (entry (i, j):
 * real part at {@code 2 (i n + j)}, imaginary part next to it), and the plain complex
 * arithmetic the tests check against: products, the Hermitian part, the real embedding.
 */
public final class ComplexMatrices {
    private ComplexMatrices() {}

    /** A random Hermitian matrix {@code G + G^H} with Gaussian entries. */
    public static double[] gaussianHermitian(int n, SplittableRandom random) {
        double[] a = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double re = 2 * TestMatrices.gaussian(random);
                double im = i == j ? 0 : 2 * TestMatrices.gaussian(random);
                set(a, n, i, j, re, im);
                set(a, n, j, i, re, -im);
            }
        }
        return a;
    }

    /**
     * A random unitary matrix: the product of n Householder reflections {@code I - 2 u u^H / |u|^2}
     * with complex Gaussian u (each exactly unitary in exact arithmetic).
     */
    public static double[] randomUnitary(int n, SplittableRandom random) {
        double[] q = identity(n);
        for (int r = 0; r < n; r++) {
            double[] u = new double[2 * n];
            double norm = 0;
            for (int k = 0; k < 2 * n; k++) {
                u[k] = TestMatrices.gaussian(random);
                norm += u[k] * u[k];
            }
            double[] h = identity(n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // -2 u_i conj(u_j) / |u|^2
                    double re = u[2 * i] * u[2 * j] + u[2 * i + 1] * u[2 * j + 1];
                    double im = u[2 * i + 1] * u[2 * j] - u[2 * i] * u[2 * j + 1];
                    h[2 * (i * n + j)] -= 2 * re / norm;
                    h[2 * (i * n + j) + 1] -= 2 * im / norm;
                }
            }
            q = multiply(q, h, n);
        }
        return q;
    }

    /** {@code U diag(spectrum) U^H} for a random unitary U, made exactly Hermitian. */
    public static double[] withSpectrum(double[] spectrum, SplittableRandom random) {
        int n = spectrum.length;
        double[] u = randomUnitary(n, random);
        double[] ud = u.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ud[2 * (i * n + j)] *= spectrum[j];
                ud[2 * (i * n + j) + 1] *= spectrum[j];
            }
        }
        return hermitianPart(multiply(ud, conjugateTranspose(u, n), n), n);
    }

    /** Entry (i, j) set to re + i im. */
    public static void set(double[] a, int n, int i, int j, double re, double im) {
        a[2 * (i * n + j)] = re;
        a[2 * (i * n + j) + 1] = im;
    }

    public static double[] identity(int n) {
        double[] a = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            a[2 * (i * n + i)] = 1;
        }
        return a;
    }

    /** {@code x y} for interleaved n x n matrices. */
    public static double[] multiply(double[] x, double[] y, int n) {
        double[] z = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double xr = x[2 * (i * n + k)];
                double xi = x[2 * (i * n + k) + 1];
                for (int j = 0; j < n; j++) {
                    double yr = y[2 * (k * n + j)];
                    double yi = y[2 * (k * n + j) + 1];
                    z[2 * (i * n + j)] += xr * yr - xi * yi;
                    z[2 * (i * n + j) + 1] += xr * yi + xi * yr;
                }
            }
        }
        return z;
    }

    public static double[] conjugateTranspose(double[] x, int n) {
        double[] t = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[2 * (j * n + i)] = x[2 * (i * n + j)];
                t[2 * (j * n + i) + 1] = -x[2 * (i * n + j) + 1];
            }
        }
        return t;
    }

    /** {@code (A + A^H)/2}. */
    public static double[] hermitianPart(double[] a, int n) {
        double[] h = conjugateTranspose(a, n);
        for (int k = 0; k < h.length; k++) {
            h[k] = (h[k] + a[k]) / 2;
        }
        return h;
    }

    /** The real symmetric 2n x 2n embedding {@code [[Re, -Im], [Im, Re]]}: each eigenvalue of A twice. */
    public static double[][] realEmbedding(double[] a, int n) {
        double[][] e = new double[2 * n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = a[2 * (i * n + j)];
                double im = a[2 * (i * n + j) + 1];
                e[i][j] = re;
                e[i + n][j + n] = re;
                e[i][j + n] = -im;
                e[i + n][j] = im;
            }
        }
        return e;
    }

    /** The largest modulus of an entry. */
    public static double maxModulus(double[] a) {
        double m = 0;
        for (int k = 0; k < a.length; k += 2) {
            m = Math.max(m, Math.hypot(a[k], a[k + 1]));
        }
        return m;
    }

    /** {@code a} times a real factor. */
    public static double[] scaled(double[] a, double factor) {
        double[] s = a.clone();
        for (int k = 0; k < s.length; k++) {
            s[k] *= factor;
        }
        return s;
    }
}
