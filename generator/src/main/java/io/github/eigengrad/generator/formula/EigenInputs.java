package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;

/**
 * The named inputs of a fixed-size pullback: eigenvalues {@code lambda0..}, eigenvectors
 * {@code v<row><col>} (column j is eigenvector j), and the cotangents {@code lambdaBar0..}
 * and {@code vBar<row><col>}. These names are the contract between the formula library, the
 * printers and the emitters.
 */
public record EigenInputs(int n, SymbolicVector lambda, SymbolicMatrix v, SymbolicVector lambdaBar,
        SymbolicMatrix vBar) {
    public static final String LAMBDA = "lambda";
    public static final String V = "v";
    public static final String LAMBDA_BAR = "lambdaBar";
    public static final String V_BAR = "vBar";
    /** The name of the gradient's entries, {@code aBar<row><col>}. */
    public static final String A_BAR = "aBar";
    /** The tangent of a pushforward, {@code aDot<row><col>} (any matrix; only its symmetric part acts). */
    public static final String A_DOT = "aDot";
    /** The pushforward's eigenvalue tangents, {@code lambdaDot<i>}. */
    public static final String LAMBDA_DOT = "lambdaDot";
    /** The pushforward's eigenvector tangents, {@code vDot<row><col>} (column j is the tangent of v_j). */
    public static final String V_DOT = "vDot";

    /** The tangent {@code aDot} of size n as variables. */
    public static SymbolicMatrix tangent(int n) {
        return SymbolicMatrix.variables(A_DOT, n);
    }

    public static EigenInputs of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + n);
        }
        return new EigenInputs(n, SymbolicVector.variables(LAMBDA, n), SymbolicMatrix.variables(V, n),
                SymbolicVector.variables(LAMBDA_BAR, n), SymbolicMatrix.variables(V_BAR, n));
    }
}
