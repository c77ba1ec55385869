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

    public static EigenInputs of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + n);
        }
        return new EigenInputs(n, SymbolicVector.variables(LAMBDA, n), SymbolicMatrix.variables(V, n),
                SymbolicVector.variables(LAMBDA_BAR, n), SymbolicMatrix.variables(V_BAR, n));
    }
}
