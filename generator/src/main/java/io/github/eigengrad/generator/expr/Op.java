package io.github.eigengrad.generator.expr;

/** The kind of an {@link Expr} node; the declaration order is part of the canonical order of terms. */
public enum Op {
    CONSTANT,
    VARIABLE,
    SUM,
    PRODUCT,
    NEGATE,
    QUOTIENT,
    /** Integer power {@code x^k}, k in the node's exponent. */
    POWER,
    SQRT,
    EXP,
    LOG,
    EXPM1,
    LOG1P,
    ABS,
    /** The smallest integer not below x (Eq. 14's K rule); derivative 0. */
    CEIL,
    MIN,
    MAX,
    /** {@code (a cmp b) ? then : otherwise}, arguments {@code a, b, then, otherwise}. */
    SELECT,
    /** Index notation: entry {@code name[i][j]...} of an input array, the arguments being the indices. */
    ENTRY,
    /** Index notation: {@code sum over name from lower to upper (inclusive) of body}, arguments {@code lower, upper, body}. */
    INDEX_SUM,
    /**
     * Index notation: {@code max over name from lower to upper of body}, arguments as for
     * {@link #INDEX_SUM}; 0 over an empty range (it takes maxima of non-negative quantities).
     */
    INDEX_MAX,
    /**
     * {@code x^k} for an expression k whose value is a whole number >= 0 (a run-time K),
     * arguments {@code x, k}; generated code computes it by binary powering
     * ({@code RuleArithmetic.integerPower}). A constant k makes a {@link #POWER} instead.
     */
    INTEGER_POWER,
    /** {@code x^y} for x > 0 and a real y (matrix functions, {@code x^p}), arguments {@code x, y}; {@code Math.pow}. */
    REAL_POWER,
    /**
     * A call of the {@link LibraryFunction} of the node's name on the arguments: opaque to the
     * simplifier and to differentiation, evaluated by its body, emitted as a call.
     */
    CALL,
    /** The trigonometric and hyperbolic functions and atan of users' expressions (docs/math.md section 14). */
    SIN,
    COS,
    TANH,
    SINH,
    COSH,
    ATAN;

    /** True for the index-notation reductions. */
    public boolean isReduction() {
        return this == INDEX_SUM || this == INDEX_MAX;
    }

    /** True for the one-argument elementary functions. */
    public boolean isFunction() {
        return this == SQRT || this == EXP || this == LOG || this == EXPM1 || this == LOG1P || this == ABS
                || this == CEIL || this == SIN || this == COS || this == TANH || this == SINH || this == COSH
                || this == ATAN;
    }
}
