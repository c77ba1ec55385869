package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * The complex Hermitian side of {@link MatrixFunction} (docs/math.md section 13): f(M) and the
 * Daleckii-Krein map {@code X -> V (f[1] o (V^H herm(X) V)) V^H} on interleaved matrices. The
 * map runs the generated classes ({@code MatrixFunction3SqrtComplex} and so on); f and f[1]
 * are the function's own ({@link MatrixFunction#apply}).
 */
final class HermitianFunctions {
    private HermitianFunctions() {}

    /** The decomposition, refused when null. */
    static HermitianEigendecomposition require(HermitianEigendecomposition forward) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the Hermitian decomposition) is null");
        }
        return forward;
    }

    /**
     * {@code V diag(fValues) V^H} interleaved: the lower triangle computed, the upper its
     * conjugate, the diagonal real.
     */
    static double[] synthesize(int n, double[] v, double[] fValues) {
        double[] out = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double re = 0;
                double im = 0;
                for (int k = 0; k < n; k++) {
                    // V_ik f_k conj(V_jk)
                    double ar = v[2 * (i * n + k)];
                    double ai = v[2 * (i * n + k) + 1];
                    double br = v[2 * (j * n + k)];
                    double bi = v[2 * (j * n + k) + 1];
                    re += fValues[k] * (ar * br + ai * bi);
                    im += fValues[k] * (ai * br - ar * bi);
                }
                out[2 * (i * n + j)] = re;
                out[2 * (j * n + i)] = re;
                out[2 * (i * n + j) + 1] = i == j ? 0 : im;
                out[2 * (j * n + i) + 1] = i == j ? 0 : -im;
            }
        }
        return out;
    }

    /** The interleaved input {@code x} of the decomposition's size, copied and checked. */
    static double[] input(HermitianEigendecomposition forward, double[] x, String name) {
        return HermitianInput.interleaved(x, forward.size(), name);
    }

    /** The input given by its parts as rows, interleaved, of the decomposition's size. */
    static double[] input(HermitianEigendecomposition forward, double[][] re, double[][] im, String name) {
        double[] x = HermitianInput.fromParts(re, im, name);
        if (x.length != 2L * forward.size() * forward.size()) {
            throw new InvalidInputException(Problem.NOT_SQUARE, name + " is " + re.length + " x " + re.length
                    + " but the decomposition is " + forward.size() + " x " + forward.size());
        }
        return x;
    }
}
