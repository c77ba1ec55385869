package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.GeneralizedReductions;

/**
 * The generalised symmetric-definite eigenproblem {@code sym(A) v = lambda sym(B) v} with B
 * positive definite (docs/math.md section 12), by Cholesky reduction: {@code B = L L^T},
 * {@code C = L^-1 sym(A) L^-T = U diag(lambda) U^T} (by {@link SymmetricEigensolver}),
 * {@code V = L^-T U}. A and B are scaled by powers of two first, so entries from 1e-300 to
 * 1e300 work; the eigenvalues are descending, V is B-orthonormal and each of its columns has
 * its largest-magnitude entry positive. Immutable and thread-safe.
 *
 * <pre>{@code
 * GeneralizedEigendecomposition e = GeneralizedEigensolver.defaults().decompose(a, b);
 * e.values();   // lambda, descending
 * e.vectors();  // V with V^T B V = I
 * }</pre>
 */
public final class GeneralizedEigensolver {
    /** Pivots of B's Cholesky factor at or below this times their diagonal entry: B is singular to working precision. */
    static final double SINGULAR_PIVOT = 0x1p-50;

    private final double epsilon;
    private final double symmetryTolerance;

    private GeneralizedEigensolver(double epsilon, double symmetryTolerance) {
        this.epsilon = epsilon;
        this.symmetryTolerance = symmetryTolerance;
    }

    /**
     * No regularisation, the default symmetry tolerance (1e-8 relative).
     *
     * @return the default solver
     */
    public static GeneralizedEigensolver defaults() {
        return new GeneralizedEigensolver(0, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE);
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this solver's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().epsilon(epsilon).symmetryTolerance(symmetryTolerance);
    }

    /**
     * The regularisation: {@code A + epsilon B} is decomposed (every eigenvalue moves by epsilon).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Decomposes the pair (A, B), each given as rows.
     *
     * @param a A, n x n (only sym(A) acts)
     * @param b B, n x n, symmetric positive definite (only sym(B) acts)
     * @return the decomposition of {@code sym(A) + epsilon sym(B)} against {@code sym(B)}
     * @throws InvalidInputException naming the problem: shape (of either, or a mismatch), a
     *     non-finite entry, asymmetry beyond the tolerance, or B not positive definite
     *     ({@code not-positive-definite}, naming the failing pivot and its value)
     */
    public GeneralizedEigendecomposition decompose(double[][] a, double[][] b) {
        double[] fa = MatrixInput.squareRowMajor(a, "matrix");
        int n = a.length;
        if (b != null && b.length != n) {
            throw new InvalidInputException(Problem.NOT_SQUARE, "matrixB has " + b.length + " rows but matrix has " + n
                    + "; A and B must be n x n of the same n");
        }
        return decomposeValidated(fa, MatrixInput.squareRowMajor(b, "matrixB"), n);
    }

    /**
     * Decomposes the pair (A, B) given row-major.
     *
     * @param a A, n*n row-major
     * @param b B, n*n row-major, symmetric positive definite
     * @param n the size, at least 1
     * @return the decomposition, as {@link #decompose(double[][], double[][])}
     */
    public GeneralizedEigendecomposition decompose(double[] a, double[] b, int n) {
        return decomposeValidated(MatrixInput.squareRowMajor(a, n, "matrix"), MatrixInput.squareRowMajor(b, n, "matrixB"),
                n);
    }

    private GeneralizedEigendecomposition decomposeValidated(double[] a, double[] b, int n) {
        double[] values = new double[n];
        double[] v = new double[n * n];
        double[] bs = new double[n * n];
        int eB = solve(a, b, n, values, v, bs, n >= 2 && n <= 4 ? new Small(n) : null);
        return new GeneralizedEigendecomposition(n, values, v, bs, eB, epsilon);
    }

    /**
     * Scratch of the straight-line path for n = 2, 3, 4, reused across pairs (a batch chunk),
     * so that {@link #decomposeInto} allocates nothing there. Not thread-safe.
     */
    static final class Small {
        final int n;
        final double[] a;
        final double[] b;
        final double[] as;
        final double[] bs;
        final double[] pivots;
        final double[] inverse;
        final double[] c;
        final double[] u;
        final double[] values;
        final double[] v;

