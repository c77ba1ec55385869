package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The derivatives of the generalised problem (docs/math.md section 12) from the standard
 * rules, for every method and size. With {@code G = V^T VBar}, the pullback's
 * {@code ABar = V (F o skew(G) + diag(lambdaBar)) V^T} is the standard pullback at the
 * B-orthonormal V, and its {@code BBar = -V (S + diag(l o lambdaBar) + diag(G_ii)/2) V^T} with
 * {@code S = F o skew(G diag(l))} is minus the standard pullback of the cotangents
 * {@code (l o lambdaBar, VBar diag(l))}, less {@code V diag(G_ii)/2 V^T}. In the pushforward,
 * {@code F o (WB diag(l)) = (F o WB) diag(l)}: the tangents are the standard ones along ADot,
 * less those along BDot scaled by l, less {@code V diag(WB_jj)/2}. The runtime calls the
 * generated fused methods of its rules ({@code pullbackGeneralized}, {@code pushforwardGeneralized}:
 * F once; four and five O(n^3) products at general n); the composition of two standard calls
 * is written once here, for any user's {@link PullbackRule} or {@link PushforwardRule}
 * ({@link GeneralizedRules}).
 */
final class GeneralizedDerivatives {
    private GeneralizedDerivatives() {}

    /** One standard pullback at the fixed (l, V): cotangents in, dL/dA out. */
    interface StandardPullback {
        void apply(double[] valuesBar, double[] vectorsBar, double[] gradient);
    }

    /** One standard pushforward at the fixed (l, V): a tangent in, the tangents out. */
    interface StandardPushforward {
        void apply(double[] tangent, double[] valuesDot, double[] vectorsDot);
    }

