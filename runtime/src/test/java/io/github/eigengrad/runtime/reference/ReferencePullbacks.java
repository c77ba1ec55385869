package io.github.eigengrad.runtime.reference;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A plain implementation of every pullback formula of docs/math.md sections 3 to 5, written
 * straight from the text on Commons Math matrices. It is the oracle for generated code:
 * readable first, fast never. Indices are 0-based (docs/math.md's lambda_1 is {@code lambda[0]}).
 *
 * <p>Conventions: {@code lambda} descending; column j of {@code v} is eigenvector j;
 * column j of {@code vBar} is dL/dv_j; {@code vBar} and {@code lambdaBar} may be null (zero).
 */
public final class ReferencePullbacks {
    private ReferencePullbacks() {}

    /** How the pairwise factor F is formed (docs/math.md section 5). */
    public sealed interface Method permits Analytic, PowerIteration, Adaptive {}

    /** F_ij = 1/(lambda_j - lambda_i); pairs closer than {@code degeneracyTolerance * max|lambda|} fail or are masked. */
    public record Analytic(double degeneracyTolerance, boolean mask) implements Method {
        public static final Analytic DEFAULT = new Analytic(1e-8, false);
    }

    /** The truncated series F^(K) with one K for every pair (the paper: K = 19). */
    public record PowerIteration(int k) implements Method {}

    /** F^(K) with K_ij chosen per pair from {@code tolerance}, capped at {@code maxIterations}. */
    public record Adaptive(double tolerance, int maxIterations) implements Method {}

    /**
     * What a pullback reports: the gradient, the K it used (largest K_ij for adaptive, null
     * for analytic), the largest accepted pair error r^K, the section-5 bound (null for
     * analytic), the spectrum shift, and warnings.
     */
    public record Result(RealMatrix gradient, Integer iterationsUsed, double maxPairError,
            Double gradientBound, double shift, List<String> warnings) {}

    /** Section 3 (Eq. 10 in full): {@code V (F o skew(G) + diag(lambdaBar)) V^T}; fails at a (near) tie unless masked. */
    public static Result analytic(double[] lambda, RealMatrix v, RealMatrix vBar, double[] lambdaBar,
            boolean eigenvalueTerm, Analytic method) {
        int n = lambda.length;
        RealMatrix f = analyticFactor(lambda, method);
        List<String> warnings = new ArrayList<>();
        double m = maxAbs(lambda);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (isDegenerate(lambda[i], lambda[j], m, method.degeneracyTolerance())) {
                    warnings.add("masked degenerate pair (" + i + ", " + j + "): F set to 0");
                }
            }
        }
        RealMatrix gradient = assemble(v, f, vBar, lambdaBar, eigenvalueTerm);
        return new Result(gradient, null, 0, null, 0, List.copyOf(warnings));
    }

    /**
     * F of section 3: {@code F_ij = 1/(lambda_j - lambda_i)}, 0 on the diagonal and for a pair
     * closer than {@code degeneracyTolerance * max|lambda|} when masking; without masking such
     * an adjacent pair fails.
     */
    public static RealMatrix analyticFactor(double[] lambda, Analytic method) {
        int n = lambda.length;
        double m = maxAbs(lambda);
        for (int i = 0; i + 1 < n; i++) {
            if (isDegenerate(lambda[i], lambda[i + 1], m, method.degeneracyTolerance()) && !method.mask()) {
                throw new IllegalArgumentException("degenerate spectrum: eigenvalues " + i + " and " + (i + 1)
                        + " (" + lambda[i] + ", " + lambda[i + 1] + ") are closer than the relative tolerance "
                        + method.degeneracyTolerance());
            }
        }
        RealMatrix f = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && !isDegenerate(lambda[Math.min(i, j)], lambda[Math.max(i, j)], m,
                        method.degeneracyTolerance())) {
                    f.setEntry(i, j, 1 / (lambda[j] - lambda[i]));
                }
            }
        }
        return f;
    }

    private static boolean isDegenerate(double upper, double lower, double m, double tolerance) {
        return !(upper - lower > tolerance * m);
    }

    /**
     * The antisymmetric factor F^(K) of section 4 for {@code mu} (descending, positive) and
     * what section 5 asks to report about it.
     *
     * @param used K for a fixed K; the largest K_ij for adaptive (1 when there is no pair)
     * @param maxPairError the largest r_ij^(K_ij) over pairs i < j (0 when there is no pair)
     * @param maxF the largest F^(K)_ji over pairs i < j
     */
    public record SeriesFactor(RealMatrix f, int used, double maxPairError, double maxF) {}

    public static SeriesFactor seriesFactor(double[] mu, Method method) {
        int n = mu.length;
        RealMatrix f = MatrixUtils.createRealMatrix(n, n);
        int used = method instanceof PowerIteration p ? p.k() : 1;
        double maxPairError = 0;
        double maxF = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r = mu[j] / mu[i];
                int k;
                if (method instanceof PowerIteration p) {
                    k = p.k();
                } else if (method instanceof Adaptive a) {
                    k = adaptiveK(r, a.tolerance(), a.maxIterations());
                    used = Math.max(used, k);
                } else {
                    throw new IllegalArgumentException("the series takes PowerIteration or Adaptive, not " + method);
                }
                double fji = seriesCoefficient(mu[i], mu[j], k);
                f.setEntry(j, i, fji);
                f.setEntry(i, j, -fji); // sign from the index order, never from comparing values
                maxPairError = Math.max(maxPairError, Math.pow(r, k));
                maxF = Math.max(maxF, fji);
            }
        }
        return new SeriesFactor(f, used, maxPairError, maxF);
    }

    /**
     * Section 4 (all eigenvectors): {@code V (F^(K) o skew(G) + diag(lambdaBar)) V^T} with
     * the series formed from {@code mu = lambda + shift}, fixed or adaptive K; the bound of
     * section 5 counts {@code ||lambdaBar||} only when the eigenvalue term is on.
     */
    public static Result series(double[] lambda, RealMatrix v, RealMatrix vBar, double[] lambdaBar,
            boolean eigenvalueTerm, Method method) {
        double shift = spectrumShift(lambda);
        SeriesFactor factor = seriesFactor(shiftedSpectrum(lambda), method);
        RealMatrix gradient = assemble(v, factor.f(), vBar, lambdaBar, eigenvalueTerm);
        double bound = factor.maxF() * (vBar == null ? 0 : vBar.getFrobeniusNorm())
                + (eigenvalueTerm && lambdaBar != null ? MatrixUtils.createRealVector(lambdaBar).getNorm() : 0);
        return new Result(gradient, factor.used(), factor.maxPairError(), bound, shift, List.of());
    }

    /** {@code V (F o skew(V^T vBar) + diag(lambdaBar)) V^T}. */
    private static RealMatrix assemble(RealMatrix v, RealMatrix f, RealMatrix vBar, double[] lambdaBar,
            boolean eigenvalueTerm) {
        int n = v.getRowDimension();
        RealMatrix inner = MatrixUtils.createRealMatrix(n, n);
        if (vBar != null) {
            RealMatrix g = v.transpose().multiply(vBar);
            RealMatrix skew = g.subtract(g.transpose()).scalarMultiply(0.5);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    inner.setEntry(i, j, f.getEntry(i, j) * skew.getEntry(i, j));
                }
            }
        }
        if (eigenvalueTerm && lambdaBar != null) {
            for (int i = 0; i < n; i++) {
                inner.addToEntry(i, i, lambdaBar[i]);
            }
        }
        return v.multiply(inner).multiply(v.transpose());
    }

    /**
     * F^(K)_ji for i < j: {@code c_K(mu_j / mu_i) / mu_i}, approximating
     * {@code 1/(mu_i - mu_j)}, in the stable form of section 4:
     * {@code -expm1(K log1p(-delta)) / d} with {@code d = mu_i - mu_j}, {@code delta = d / mu_i},
     * and {@code K / mu_i} at d = 0. Requires {@code mu_i > 0} and {@code 0 <= mu_j <= mu_i}.
     */
    public static double seriesCoefficient(double muI, double muJ, int k) {
        double d = muI - muJ;
        if (d == 0) {
            return k / muI;
        }
        double delta = d / muI;
        return -Math.expm1(k * Math.log1p(-delta)) / d;
    }

    /**
     * The shift of section 4: with {@code m = max|lambda_i|}, {@code s - lambda_n} where
     * {@code s = 1e-3 m} (1 when m = 0) if {@code lambda_n <= 1e-12 m}, else 0.
     */
    public static double spectrumShift(double[] lambda) {
        double m = maxAbs(lambda);
        double last = lambda[lambda.length - 1];
        if (last <= 1e-12 * m) {
            double s = m == 0 ? 1 : 1e-3 * m;
            return s - last;
        }
        return 0;
    }

    /** {@code mu_i = lambda_i + shift}: the spectrum the series is formed from (section 4). */
    public static double[] shiftedSpectrum(double[] lambda) {
        double shift = spectrumShift(lambda);
        double[] mu = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            mu[i] = lambda[i] + shift;
        }
        return mu;
    }

    /** Section 5: {@code min(Kmax, max(1, ceil(ln(tol)/ln(r))))}, 1 at r = 0, Kmax at r = 1. */
    public static int adaptiveK(double r, double tolerance, int maxIterations) {
        if (r == 0) {
            return 1;
        }
        if (r == 1) {
            return maxIterations;
        }
        double k = Math.ceil(Math.log(tolerance) / Math.log(r));
        return (int) Math.min(maxIterations, Math.max(1, k));
    }

    /**
     * Eq. 8, matrix-power form, for the dominant eigenvector {@code v} (eigenvalue
     * {@code lambda1 > 0}) of {@code m}: {@code u_0 = (I - v v^T) vBar / lambda1},
     * {@code u_{k+1} = M u_k / lambda1}, gradient {@code sym((sum_{k<K} u_k) v^T)}.
     */
    public static RealMatrix matrixPowerForm(RealMatrix m, RealVector v, double lambda1, RealVector vBar, int k) {
        RealVector u = vBar.subtract(v.mapMultiply(v.dotProduct(vBar))).mapDivide(lambda1);
        RealVector sum = u;
        for (int step = 1; step < k; step++) {
            u = m.operate(u).mapDivide(lambda1);
            sum = sum.add(u);
        }
        return sym(sum.outerProduct(v));
    }

    /**
     * Eq. 8, spectral form: {@code sym(sum_{i>=2} (c_K(lambda_i/lambda_1)/lambda_1) v_i v_i^T vBar v_1^T)}
     * with {@code c_K(r) = 1 + r + ... + r^(K-1)} summed term by term.
     */
    public static RealMatrix spectralForm(double[] lambda, RealMatrix v, RealVector vBar, int k) {
        int n = lambda.length;
        RealVector v1 = v.getColumnVector(0);
        RealMatrix sum = MatrixUtils.createRealMatrix(n, n);
        for (int i = 1; i < n; i++) {
            double r = lambda[i] / lambda[0];
            double c = 0;
            double power = 1;
            for (int term = 0; term < k; term++) {
                c += power;
                power *= r;
            }
            RealVector vi = v.getColumnVector(i);
            sum = sum.add(vi.outerProduct(v1).scalarMultiply(c / lambda[0] * vi.dotProduct(vBar)));
        }
        return sym(sum);
    }

    public static RealMatrix sym(RealMatrix x) {
        return x.add(x.transpose()).scalarMultiply(0.5);
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double e : x) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
