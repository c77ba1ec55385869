package io.github.eigengrad.generator.program;

/**
 * What a {@link Value.Call} calls: an IEEE or math-library function of the element type, or a
 * helper of the runtime. A printer maps each to its backend's spelling (for Java, a method of
 * {@code Math} or of {@code RuleArithmetic}, referenced by type, never by text).
 */
public enum Intrinsic {
    SQRT(1, Owner.MATH),
    EXP(1, Owner.MATH),
    LOG(1, Owner.MATH),
    EXPM1(1, Owner.MATH),
    LOG1P(1, Owner.MATH),
    SIN(1, Owner.MATH),
    COS(1, Owner.MATH),
    TANH(1, Owner.MATH),
    SINH(1, Owner.MATH),
    COSH(1, Owner.MATH),
    ATAN(1, Owner.MATH),
    ABS(1, Owner.MATH),
    CEIL(1, Owner.MATH),
    MIN(2, Owner.MATH),
    MAX(2, Owner.MATH),
    /** {@code x^y} of the math library. */
    POW(2, Owner.MATH),
    /** {@code x^k} for a whole k >= 0 by binary powering: the runtime's own helper. */
    INTEGER_POWER(2, Owner.RUNTIME),
    /**
     * {@code x}, negated where {@code s} is negative (exact; a gauge fix). {@code s} must be
     * nonzero and not NaN: there a backend may test the sign bit (the scalar one, branch-free
     * on the bit patterns) or compare with 0 (the SIMD lanes), which agree.
     */
    FLIP_SIGN(2, Owner.MATH);

    /** Where a function lives. */
    public enum Owner {
        /** The platform's math library ({@code java.lang.Math}). */
        MATH,
        /** The runtime's helpers ({@code RuleArithmetic}). */
        RUNTIME
    }

    private final int arity;
    private final Owner owner;

    Intrinsic(int arity, Owner owner) {
        this.arity = arity;
        this.owner = owner;
    }

    public int arity() {
        return arity;
    }

    public Owner owner() {
        return owner;
    }

    /** The method's name in both owners: the constant's name in lower camel case. */
    public String methodName() {
        return this == INTEGER_POWER ? "integerPower" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the functions a lane backend computes with IEEE lane operations (sqrt, abs, min, max). */
    public boolean correctlyRounded() {
        return this == SQRT || this == ABS || this == MIN || this == MAX;
    }
}