        Small(int n) {
            if (n < 2 || n > 4) {
                throw new IllegalArgumentException("the straight-line path serves n = 2 to 4, not " + n);
            }
            this.n = n;
            int nn = n * n;
            a = new double[nn];
            b = new double[nn];
            as = new double[nn];
            bs = new double[nn];
            pivots = new double[n];
            inverse = new double[nn];
            c = new double[nn];
            u = new double[nn];
            values = new double[n];
            v = new double[nn];
        }
    }

    /**
     * The pair (A, B) from offsets of flat arrays, n = 2 to 4, as {@link #decompose(double[], double[], int)}
     * computes it, written to {@code values} and {@code vectors} from their offsets through the
     * scratch {@code s}; nothing is written when the pair is refused.
     */
    void decomposeInto(double[] a, int aOffset, double[] b, int bOffset, Small s, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        int n = s.n;
        System.arraycopy(a, aOffset, s.a, 0, n * n);
        System.arraycopy(b, bOffset, s.b, 0, n * n);
        MatrixInput.requireFinite(s.a, n, "matrix");
        MatrixInput.requireFinite(s.b, n, "matrixB");
        solve(s.a, s.b, n, s.values, s.v, s.bs, s);
        System.arraycopy(s.values, 0, values, valuesOffset, n);
        System.arraycopy(s.v, 0, vectors, vectorsOffset, n * n);
    }

    /**
     * The decomposition of the validated (finite, n x n) pair: writes the values, the
     * B-orthonormal V and {@code bs = sym(B) 2^-eB}, and returns eB. With {@code small} (n = 2
     * to 4) every intermediate lives in its scratch.
     */
    private int solve(double[] a, double[] b, int n, double[] values, double[] v, double[] bs, Small small) {
        double maxA = MatrixInput.maxAbs(a);
        double maxB = MatrixInput.maxAbs(b);
        MatrixInput.requireSymmetric(a, n, maxA, symmetryTolerance, "matrix");
        MatrixInput.requireSymmetric(b, n, maxB, symmetryTolerance, "matrixB");
        if (maxB == 0) {
            throw new InvalidInputException(Problem.NOT_POSITIVE_DEFINITE, "matrixB is zero, not positive definite");
        }
        // powers of two: A' = sym(A) 2^-eA, B' = sym(B) 2^-eB with eB even, so that sqrt(2^eB) is exact
        int eA = maxA == 0 ? 0 : MatrixInput.exponentOf(maxA);
        int eB = MatrixInput.exponentOf(maxB);
        eB -= Math.floorMod(eB, 2);
        double[] as = small != null ? small.as : new double[n * n];
        symmetricScaled(a, n, -eA, as);
        symmetricScaled(b, n, -eB, bs);
        if (small != null) {
            // the generated straight-line reduction through L^-1, and the small solvers without the
            // public checks (C is exactly symmetric and finite)
            switch (n) {
                case 2 -> GeneralizedReductions.reduce2(as, 0, bs, 0, small.pivots, 0, small.inverse, 0, small.c, 0);
                case 3 -> GeneralizedReductions.reduce3(as, 0, bs, 0, small.pivots, 0, small.inverse, 0, small.c, 0);
                default -> GeneralizedReductions.reduce4(as, 0, bs, 0, small.pivots, 0, small.inverse, 0, small.c, 0);
            }
            for (int j = 0; j < n; j++) {
                checkPivot(j, small.pivots[j], bs[j * n + j], eB);
            }
            SmallEigensolver.decomposeChecked(n, small.c, MatrixInput.maxAbs(small.c), 0, values, small.u);
            switch (n) {
                case 2 -> GeneralizedReductions.backTransform2(small.inverse, 0, small.u, 0, v, 0);
                case 3 -> GeneralizedReductions.backTransform3(small.inverse, 0, small.u, 0, v, 0);
                default -> GeneralizedReductions.backTransform4(small.inverse, 0, small.u, 0, v, 0);
            }
        } else {
            double[] l = cholesky(bs, n, eB);
            SymmetricEigendecomposition reduced = SymmetricEigensolver.defaults().decompose(reduce(as, l, n), n);
            System.arraycopy(reduced.valuesInternal(), 0, values, 0, n);
            System.arraycopy(backTransform(l, reduced.vectorsInternal(), n), 0, v, 0, n * n);
        }
        for (int i = 0; i < n; i++) {
            values[i] = MatrixInput.unscaleEigenvalue(values[i], eA - eB, epsilon, i);
        }
        if (illConditioned(v, bs, n)) {
            if (refineToOrthonormal(v, bs, n) > POLISH_ABOVE && n <= POLISH_MAX_SIZE) {
                polish(v, bs, n);
            }
        }
        double unscale = MatrixInput.powerOfTwo(-eB / 2);
        for (int k = 0; k < n * n; k++) {
            v[k] *= unscale;
        }
        gauge(v, n);
        return eB;
    }

