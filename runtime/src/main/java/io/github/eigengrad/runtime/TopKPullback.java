package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;
import io.github.eigengrad.runtime.generated.TopKComplement;

/**
 * The power-iteration pullback when only the top k eigenpairs carry cotangents (docs/math.md
 * section 6), without the other n - k eigenvectors:
 * <ul>
 *   <li>pairs inside the top k: the generated rule for size k, on the k x k problem with
 *       {@code V = I} and {@code dL/dV = V_k^T VBar_k}, gives {@code X_k = F^(K) o skew(.) + diag(lambdaBar)};</li>
 *   <li>pairs (a <= k < b): {@code w_a = sum_{m<K} u_m} with {@code u_0 = P vBar_a / lambda_a} and
 *       {@code u_{m+1} = P M u_m / lambda_a}, {@code P = I - V_k V_k^T}: a Neumann series for
 *       {@code (lambda_a I - M)^-1} on the complement, term by term equal to F^(K) of those pairs;</li>
 *   <li>{@code dL/dA = V_k X_k V_k^T + (1/2) sum_a (w_a v_a^T + v_a w_a^T)}.</li>
 * </ul>
 * P is applied at every step, not only at the start: in floating point a component along the
 * top eigenvectors would otherwise grow by {@code (lambda_1/lambda_a)^m}. Cost O(K k n^2). The
 * series and the bound are generated ({@code TopKComplement}); the k x k problem is the
 * generated rule of size k.
 */
final class TopKPullback {
    /** docs/math.md section 6: K is capped, as the complement series loops over its terms. */
    static final int MAX_ITERATIONS = 100_000;

    private TopKPullback() {}

    /**
     * @param m the symmetric n x n matrix, row-major
     * @param values the top k eigenvalues, descending, with {@code lambda_k > 1e-12 lambda_1}
     * @param vectors the top k eigenvectors, n x k row-major (column a is v_a)
     * @param valuesBar dL/dlambda for the top k, or null
     * @param vectorsBar dL/dV for the top k, n x k row-major, or null
     */
    static PullbackResult pullback(PullbackOptions options, int n, int k, double[] m, double[] values, double[] vectors,
            double[] valuesBar, double[] vectorsBar) {
        if (options.method() != EigenGradient.Method.POWER_ITERATION) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "the top-k pullback is defined for the "
                    + "power-iteration method only (docs/math.md section 6), not " + options.method());
        }
        long kIterations = options.iterations();
        if (kIterations > MAX_ITERATIONS) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "the top-k pullback sums its complement series "
                    + "term by term and takes K up to " + MAX_ITERATIONS + ", got " + kIterations);
        }
        GeneratedRuleSupport.checkTopKCount(n, k);
        for (int a = 0; a < k; a++) {
            if (a > 0 && !(values[a] <= values[a - 1])) {
                throw new InvalidInputException(Problem.INVALID_OPTION, "the top eigenvalues must be descending: "
                        + "value " + a + " = " + values[a] + " follows " + values[a - 1]);
            }
        }
        if (!(values[k - 1] > RuleConstants.SHIFT_THRESHOLD * values[0])) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "the top-k pullback needs positive semi-definite "
                    + "input with lambda_k > " + RuleConstants.SHIFT_THRESHOLD + " lambda_1 (no spectrum shift applies), got lambda_" + (k - 1) + " = "
                    + values[k - 1] + " and lambda_0 = " + values[0]);
        }
        double[] lambdaBar = options.eigenvalueTerm() ? valuesBar : null;
        // the k x k problem: V = I, dL/dV = V_k^T VBar_k
        double[] identity = new double[k * k];
        for (int a = 0; a < k; a++) {
            identity[a * k + a] = 1;
        }
        double[] reduced = null;
        if (vectorsBar != null) {
            reduced = new double[k * k];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < k; a++) {
                    double via = vectors[i * k + a];
                    for (int b = 0; b < k; b++) {
                        reduced[a * k + b] += via * vectorsBar[i * k + b];
                    }
                }
            }
        }
        double[] x = new double[k * k];
        PullbackReport report = new PullbackReport();
        new RuleDispatch(options, k).pullback(values, 0, identity, 0, lambdaBar, 0, reduced, 0, x, 0, report);
        // V_k X_k V_k^T
        double[] vx = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += vectors[i * k + b] * x[b * k + a];
                }
                vx[i * k + a] = s;
            }
        }
        double[] gradient = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int a = 0; a < k; a++) {
                    s += vx[i * k + a] * vectors[j * k + a];
                }
                gradient[i * n + j] = s;
            }
        }
        // the complement series of every top pair (generated from docs/math.md section 6)
        if (vectorsBar != null) {
            TopKComplement.complement(n, k, m, 0, values, 0, vectors, 0, vectorsBar, 0, kIterations, gradient, 0, null);
        }
        // the inputs were checked finite by EigenGradient.pullbackTopK: only an overflow is left to name
        GeneratedRuleSupport.checkGradient(n, gradient, 0);
        // every pair has F <= K / lambda_a <= K / lambda_k (docs/math.md section 5)
        double bound = TopKComplement.bound(n, k, values, 0, lambdaBar == null ? new double[k] : lambdaBar, 0,
                vectorsBar == null ? new double[n * k] : vectorsBar, 0, kIterations);
        return new PullbackResult(n, gradient, java.util.OptionalLong.of(kIterations), report.maxPairError(),
                java.util.OptionalDouble.of(bound), 0, java.util.List.of());
    }
}
