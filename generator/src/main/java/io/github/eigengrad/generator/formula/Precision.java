package io.github.eigengrad.generator.formula;

/**
 * The floating-point format a formula is built for (docs/math.md section 11): its unit
 * roundoff, which places the switches between closed forms and expansions, and the largest
 * threshold a formula may compare with (a constant must be representable in the format).
 */
public enum Precision {
    /** IEEE binary64. */
    DOUBLE(0x1p-53, 1e300, 0x1p-1022, Double.MIN_VALUE, ""),
    /** IEEE binary32: u = 2^-24, thresholds below {@code Float.MAX_VALUE}. */
    FLOAT(0x1p-24, 1e30, 0x1p-126, Float.MIN_VALUE, "Float");

    private final double unitRoundoff;
    private final double large;
    private final double tiny;
    private final double minValue;
    private final String suffix;

    Precision(double unitRoundoff, double large, double tiny, double minValue, String suffix) {
        this.unitRoundoff = unitRoundoff;
        this.large = large;
        this.tiny = tiny;
        this.minValue = minValue;
        this.suffix = suffix;
    }

    /** The smallest normal number of the format: below it a result has lost bits. */
    public double tiny() {
        return tiny;
    }

    /** The smallest positive (subnormal) number of the format. */
    public double minValue() {
        return minValue;
    }

    /** u: half the distance from 1 to the next number of the format. */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /** A large threshold safely inside the format's range (a quotient beyond it is "overflowing"). */
    public double large() {
        return large;
    }

    /** The suffix of generated class names in this format: {@code ""} or {@code "Float"}. */
    public String suffix() {
        return suffix;
    }
}
