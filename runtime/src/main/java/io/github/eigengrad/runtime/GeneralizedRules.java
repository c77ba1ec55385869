package io.github.eigengrad.runtime;

/**
 * Any standard rule lifted to the generalised problem {@code A v = lambda B v} (docs/math.md
 * section 12): the runtime's generated rules, or those the Maven plugin, the annotation
 * processor or {@code eigengrad generate} write for your build. With (lambda, V) of a
 * {@link GeneralizedEigendecomposition} (V B-orthonormal), the rule's F, method and parameters
 * give dL/dA and dL/dB, or the tangents along (ADot, BDot), by two calls of the rule.
 *
 * <pre>{@code
 * PullbackRule rule = new Eigh3Impl();                       // a rule generated in your build
 * GeneralizedRules.pullback(rule, e.values(), e.vectorsRowMajor(), valuesBar, vectorsBar, gradient, gradientB);
 * }</pre>
 */
public final class GeneralizedRules {
    private GeneralizedRules() {}

    /**
     * Writes dL/dA and dL/dB of the generalised problem with the rule's method.
     *
     * @param rule a standard pullback rule of size n (or general)
     * @param values the generalised eigenvalues, length n, descending
     * @param vectors the B-orthonormal V row-major, n*n
     * @param valuesBar dL/dlambda, length n, or null for zero
     * @param vectorsBar dL/dV row-major, n*n, or null for zero
     * @param gradient overwritten with dL/dA, n*n (symmetric)
     * @param gradientB overwritten with dL/dB, n*n (symmetric)
     */
    public static void pullback(PullbackRule rule, double[] values, double[] vectors, double[] valuesBar,
            double[] vectorsBar, double[] gradient, double[] gradientB) {
        int n = checkRule(rule == null ? null : rule.size(), values, "rule");
        MatrixInput.vectorOfLength(vectors, n * n, "vectors");
        if (valuesBar != null) {
            MatrixInput.vectorOfLength(valuesBar, n, "valuesBar");
        }
        if (vectorsBar != null) {
            MatrixInput.vectorOfLength(vectorsBar, n * n, "vectorsBar");
        }
        requireOutput(gradient, n * n, "gradient");
        requireOutput(gradientB, n * n, "gradientB");
        // the rule's eigenvalue term is not known here: the diagonal term is added apart
        GeneralizedDerivatives.StandardPullback call = (lb, vb, out) -> rule.pullback(values, vectors, lb, vb, out);
        GeneralizedDerivatives.pullback(n, values, vectors, valuesBar, vectorsBar, gradient, gradientB, false, call,
                call);
    }

    /**
     * Writes the tangents of the generalised problem along (ADot, BDot) with the rule's method.
     *
     * @param rule a standard pushforward rule of size n (or general)
     * @param values the generalised eigenvalues, length n, descending
     * @param vectors the B-orthonormal V row-major, n*n
     * @param tangent ADot row-major, n*n (only its symmetric part acts), or null for zero
     * @param tangentB BDot row-major, n*n (only its symmetric part acts), or null for zero
     * @param valuesDot overwritten with the tangents of the eigenvalues, length n
     * @param vectorsDot overwritten with the tangents of V, n*n
     */
    public static void pushforward(PushforwardRule rule, double[] values, double[] vectors, double[] tangent,
            double[] tangentB, double[] valuesDot, double[] vectorsDot) {
        int n = checkRule(rule == null ? null : rule.size(), values, "rule");
        MatrixInput.vectorOfLength(vectors, n * n, "vectors");
        if (tangent != null) {
            MatrixInput.vectorOfLength(tangent, n * n, "tangent");
        }
        if (tangentB != null) {
            MatrixInput.vectorOfLength(tangentB, n * n, "tangentB");
        }
        requireOutput(valuesDot, n, "valuesDot");
        requireOutput(vectorsDot, n * n, "vectorsDot");
        GeneralizedDerivatives.StandardPushforward call = (t, vd, vecd) -> rule.pushforward(values, vectors, t, vd,
                vecd);
        GeneralizedDerivatives.pushforward(n, values, vectors, tangent, tangentB, valuesDot, vectorsDot, call, call);
    }

    /** n from the values, checked against the rule's size. */
    private static int checkRule(Integer size, double[] values, String name) {
        if (size == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, name + " is null");
        }
        if (values == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "values is null");
        }
        int n = values.length;
        if (n < 1) {
            throw new InvalidInputException(InvalidInputException.Problem.EMPTY, "values is empty");
        }
        if (size != PullbackRule.GENERAL && size != n) {
            throw new InvalidInputException(InvalidInputException.Problem.WRONG_LENGTH, "the rule is for n = " + size
                    + " but values has length " + n);
        }
        return n;
    }

    private static void requireOutput(double[] out, int length, String name) {
        if (out == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, name + " is null");
        }
        if (out.length != length) {
            throw new InvalidInputException(InvalidInputException.Problem.WRONG_LENGTH, name + " has length "
                    + out.length + ", need " + length);
        }
    }
}
