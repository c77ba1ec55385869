package io.github.eigengrad.generator.formula;

import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianEigensolver;
import java.util.SplittableRandom;

/**
 * The test inputs the Hermitian formula and rule tests share (docs/math.md section 13): a
 * random Hermitian matrix with separated eigenvalues, random vectors, and the phase-dependent
 * loss {@code <lambdaBar, lambda> + Re sum conj(VBar) V} through the runtime's solver, which
 * accepts the slightly non-Hermitian matrices of central differences.
 */
public final class HermitianCases {
    /** The solver for perturbed matrices: any matrix, its Hermitian part decomposed. */
    public static final HermitianEigensolver ANY = HermitianEigensolver.builder()
            .symmetryTolerance(Double.POSITIVE_INFINITY).build();

    private HermitianCases() {}

    /** A random Hermitian matrix, interleaved, with eigenvalues about 2 apart. */
    public static double[] matrix(int n, SplittableRandom random) {
        double[] a = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double re = i == j ? 2 * (n - i) : 0.3 * random.nextDouble(-1, 1);
                double im = i == j ? 0 : 0.3 * random.nextDouble(-1, 1);
                a[2 * (i * n + j)] = re;
                a[2 * (i * n + j) + 1] = im;
                a[2 * (j * n + i)] = re;
                a[2 * (j * n + i) + 1] = -im;
            }
        }
        return a;
    }

    /** Uniform entries in (-1, 1). */
    public static double[] vector(int length, SplittableRandom random) {
        double[] x = new double[length];
        for (int k = 0; k < length; k++) {
            x[k] = random.nextDouble(-1, 1);
        }
        return x;
    }

    /** {@code <lambdaBar, lambda> + Re sum conj(VBar) V} at the gauge-fixed decomposition of a. */
    public static double loss(double[] a, int n, double[] lb, double[] vb) {
        HermitianEigendecomposition e = ANY.decompose(a, n);
        double[] v = e.vectorsInterleaved();
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += lb[k] * e.value(k);
        }
        for (int k = 0; k < v.length; k++) {
            s += vb[k] * v[k];
        }
        return s;
    }
}
