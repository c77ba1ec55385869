package io.github.eigengrad.runtime;

import java.util.Objects;

/**
 * Thrown when an input to eigengrad is rejected before any computation. The message names
 * the problem and, where there is one, the offending index and value; {@link #problem()}
 * classifies it for programs (the CLI turns it into an error code).
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Problem {
        /** A required argument, or a row of a matrix, is null. */
        NULL("null-input"),
        /** A matrix with no rows (n = 0) or a size below 1. */
        EMPTY("empty-matrix"),
        /** Rows of different lengths. */
        RAGGED("ragged-matrix"),
        /** Rows all of one length, but not n rows of n entries. */
        NOT_SQUARE("non-square-matrix"),
        /** A flat array whose length does not match the size. */
        WRONG_LENGTH("wrong-length"),
        /** An entry is NaN or infinite. */
        NOT_FINITE("non-finite-value"),
        /** The matrix is asymmetric beyond the tolerance. */
        ASYMMETRIC("asymmetric-matrix"),
        /** An option (epsilon, a tolerance) is out of its range. */
        INVALID_OPTION("invalid-option"),
        /** Eigenvalues handed to a pullback are not in descending order. */
        UNORDERED("unordered-values"),
        /** Eigenvectors handed in are not orthonormal to the documented tolerance. */
        NOT_ORTHONORMAL("not-orthonormal"),
        /** The result would not be representable in double precision. */
        OUT_OF_RANGE("out-of-range"),
        /** An eigenvalue outside the domain of a user's spectral function (docs/math.md section 14). */
        OUT_OF_DOMAIN("out-of-domain"),
        /** The matrix B of a generalised problem is not positive definite (docs/math.md section 12). */
        NOT_POSITIVE_DEFINITE("not-positive-definite");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        /**
         * A stable, kebab-case name for machine consumption, e.g. {@code "asymmetric-matrix"}.
         *
         * @return the error code the CLI reports, e.g. {@code non-finite-value}
         */
        public String code() {
            return code;
        }
    }

    /** What is wrong. */
    private final Problem problem;

    /**
     * A problem and its message.
     *
     * @param problem what is wrong, not null
     * @param message the message, naming the problem and, where there is one, the index and value
     */
    public InvalidInputException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /**
     * The class of problem, stable across releases.
     *
     * @return the kind of problem, as the CLI reports it
     */
    public Problem problem() {
        return problem;
    }
}
