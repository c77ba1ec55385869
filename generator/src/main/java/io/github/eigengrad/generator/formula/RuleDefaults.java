package io.github.eigengrad.generator.formula;

/**
 * The one table of the numbers that rules and the runtime share: the defaults of the rule
 * parameters, the limits on K, the spectrum shift, and the range in which a rule evaluates its
 * formulas directly. The generator uses them here and emits them as the runtime's
 * {@code RuleConstants} (docs/emission.md), so the two modules cannot disagree.
 */
public final class RuleDefaults {
    /** K of the power-iteration method unless set: the paper's value. */
    public static final long ITERATIONS = 19;
    /** The adaptive method's relative error per pair unless set. */
    public static final double TOLERANCE = 1e-10;
    /** The adaptive method's cap on K unless set. */
    public static final long MAX_ITERATIONS = 1000;
    /** The analytic method's relative gap of a degenerate pair unless set. */
    public static final double DEGENERACY_TOLERANCE = 1e-8;
    /** The largest K and Kmax: every whole number up to it is exact in a double. */
    public static final long ITERATIONS_LIMIT = 1L << 53;
    /** docs/math.md section 4: spectra with {@code lambda_n <= SHIFT_THRESHOLD m} are shifted. */
    public static final double SHIFT_THRESHOLD = 1e-12;
    /** docs/math.md section 4: the shifted spectrum starts at {@code SHIFT_FLOOR m}. */
    public static final double SHIFT_FLOOR = 1e-3;
    /**
     * A rule evaluates its formulas as written while the binary exponent of
     * {@code max|lambda|} lies in [DIRECT_MIN_EXPONENT, DIRECT_MAX_EXPONENT] (or the spectrum
     * is 0); beyond, it works in scaled units (docs/numerics.md).
     */
    public static final int DIRECT_MIN_EXPONENT = -500;
    /** See {@link #DIRECT_MIN_EXPONENT}. */
    public static final int DIRECT_MAX_EXPONENT = 500;

    /** The analytic method's relative gap of a degenerate pair unless set, in float (docs/math.md section 11). */
    public static final double FLOAT_DEGENERACY_TOLERANCE = 1e-4;
    /** The largest K and Kmax in float: every whole number up to 2^24 is exact in a float. */
    public static final long FLOAT_ITERATIONS_LIMIT = 1L << 24;
    /** In float a spectrum is shifted when {@code lambda_n <= 64 n u m} (u = 2^-24): this is 64 u. */
    public static final double FLOAT_SHIFT_THRESHOLD_PER_SIZE = 64 * 0x1p-24;
    /**
     * A float rule evaluates its formulas as written while the binary exponent of
     * {@code max|lambda|} lies in [-FLOAT_DIRECT_EXPONENT, FLOAT_DIRECT_EXPONENT]: there
     * {@code F^(K) <= K / (1e-3 m)} stays below 2^82 for K up to 2^24; beyond, in scaled units.
     */
    public static final int FLOAT_DIRECT_EXPONENT = 48;

    private RuleDefaults() {}
}
