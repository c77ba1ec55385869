package io.github.eigengrad.runtime;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * The secular equation of a rank-one update of a diagonal matrix,
 * {@code 1/rho + sum_j w_j^2 / (p_j - lambda) = 0}, and the eigenvectors of
 * {@code diag(p) + rho w w^T} from its roots, for {@link TridiagonalDivideConquer}'s merges.
 * Each root is found as an offset from its nearer pole, by the two-pole model of the function
 * (LAPACK's dlaed4 "middle way") kept inside a bracket; the vectors use w recomputed from the
 * roots (Gu and Eisenstat), so they are orthogonal however close the roots are.
 */
final class SecularEquation {
    private static final double EPS = 0x1p-53;

    /** Root finding stops after this many steps (the bracket then has shrunk to rounding). */
    private static final int MAX_STEPS = 400;

    /** The side of the tiles in which the vectors are transposed. */
    private static final int TILE = 16;

    private SecularEquation() {}

    /**
     * Root i (ascending) of {@code 1/rho + sum_j w_j^2 / (p_j - lambda)} for ascending, distinct
     * poles p and nonzero weights w ({@code norm = |w|^2}), rho > 0: in (p_i, p_{i+1}), the last
     * in {@code (p_{k-1}, p_{k-1} + rho |w|^2]}. Writes {@code p_j - lambda} to
     * {@code delta[j]}, each to full relative accuracy; gaps, terms (k long) and sums (4 long)
     * are scratch.
     */
    static double root(double[] p, double[] w, double rho, double norm, int i, double[] delta,
            double[] gaps, double[] terms, double[] sums) {
        int k = p.length;
        if (k == 1) {
            delta[0] = -rho * norm;
            return p[0] + rho * norm;
        }
        boolean last = i == k - 1;
        int right = last ? -1 : i + 1;
        // the origin is the nearer pole; tau is the root's offset from it, in (lower, upper)
        int origin = i;
        double lower = 0;
        double upper;
        double tau;
        for (int j = 0; j < k; j++) {
            gaps[j] = p[j] - p[i];
        }
        if (last) {
            upper = rho * norm;
            tau = upper / 2;
            evaluate(w, gaps, tau, i, rho, terms, sums);
        } else {
            // f at the midpoint between the poles says which pole is nearer, and is the first step
            double mid = (p[i + 1] - p[i]) / 2;
            evaluate(w, gaps, mid, i, rho, terms, sums);
            upper = mid;
            tau = mid;
            if (sums[0] < 0) {
                origin = i + 1;
                for (int j = 0; j < k; j++) {
                    gaps[j] = p[j] - p[origin];
                }
                lower = -mid;
                upper = 0;
                tau = -mid;
            }
        }
        for (int step = 0; step < MAX_STEPS; step++) {
            if (step > 0) {
                evaluate(w, gaps, tau, i, rho, terms, sums);
            }
            double f = sums[0];
            if (f == 0 || Math.abs(f) <= 4 * k * EPS * sums[1]) {
                break;
            }
            if (f > 0) {
                upper = tau;
            } else {
                lower = tau;
            }
            if (!(upper - lower > 2 * EPS * Math.max(Math.abs(lower), Math.abs(upper)))) {
                break;
            }
            double eta = modelStep(f, gaps[i] - tau, last ? 0 : gaps[right] - tau, sums[2], sums[3], !last);
            double next = tau + eta;
            if (!(next > lower && next < upper)) {
                next = (lower + upper) / 2;
            } else if (Math.abs(eta) <= 2 * EPS * Math.abs(next)) {
                // the model step is at the rounding level of the root: converged (the model
                // converges quadratically, so one more evaluation would only confirm it)
                tau = next;
                break;
            }
            if (next == tau) {
                break;
            }
            tau = next;
        }
        for (int j = 0; j < k; j++) {
            delta[j] = gaps[j] - tau;
        }
        return p[origin] + tau;
    }

    /**
     * The secular function at {@code lambda = p_origin + tau} (gaps: {@code p_j - p_origin}):
     * writes f, the sum of the absolute values of its terms (the scale of its rounding error),
     * and the derivatives of its left part (j <= left) and of its right part to sums[0..3];
     * terms is scratch.
     */
    private static void evaluate(double[] w, double[] gaps, double tau, int left, double rho, double[] terms,
            double[] sums) {
        int k = w.length;
        for (int j = 0; j < k; j++) {
            terms[j] = w[j] / (gaps[j] - tau);
        }
        partSums(w, terms, 0, left + 1, sums, 0);
        partSums(w, terms, left + 1, k, sums, 2);
        double negative = sums[0];
        double leftSlope = sums[1];
        double positive = sums[2];
        sums[0] = 1 / rho + negative + positive;
        sums[1] = 1 / rho - negative + positive;
        sums[2] = leftSlope;
    }

    /**
     * {@code sum w_j t_j} and {@code sum t_j^2} over [from, to) to {@code out[at]} and
     * {@code out[at + 1]}, two partial sums each.
     */
    private static void partSums(double[] w, double[] t, int from, int to, double[] out, int at) {
        double value0 = 0;
        double value1 = 0;
        double square0 = 0;
        double square1 = 0;
        int j = from;
        for (; j + 1 < to; j += 2) {
            double t0 = t[j];
            double t1 = t[j + 1];
            value0 += w[j] * t0;
            value1 += w[j + 1] * t1;
            square0 += t0 * t0;
            square1 += t1 * t1;
        }
        if (j < to) {
            value0 += w[j] * t[j];
            square0 += t[j] * t[j];
        }
        out[at] = value0 + value1;
        out[at + 1] = square0 + square1;
    }

    /**
     * The step eta that zeroes the two-pole model {@code c + a/(dl - eta) + b/(dr - eta)} of f,
     * matching f and the derivatives of its parts at the current point (dl, dr: the distances
     * to the bracketing poles; a = dl^2 f_left', b = dr^2 f_right'). NaN when it has no root
     * between the poles (the caller bisects).
     */
    private static double modelStep(double f, double dl, double dr, double leftSlope, double rightSlope,
            boolean hasRight) {
        double a = dl * dl * leftSlope;
        double b = hasRight ? dr * dr * rightSlope : 0;
        double c = f - dl * leftSlope - (hasRight ? dr * rightSlope : 0);
        if (!hasRight) {
            // c + a/(dl - eta) = 0
            return c == 0 ? Double.NaN : dl + a / c;
        }
        // c (dl - eta)(dr - eta) + a (dr - eta) + b (dl - eta) = 0
        double qa = c;
        double qb = -(c * (dl + dr) + a + b);
        double qc = c * dl * dr + a * dr + b * dl;
        if (qa == 0) {
            return -qc / qb;
        }
        double disc = qb * qb - 4 * qa * qc;
        if (disc < 0) {
            return Double.NaN;
        }
        double root = Math.sqrt(disc);
        double big = qb >= 0 ? (-qb - root) / (2 * qa) : (-qb + root) / (2 * qa);
        double small = big == 0 ? 0 : qc / (qa * big);
        // the model has exactly one root between the poles: dl - eta < 0 < dr - eta
        if (big > dl && big < dr) {
            return big;
        }
        return small > dl && small < dr ? small : Double.NaN;
    }

    /**
     * The unit eigenvectors of {@code diag(p) + rho w w^T} from the differences
     * {@code delta[i][j] = p_j - lambda_i}: w is first recomputed from the roots (Gu and
     * Eisenstat), so the vectors are orthogonal however close the roots. Returns u as rows,
     * {@code u[j][i]} component j of eigenvector i. Every inner loop runs along a row of delta,
     * which is overwritten.
     */
    static double[][] vectors(double[] p, double[] w, double[][] delta, int k, Executor executor) {
        // the products over i of delta[i][j] / (p_j - p_i), and delta[j][j] for i = j, each
        // half of the components j on its own
        double[] hat = new double[k];
        ChunkRunner.inTwo(executor, k, k / 2, (from, to) -> {
            double[] product = new double[k];
            Arrays.fill(product, from, to, 1);
            for (int i = 0; i < k; i++) {
                double[] di = delta[i];
                double pi = p[i];
                int below = Math.min(i, to);
                for (int j = from; j < below; j++) {
                    product[j] *= di[j] / (p[j] - pi);
                }
                if (i >= from && i < to) {
                    product[i] *= di[i];
                }
                for (int j = Math.max(i + 1, from); j < to; j++) {
                    product[j] *= di[j] / (p[j] - pi);
                }
            }
            for (int j = from; j < to; j++) {
                hat[j] = Math.copySign(Math.sqrt(Math.max(-product[j], 0)), w[j]);
            }
        });
        // vector i is hat / delta[i], normalised, computed in place of delta[i]
        ChunkRunner.inTwo(executor, k, k / 2, (from, to) -> {
            for (int i = from; i < to; i++) {
                double[] x = delta[i];
                for (int j = 0; j < k; j++) {
                    x[j] = hat[j] / x[j];
                }
                double norm0 = 0;
                double norm1 = 0;
                int j = 0;
                for (; j + 1 < k; j += 2) {
                    norm0 += x[j] * x[j];
                    norm1 += x[j + 1] * x[j + 1];
                }
                if (j < k) {
                    norm0 += x[j] * x[j];
                }
                double inverse = 1 / Math.sqrt(norm0 + norm1);
                for (j = 0; j < k; j++) {
                    x[j] *= inverse;
                }
            }
        });
        // u holds vector i as a column, written by tiles of TILE x TILE so that both sides stay
        // in the cache
        double[][] u = new double[k][k];
        ChunkRunner.inTwo(executor, k, k / 2, (from, to) -> {
            for (int i0 = 0; i0 < k; i0 += TILE) {
                int i1 = Math.min(k, i0 + TILE);
                for (int j0 = from; j0 < to; j0 += TILE) {
                    int j1 = Math.min(to, j0 + TILE);
                    for (int j = j0; j < j1; j++) {
                        double[] row = u[j];
                        for (int i = i0; i < i1; i++) {
                            row[i] = delta[i][j];
                        }
                    }
                }
            }
        });
        return u;
    }
}
