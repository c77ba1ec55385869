package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralCallback;

/**
 * A scalar function f of the eigenvalues whose matrix function {@code f(M) = V f(Lambda) V^T}
 * and exact gradients {@link MatrixFunction#of(ScalarFunction)} computes (docs/math.md section
 * 14): its value, its Taylor coefficients about a point and its domain. The divided
 * differences f[1] and f[2] follow from these by the recipe of {@link SpectralDifferences}:
 * the closed form apart from ties, the midpoint expansion near them, exact at ties. The
 * generated classes of users' functions (Maven plugin, annotation processor, {@code eigengrad
 * generate --function}) implement it; so does the CLI's interpreted {@code expression}.
 */
public interface ScalarFunction {
    /**
     * A short name for messages, e.g. {@code Xlogx}.
     *
     * @return the name
     */
    String name();

    /**
     * f(x), for x in the domain.
     *
     * @param x the argument
     * @return f(x)
     */
    double value(double x);

    /**
     * The Taylor coefficients about {@code x0}.
     *
     * @param x0 the point, in the domain
     * @param order the highest coefficient, at least 1
     * @return {@code c} of length {@code order + 1}, {@code c[k] = f^(k)(x0) / k!}
     */
    double[] taylor(double x0, int order);

    /**
     * Fails with {@link InvalidInputException.Problem#OUT_OF_DOMAIN}, naming eigenvalue
     * {@code index}, if x is not finite or outside f's domain.
     *
     * @param index which eigenvalue x is, for the message
     * @param x the eigenvalue
     */
    void checkDomain(int index, double x);

    /**
     * {@code f[1](a, b) = (f(a) - f(b)) / (a - b)}, and f'(a) at a = b.
     *
     * @param a an eigenvalue in the domain
     * @param b an eigenvalue in the domain
     * @return f[1](a, b)
     */
    default double first(double a, double b) {
        return SpectralDifferences.first(this, a, b);
    }

    /**
     * {@code f[2](a, b, c)}, symmetric, {@code f''(a)/2} at a triple tie.
     *
     * @param a an eigenvalue in the domain
     * @param b an eigenvalue in the domain
     * @param c an eigenvalue in the domain
     * @return f[2](a, b, c)
     */
    default double second(double a, double b, double c) {
        return SpectralDifferences.second(this, a, b, c);
    }

    /**
     * Writes dL/dA of {@code L = <f(sym(A)), C>} (docs/math.md section 7) for one n x n
     * problem. By default the generated loop code with f[1] from {@link #first}; generated
     * classes run their own straight-line code for n = 2, 3, 4. The eigenvalues are checked
     * for the domain by the caller ({@link MatrixFunction}).
     *
     * @param n the size
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param functionBar C row-major (n*n, any matrix; only sym(C) matters)
     * @param gradient receives dL/dA row-major (n*n, symmetric)
     */
    default void gradient(int n, double[] values, double[] vectors, double[] functionBar, double[] gradient) {
        MatrixFunctionGeneralCallback.gradient(n, values, 0, vectors, 0, functionBar, 0, gradient, 0, this, null);
    }

    /**
     * Writes the Hessian-vector product of {@code L = <f(sym(A)), C>} along ADot (docs/math.md
     * section 10) for one n x n problem; by default the generated loop code with f[1] and f[2]
     * from {@link #first} and {@link #second}.
     *
     * @param n the size
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param functionBar C row-major (n*n, any matrix; only sym(C) matters)
     * @param tangent ADot row-major (n*n, any matrix; only sym(ADot) acts)
     * @param gradientDot receives the derivative of dL/dA along ADot, row-major (n*n, symmetric)
     */
    default void hessianVector(int n, double[] values, double[] vectors, double[] functionBar, double[] tangent,
            double[] gradientDot) {
        MatrixFunctionGeneralCallback.hessianVector(n, values, 0, vectors, 0, functionBar, 0, tangent, 0, gradientDot,
                0, this, null);
    }
}