    /** {@code s = sym(m) 2^exponent}, row-major. */
    private static void symmetricScaled(double[] m, int n, int exponent, double[] s) {
        // a product with an exact power of two rounds as scalb does; beyond 2^1000 scalb avoids overflowing the factor
        boolean product = Math.abs(exponent) <= 1000;
        double factor = product ? MatrixInput.powerOfTwo(exponent) : 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = product ? (m[i * n + j] * factor + m[j * n + i] * factor) / 2
                        : (Math.scalb(m[i * n + j], exponent) + Math.scalb(m[j * n + i], exponent)) / 2;
                s[i * n + j] = x;
                s[j * n + i] = x;
            }
        }
    }

    /**
     * The lower Cholesky factor of the scaled B' (row-major); {@code not-positive-definite}
     * naming the first pivot that is not positive, or singular to working precision, with its
     * value in B's units.
     */
    static double[] cholesky(double[] b, int n, int exponent) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = b[j * n + j] - dot(l, j * n, l, j * n, j);
            checkPivot(j, d, b[j * n + j], exponent);
            double root = Math.sqrt(d);
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++) {
                l[i * n + j] = (b[i * n + j] - dot(l, i * n, l, j * n, j)) / root;
            }
        }
        return l;
    }

    /**
     * {@code not-positive-definite} unless pivot j, {@code d}, is positive and above
     * {@link #SINGULAR_PIVOT} of its diagonal entry; the message gives it in B's units.
     */
    static void checkPivot(int j, double d, double diagonal, int exponent) {
        if (!(d > SINGULAR_PIVOT * diagonal)) {
            throw new InvalidInputException(Problem.NOT_POSITIVE_DEFINITE, "matrixB is not positive definite: "
                    + "Cholesky pivot " + j + " is " + Math.scalb(d, exponent) + (d > 0 ? ", singular to working "
                    + "precision (at most 2^-50 of its diagonal entry)" : "") + "; the leading " + (j + 1) + " x "
                    + (j + 1) + " block of sym(B) is " + (d > 0 ? "nearly singular" : "not positive definite"));
        }
    }

    /**
     * {@code C = L^-1 A L^-T} for a symmetric A: {@code Y = L^-1 A}, then
     * {@code C = L^-1 Y^T} (as {@code Y^T = A L^-T}); symmetrised against rounding. Each
     * substitution runs on whole rows ({@link #forwardRows}).
     */
    static double[] reduce(double[] a, double[] l, int n) {
        double[] y = forwardRows(l, a, n);
        double[] c = forwardRows(l, transpose(y, n), n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = (c[i * n + j] + c[j * n + i]) / 2;
                c[i * n + j] = s;
                c[j * n + i] = s;
            }
        }
        return c;
    }

    /**
     * {@code X = L^-1 M} by forward substitution on whole rows: row i of X is row i of M less
     * {@code l_ik} times row k of X (k &lt; i), over {@code l_ii}. The inner loops run along
     * contiguous rows, which the JIT vectorises; rows go in blocks of four, so that each earlier
     * row is loaded once per block.
     */
    private static double[] forwardRows(double[] l, double[] m, int n) {
        double[] x = m.clone();
        int blocked = n - n % 4;
        for (int i0 = 0; i0 < blocked; i0 += 4) {
            // rows i0..i0+3 take the updates of every earlier block together: each earlier row is
            // read once for four
            int r0 = i0 * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            for (int k = 0; k < i0; k++) {
                double f0 = l[r0 + k];
                double f1 = l[r1 + k];
                double f2 = l[r2 + k];
                double f3 = l[r3 + k];
                int other = k * n;
                for (int j = 0; j < n; j++) {
                    double xk = x[other + j];
                    x[r0 + j] -= f0 * xk;
                    x[r1 + j] -= f1 * xk;
                    x[r2 + j] -= f2 * xk;
                    x[r3 + j] -= f3 * xk;
                }
            }
            for (int i = i0; i < i0 + 4; i++) {
                finishRow(l, x, n, i, i0);
            }
        }
        for (int i = blocked; i < n; i++) {
            finishRow(l, x, n, i, 0);
        }
        return x;
    }

    /** Row i of {@code L^-1 M} from the updates of rows {@code from..i-1} on, then the division by {@code l_ii}. */
    private static void finishRow(double[] l, double[] x, int n, int i, int from) {
        int row = i * n;
        for (int k = from; k < i; k++) {
            double f = l[row + k];
            if (f != 0) {
                int other = k * n;
                for (int j = 0; j < n; j++) {
                    x[row + j] -= f * x[other + j];
                }
            }
        }
        double d = l[row + i];
        for (int j = 0; j < n; j++) {
            x[row + j] /= d;
        }
    }

    /**
     * {@code V = L^-T U} by back substitution on whole rows: row i of V is row i of U less
     * {@code l_ki} times row k of V (k &gt; i), over {@code l_ii}.
     */
    static double[] backTransform(double[] l, double[] u, int n) {
        double[] v = u.clone();
        for (int i = n - 1; i >= 0; i--) {
            int row = i * n;
            for (int k = i + 1; k < n; k++) {
                double f = l[k * n + i];
                if (f != 0) {
                    int other = k * n;
                    for (int j = 0; j < n; j++) {
                        v[row + j] -= f * v[other + j];
                    }
                }
            }
            double d = l[row + i];
            for (int j = 0; j < n; j++) {
                v[row + j] /= d;
            }
        }
        return v;
    }

    /** {@code sum_k x[xOff + k] y[yOff + k]} for k below {@code length} (the Cholesky factor's sums). */
    private static double dot(double[] x, int xOff, double[] y, int yOff, int length) {
        double s = 0;
        for (int k = 0; k < length; k++) {
            s += x[xOff + k] * y[yOff + k];
        }
        return s;
    }

    private static double[] transpose(double[] m, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = m[i * n + j];
            }
        }
        return t;
    }

    /**
     * Whether B may be ill-conditioned enough for V's B-orthonormality to need a step: the
     * estimate {@code n max|V_ij|^2 max|B_ij|} of cond(B) (V = L^-T U, so {@code ||V||^2} is
     * about {@code ||B^-1||}) beyond {@link #REFINE_ABOVE}. O(n^2).
     */
    static boolean illConditioned(double[] v, double[] b, int n) {
        return n * square(MatrixInput.maxAbs(v)) * MatrixInput.maxAbs(b) > REFINE_ABOVE;
    }

    private static double square(double x) {
        return x * x;
    }

    /** The estimated cond(B) above which V is refined. */
    static final double REFINE_ABOVE = 100;
    /** {@code max|V^T B V - I|} at which refinement stops: 32 ulps of 1. */
    static final double REFINED = 0x1p-47;
    /** The most refinement steps; each costs three compensated O(n^3) products. */
    static final int MAX_REFINE_STEPS = 10;
    /**
     * The most refinement steps above {@link #POLISH_MAX_SIZE}, where each costs much (three
     * compensated O(n^3) products); three end within 1e-13 at cond 1e8, n = 64 (two did not).
     */
    static final int LARGE_REFINE_STEPS = 3;
    /** Refinement steps without a new best V after which refinement stops. */
    static final int PATIENCE = 2;

    /**
     * Steps of {@link #refine} from V, keeping the best V measured. The first step removes the
     * Cholesky reduction's error (about {@code eps cond(B)}); V is then near the rounding of a
     * B-orthonormal matrix, about {@code eps sqrt(cond(B))}, and further steps, each moving the
     * entries whose correction reaches half an ulp by one ulp, mostly halve what is left but may
     * overshoot. So V ends as the best of the states whose {@code max|R|} was measured: refining
     * stops at {@link #REFINED}, after {@link #PATIENCE} steps without a new best, or after
     * {@link #MAX_REFINE_STEPS} ({@link #LARGE_REFINE_STEPS} above {@link #POLISH_MAX_SIZE};
     * measured: {@code GeneralizedGramFloorTest}). Returns the best {@code max|R|} measured.
     */
    static double refineToOrthonormal(double[] v, double[] b, int n) {
        int nn = n * n;
        double[] state = new double[nn];
        double[] best = new double[nn];
        double bestR = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        int maxSteps = n <= POLISH_MAX_SIZE ? MAX_REFINE_STEPS : LARGE_REFINE_STEPS;
        for (int step = 0; step < maxSteps && sinceBest < PATIENCE; step++) {
            System.arraycopy(v, 0, state, 0, nn);
            double r = refine(v, b, n); // max|R| of state; v is the next state
            if (r < bestR) {
                bestR = r;
                System.arraycopy(state, 0, best, 0, nn);
                sinceBest = 0;
                if (r <= REFINED) {
                    break;
                }
            } else {
                sinceBest++;
            }
        }
        System.arraycopy(best, 0, v, 0, nn);
        return bestR;
    }

    /**
     * One step toward B-orthonormality: {@code R = V^T B V - I} with compensated dot products
     * (twice the working precision: in double R would carry eps cond(B) of rounding), then
     * {@code V <- V (I - R/2)}, which leaves {@code O(R^2)}. The Cholesky reduction alone is
     * B-orthonormal to about {@code eps cond(B)}. Returns {@code max|R_ij|}.
     */
    static double refine(double[] v, double[] b, int n) {
        double[] r = residual(v, b, n, null);
        double[] corrected = new double[n * n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < n; k++) {
                double vik = v[row + k];
                int rk = k * n;
                for (int j = 0; j < n; j++) {
                    corrected[row + j] += vik * r[rk + j];
                }
            }
            for (int j = 0; j < n; j++) {
                corrected[row + j] = v[row + j] - corrected[row + j] / 2;
            }
        }
        System.arraycopy(corrected, 0, v, 0, n * n);
        return maxAbs(r);
    }

    /**
     * {@code R = V^T B V - I} in compensated dot products (B V carried as an unevaluated sum
     * of two doubles; every product split exactly by fma, every sum by TwoSum), accumulated
     * row by row so that the inner loops run over rows; with {@code bvOut} non-null B V
     * (rounded) is written there too.
     */
    static double[] residual(double[] v, double[] b, int n, double[] bvOut) {
        int nn = n * n;
        double[] bv = new double[nn];
        double[] bvLow = new double[nn];
        for (int i = 0; i < n; i++) {
            accumulate(b, i * n, v, null, n, bv, bvLow, i * n);
        }
        double[] r = new double[nn];
        double[] rLow = new double[nn];
        double[] column = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                column[k] = v[k * n + i];
            }
            accumulate(column, 0, bv, bvLow, n, r, rLow, i * n);
            int d = i * n + i; // less the identity, the rounding of the subtraction kept (TwoSum)
            double t = r[d] - 1;
            double bb = t - r[d];
            rLow[d] += (r[d] - (t - bb)) + (-1 - bb);
            r[d] = t;
        }
        for (int k = 0; k < nn; k++) {
            r[k] += rLow[k];
        }
        if (bvOut != null) {
            for (int k = 0; k < nn; k++) {
                bvOut[k] = bv[k] + bvLow[k];
            }
        }
        return r;
    }

    /**
     * Row {@code out[outOffset..+n)} (with its low part in {@code outLow}), zero on entry, plus
     * {@code sum_k x[xOffset + k] (m + mLow)[k][.]}, compensated; {@code mLow} may be null.
     */
    private static void accumulate(double[] x, int xOffset, double[] m, double[] mLow, int n, double[] out,
            double[] outLow, int outOffset) {
        for (int k = 0; k < n; k++) {
            double xk = x[xOffset + k];
            int mk = k * n;
            for (int j = 0; j < n; j++) {
                double p = xk * m[mk + j];
                double pe = Math.fma(xk, m[mk + j], -p);
                double hi = out[outOffset + j];
                double t = hi + p;
                double bb = t - hi;
                outLow[outOffset + j] += (hi - (t - bb)) + (p - bb) + pe + (mLow == null ? 0 : xk * mLow[mk + j]);
                out[outOffset + j] = t;
            }
        }
    }

    private static double maxAbs(double[] a) {
        double worst = 0;
        for (double x : a) {
            worst = Math.max(worst, Math.abs(x));
        }
        return worst;
    }

    /** The largest size {@link #polish} serves: beyond, the steps alone end within 1e-13 (measured). */
    static final int POLISH_MAX_SIZE = 16;
    /** The largest size at which {@link #polish} also tries moves of two entries at once. */
    static final int POLISH_PAIRS_MAX_SIZE = 2;
    /** {@code max|V^T B V - I|} above which {@link #polish} runs and at which it stops: 64 ulps of 1. */
    static final double POLISH_ABOVE = 0x1p-46;
    /** The moves {@link #polish} tries on an entry, in ulps (either sign). */
    private static final int[] POLISH_MOVES = {1, 2, 3, 5, 8};
    /** The most sweeps of {@link #polish}. */
    static final int POLISH_ROUNDS = 16;

    /**
     * A search on the ulp grid where the steps of {@link #refineToOrthonormal} stall (every
     * correction below half an ulp, or a full step overshooting): sweeps of moves of single
     * entries of V by 1 to 8 ulps, and for n up to {@link #POLISH_PAIRS_MAX_SIZE} of two entries
     * at once; each move is kept when it lowers {@code max|V^T B V - I|}, until that is at most
     * {@link #POLISH_ABOVE} or a sweep finds nothing. R and B V are updated in O(n) per entry moved (moving V_ki by
     * d changes {@code R_ij} and {@code R_ji} by {@code d (BV)_kj}, {@code R_ii} by
     * {@code 2 d (BV)_ki + d^2 B_kk}, and column i of B V by {@code d B_.k}). For n up to
     * {@link #POLISH_MAX_SIZE}. Returns {@code max|R|}.
     */
    static double polish(double[] v, double[] b, int n) {
        int nn = n * n;
        double[] bv = new double[nn];
        double[] r = residual(v, b, n, bv);
        double worst = maxAbs(r);
        double[] outside = new double[n]; // max|R_pq| over p, q != i
        double[] row = new double[n];
        double[] rTry = new double[nn];
        double[] bvTry = new double[nn];
        double[] vTry = new double[nn];
        int moves = 2 * POLISH_MOVES.length;
        boolean pairs = n <= POLISH_PAIRS_MAX_SIZE;
        for (int round = 0; round < POLISH_ROUNDS && worst > POLISH_ABOVE; round++) {
            boolean improved = false;
            outside(r, n, outside);
            for (int e1 = 0; e1 < nn; e1++) {
                // pairs (e1, e2) on copies, kept in place when better
                for (int e2 = e1 + 1; pairs && e2 < nn; e2++) {
                    for (int m1 = 0; m1 < moves; m1++) {
                        for (int m2 = 0; m2 < moves; m2++) {
                            System.arraycopy(v, 0, vTry, 0, nn);
                            System.arraycopy(r, 0, rTry, 0, nn);
                            System.arraycopy(bv, 0, bvTry, 0, nn);
                            move(vTry, rTry, bvTry, b, n, e1, m1);
                            move(vTry, rTry, bvTry, b, n, e2, m2);
                            double w = maxAbs(rTry);
                            if (w < worst) {
                                System.arraycopy(vTry, 0, v, 0, nn);
                                System.arraycopy(rTry, 0, r, 0, nn);
                                System.arraycopy(bvTry, 0, bv, 0, nn);
                                worst = w;
                                improved = true;
                                outside(r, n, outside);
                            }
                        }
                    }
                }
                // single moves of e1 = (k, i), judged by the new row i and the largest entry outside it
                int k = e1 / n;
                int i = e1 % n;
                for (int m = 0; m < moves; m++) {
                    double d = step(v[e1], m);
                    double w = outside[i];
                    for (int j = 0; j < n; j++) {
                        row[j] = j == i ? r[i * n + i] + 2 * d * bv[k * n + i] + d * d * b[k * n + k]
                                : r[i * n + j] + d * bv[k * n + j];
                        w = Math.max(w, Math.abs(row[j]));
                    }
                    if (w < worst) {
                        move(v, r, bv, b, n, e1, m);
                        worst = w;
                        improved = true;
                        outside(r, n, outside);
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return worst;
    }

    /** {@code outside[i] = max|R_pq|} over p, q other than i. */
    private static void outside(double[] r, int n, double[] outside) {
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    if (p != i && q != i) {
                        m = Math.max(m, Math.abs(r[p * n + q]));
                    }
                }
            }
            outside[i] = m;
        }
    }

    /** The exact change of x by the move {@code m} of {@link #POLISH_MOVES}. */
    private static double step(double x, int m) {
        double next = x + (m % 2 == 0 ? 1 : -1) * POLISH_MOVES[m / 2] * Math.ulp(x);
        return next - x;
    }

    /** Moves entry {@code e} = (k, i) of V by the move {@code m} of {@link #POLISH_MOVES}, updating R and B V. */
    private static void move(double[] v, double[] r, double[] bv, double[] b, int n, int e, int m) {
        int k = e / n;
        int i = e % n;
        double d = step(v[e], m);
        v[e] += d;
        for (int j = 0; j < n; j++) {
            if (j != i) {
                r[i * n + j] += d * bv[k * n + j];
                r[j * n + i] = r[i * n + j];
            }
        }
        r[i * n + i] += 2 * d * bv[k * n + i] + d * d * b[k * n + k];
        for (int j = 0; j < n; j++) {
            bv[j * n + i] += d * b[j * n + k];
        }
    }

    /** Each column's largest-magnitude entry positive (the first of equal magnitude). */
    static void gauge(double[] v, int n) {
        for (int col = 0; col < n; col++) {
            int top = 0;
            for (int row = 1; row < n; row++) {
                if (Math.abs(v[row * n + col]) > Math.abs(v[top * n + col])) {
                    top = row;
                }
            }
            if (v[top * n + col] < 0) {
                for (int row = 0; row < n; row++) {
                    v[row * n + col] = -v[row * n + col];
                }
            }
        }
    }

    /**
     * Builds a {@link GeneralizedEigensolver}; the settings, and their checks, are those of
     * {@link SymmetricEigensolver.Builder}.
     */
    public static final class Builder {
        private final SymmetricEigensolver.Builder settings = SymmetricEigensolver.builder();

        private Builder() {}

        /**
         * Decompose {@code A + epsilon B}: every eigenvalue moves by epsilon (as the standard
         * solver's {@code A + epsilon I}).
         *
         * @param epsilon finite and {@code >= 0}
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            settings.epsilon(epsilon);
            return this;
        }

        /**
         * The largest accepted {@code max|M_ij - M_ji| / max|M_ij|}, for A and for B; 0 demands
         * exact symmetry, {@code Double.POSITIVE_INFINITY} accepts any (only sym(A), sym(B) are used).
         *
         * @param symmetryTolerance at least 0
         * @return this builder
         */
        public Builder symmetryTolerance(double symmetryTolerance) {
            settings.symmetryTolerance(symmetryTolerance);
            return this;
        }

        /**
         * The solver.
         *
         * @return a new solver with these settings
         */
        public GeneralizedEigensolver build() {
            SymmetricEigensolver checked = settings.build();
            return new GeneralizedEigensolver(checked.epsilon(), checked.symmetryTolerance());
        }
    }
}
