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
    MIN,
    MAX,
    /** {@code (a cmp b) ? then : otherwise}, arguments {@code a, b, then, otherwise}. */
    SELECT;

    /** True for the one-argument elementary functions. */
    public boolean isFunction() {
        return this == SQRT || this == EXP || this == LOG || this == EXPM1 || this == LOG1P || this == ABS;
    }
}
