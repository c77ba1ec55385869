package io.github.eigengrad.runtime.reference;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The pushforward of docs/math.md section 9 written plainly from the mathematics with Commons
 * Math: {@code W = V^T sym(ADot) V}, {@code lambdaDot = diag(W)}, {@code VDot = V (F o W)},
 * with the F of {@link ReferencePullbacks} (analytic with masking, or the series in mu).
 */
public final class ReferencePushforwards {
    private ReferencePushforwards() {}

    /** The tangents and the bound {@code max |F_ij| ||W - diag W||_F} (null for analytic). */
    public record Result(double[] valuesDot, RealMatrix vectorsDot, Double vectorsDotBound, double shift) {}

    public static Result pushforward(double[] lambda, RealMatrix v, RealMatrix aDot, boolean eigenvalueTerm,
            ReferencePullbacks.Method method) {
        int n = lambda.length;
        RealMatrix f;
        Double bound = null;
        double shift = 0;
        RealMatrix w = v.transpose().multiply(ReferencePullbacks.sym(aDot)).multiply(v);
        RealMatrix offDiagonal = w.copy();
        for (int i = 0; i < n; i++) {
            offDiagonal.setEntry(i, i, 0);
        }
        if (method instanceof ReferencePullbacks.Analytic a) {
            f = ReferencePullbacks.analyticFactor(lambda, a);
        } else {
            shift = ReferencePullbacks.spectrumShift(lambda);
            ReferencePullbacks.SeriesFactor factor = ReferencePullbacks.seriesFactor(
                    ReferencePullbacks.shiftedSpectrum(lambda), method);
            f = factor.f();
            bound = factor.maxF() * offDiagonal.getFrobeniusNorm();
        }
        RealMatrix y = MatrixUtils.createRealMatrix(n, n);
        double[] valuesDot = new double[n];
        for (int i = 0; i < n; i++) {
            valuesDot[i] = eigenvalueTerm ? w.getEntry(i, i) : 0;
            for (int j = 0; j < n; j++) {
                y.setEntry(i, j, f.getEntry(i, j) * w.getEntry(i, j));
            }
        }
        return new Result(valuesDot, v.multiply(y), bound, shift);
    }
}
