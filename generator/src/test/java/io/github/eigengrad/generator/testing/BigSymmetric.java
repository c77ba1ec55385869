package io.github.eigengrad.generator.testing;

import io.github.eigengrad.generator.expr.BigEvaluation;
import io.github.eigengrad.generator.expr.Expr;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A matrix function {@code f(M) = Q f(Lambda) Q^T} of a symmetric matrix in BigDecimal: the
 * eigendecomposition by cyclic Jacobi rotations at {@link #MC} digits (converged to
 * {@code 1e-36 ||M||}), f at each eigenvalue by {@link BigEvaluation}. The oracle of the
 * gradient tests of users' functions: central differences of {@code <f(M), C>} in this
 * precision have truncation and rounding errors far below double's.
 */
public final class BigSymmetric {
    /** The working precision. */
    public static final MathContext MC = new MathContext(40, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private BigSymmetric() {}

    /** {@code <f(M), C>} for the symmetric M (row-major, n x n) and any C. */
    public static BigDecimal loss(BigDecimal[] m, int n, Expr f, Map<String, Double> parameters, double[] c) {
        BigDecimal[] a = m.clone();
        BigDecimal[] q = new BigDecimal[n * n];
        for (int i = 0; i < n * n; i++) {
            q[i] = i / n == i % n ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        BigDecimal scale = BigDecimal.ZERO;
        for (BigDecimal x : a) {
            scale = scale.max(x.abs());
        }
        BigDecimal tolerance = scale.multiply(new BigDecimal("1e-36"));
        for (int sweep = 0; sweep < 60; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    BigDecimal apr = a[p * n + r];
                    if (apr.abs().compareTo(tolerance) <= 0) {
                        continue;
                    }
                    rotated = true;
                    BigDecimal theta = a[r * n + r].subtract(a[p * n + p]).divide(apr.multiply(TWO), MC);
                    BigDecimal root = theta.multiply(theta, MC).add(BigDecimal.ONE).sqrt(MC);
                    BigDecimal t = BigDecimal.ONE.divide(theta.abs().add(root), MC);
                    if (theta.signum() < 0) {
                        t = t.negate();
                    }
                    BigDecimal cs = BigDecimal.ONE.divide(t.multiply(t, MC).add(BigDecimal.ONE).sqrt(MC), MC);
                    BigDecimal sn = t.multiply(cs, MC);
                    for (int k = 0; k < n; k++) { // columns p, r
                        BigDecimal akp = a[k * n + p];
                        BigDecimal akr = a[k * n + r];
                        a[k * n + p] = cs.multiply(akp, MC).subtract(sn.multiply(akr, MC), MC);
                        a[k * n + r] = sn.multiply(akp, MC).add(cs.multiply(akr, MC), MC);
                    }
                    for (int k = 0; k < n; k++) { // rows p, r
                        BigDecimal apk = a[p * n + k];
                        BigDecimal ark = a[r * n + k];
                        a[p * n + k] = cs.multiply(apk, MC).subtract(sn.multiply(ark, MC), MC);
                        a[r * n + k] = sn.multiply(apk, MC).add(cs.multiply(ark, MC), MC);
                    }
                    for (int k = 0; k < n; k++) {
                        BigDecimal qkp = q[k * n + p];
                        BigDecimal qkr = q[k * n + r];
                        q[k * n + p] = cs.multiply(qkp, MC).subtract(sn.multiply(qkr, MC), MC);
                        q[k * n + r] = sn.multiply(qkp, MC).add(cs.multiply(qkr, MC), MC);
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        BigDecimal[] fl = new BigDecimal[n];
        for (int k = 0; k < n; k++) {
            fl[k] = BigEvaluation.evaluate(f, a[k * n + k].round(BigEvaluation.MC), parameters);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal fij = BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    fij = fij.add(q[i * n + k].multiply(fl[k], MC).multiply(q[j * n + k], MC), MC);
                }
                sum = sum.add(fij.multiply(new BigDecimal(c[i * n + j]), MC), MC);
            }
        }
        return sum;
    }

    /** {@code Q diag(values) Q^T} exactly (Q taken as given, row-major). */
    public static BigDecimal[] compose(double[] values, double[] q, int n) {
        BigDecimal[] m = new BigDecimal[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    s = s.add(new BigDecimal(q[i * n + k]).multiply(new BigDecimal(values[k])).multiply(
                            new BigDecimal(q[j * n + k])));
                }
                m[i * n + j] = s;
            }
        }
        return m;
    }

    /** {@code m + s (sym e) + t (sym g)} with e and g any n x n matrices. */
    public static BigDecimal[] shifted(BigDecimal[] m, int n, double s, double[] e, double t, double[] g) {
        BigDecimal[] out = new BigDecimal[n * n];
        BigDecimal bs = new BigDecimal(s);
        BigDecimal bt = new BigDecimal(t);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal se = new BigDecimal(e[i * n + j]).add(new BigDecimal(e[j * n + i])).divide(TWO);
                BigDecimal sg = new BigDecimal(g[i * n + j]).add(new BigDecimal(g[j * n + i])).divide(TWO);
                out[i * n + j] = m[i * n + j].add(bs.multiply(se)).add(bt.multiply(sg));
            }
        }
        return out;
    }
}