    /**
     * Writes ABar and BBar. With {@code foldDiagonal} (the eigenvalue term known to be on) the
     * term {@code V diag(G_jj/2) V^T} rides on the eigenvalue term of the second call; otherwise
     * it is added here (paper mode drops lambdaBar, not this term).
     */
    static void pullback(int n, double[] l, double[] v, double[] lambdaBar, double[] vectorsBar, double[] gradient,
            double[] gradientB, boolean foldDiagonal, StandardPullback first, StandardPullback second) {
        first.apply(lambdaBar, vectorsBar, gradient);
        double[] scaledValuesBar = null;
        if (lambdaBar != null) {
            scaledValuesBar = new double[n];
            for (int i = 0; i < n; i++) {
                scaledValuesBar[i] = l[i] * lambdaBar[i];
            }
        }
        double[] scaledVectorsBar = null;
        double[] diagonal = new double[n]; // G_jj / 2
        if (vectorsBar != null) {
            scaledVectorsBar = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    scaledVectorsBar[i * n + j] = vectorsBar[i * n + j] * l[j];
                    diagonal[j] += v[i * n + j] * vectorsBar[i * n + j] / 2;
                }
            }
            if (foldDiagonal) {
                if (scaledValuesBar == null) {
                    scaledValuesBar = new double[n];
                }
                for (int j = 0; j < n; j++) {
                    scaledValuesBar[j] += diagonal[j];
                }
            }
        }
        second.apply(scaledValuesBar, scaledVectorsBar, gradientB);
        boolean explicit = !foldDiagonal && vectorsBar != null;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                if (explicit) {
                    for (int k = 0; k < n; k++) {
                        s += v[i * n + k] * diagonal[k] * v[j * n + k];
                    }
                }
                gradientB[i * n + j] = -gradientB[i * n + j] - s;
                gradientB[j * n + i] = gradientB[i * n + j];
            }
        }
        requireFinite(gradientB, "gradientB");
    }

    /**
     * Writes lambdaDot and VDot along (ADot, BDot); {@code first} and {@code second} are the
     * standard pushforward (the second along BDot). Returns {@code ||diag(WB)||_2}.
     */
    static double pushforward(int n, double[] l, double[] v, double[] tangentA, double[] tangentB,
            double[] valuesDot, double[] vectorsDot, StandardPushforward first, StandardPushforward second) {
        first.apply(tangentA, valuesDot, vectorsDot);
        double diagonalNorm = 0;
        if (tangentB != null) {
            double[] valuesDotB = new double[n];
            double[] vectorsDotB = new double[n * n];
            second.apply(tangentB, valuesDotB, vectorsDotB);
            double[] symB = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    symB[i * n + k] = (tangentB[i * n + k] + tangentB[k * n + i]) / 2;
                }
            }
            double[] half = new double[n]; // WB_jj / 2, with WB = V^T sym(BDot) V
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double row = 0;
                    for (int k = 0; k < n; k++) {
                        row += symB[i * n + k] * v[k * n + j];
                    }
                    s += v[i * n + j] * row;
                }
                half[j] = s / 2;
                diagonalNorm += s * s;
                valuesDot[j] -= l[j] * valuesDotB[j]; // the standard rule's WB_jj, or 0 in paper mode
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    vectorsDot[i * n + j] -= vectorsDotB[i * n + j] * l[j] + v[i * n + j] * half[j];
                }
            }
        }
        requireFinite(vectorsDot, "vectorsDot");
        return Math.sqrt(diagonalNorm);
    }

    /** The runtime's pullback: the rules of {@code dispatch}, with the report and the section-12 bound. */
    static GeneralizedPullbackResult pullback(RuleDispatch dispatch, boolean analytic, GeneralizedEigendecomposition e,
            double[] lambdaBar, double[] vectorsBar, List<String> warnings) {
        int n = e.size();
        double[] l = e.valuesInternal();
        double[] v = e.vectorsInternal();
        double[] gradient = new double[n * n];
        double[] gradientB = new double[n * n];
        PullbackReport report = new PullbackReport();
        dispatch.pullbackGeneralized(l, v, lambdaBar, vectorsBar, gradient, gradientB, report);
        OptionalDouble bound = OptionalDouble.empty();
        if (!analytic) {
            // ||ABar||_F <= c (max|F| sqrt(c) ||VBar||_F + ||lambdaBar||_2), c = ||V||_F^2 >= ||B^-1||_2;
            // max|F| from the standard bound max|F| ||VBar||_F + ||lambdaBar||_2
            double c = sumOfSquares(v);
            double vb = vectorsBar == null ? 0 : Math.sqrt(sumOfSquares(vectorsBar));
            double lb = lambdaBar == null || !dispatch.eigenvalueTerm() ? 0 : Math.sqrt(sumOfSquares(lambdaBar));
            double maxF = vb == 0 ? 0 : Math.max(0, report.gradientBound() - lb) / vb;
            bound = OptionalDouble.of(c * (maxF * Math.sqrt(c) * vb + lb));
        }
        return new GeneralizedPullbackResult(n, gradient, gradientB,
                analytic ? OptionalLong.empty() : OptionalLong.of(report.iterationsUsed()), report.maxPairError(),
                bound, report.shift(), warnings);
    }

    /** The runtime's pushforward, with the report and the bound of {@link GeneralizedPushforwardResult}. */
    static GeneralizedPushforwardResult pushforward(RuleDispatch dispatch, boolean analytic,
            GeneralizedEigendecomposition e, double[] tangentA, double[] tangentB, List<String> warnings) {
        int n = e.size();
        double[] l = e.valuesInternal();
        double[] v = e.vectorsInternal();
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[n * n];
        PushforwardReport report = new PushforwardReport();
        dispatch.pushforwardGeneralized(l, v, tangentA, tangentB, valuesDot, vectorsDot, report);
        OptionalDouble bound = OptionalDouble.empty();
        if (!analytic) { // ||V Omega||_F <= ||V||_F ||Omega||_F
            bound = OptionalDouble.of(Math.sqrt(sumOfSquares(v)) * report.vectorsDotBound());
        }
        return new GeneralizedPushforwardResult(e, valuesDot, vectorsDot,
                analytic ? OptionalLong.empty() : OptionalLong.of(report.iterationsUsed()), report.maxPairError(),
                bound, report.shift(), warnings);
    }

    private static double sumOfSquares(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return s;
    }

    private static void requireFinite(double[] a, String name) {
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                throw new InvalidInputException(InvalidInputException.Problem.OUT_OF_RANGE, name + " has the "
                        + "non-finite entry " + k + " = " + a[k] + "; the eigenvalues or the cotangents are beyond "
                        + "double range");
            }
        }
    }
}
