package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.formula.Precision;

/**
 * The number type a {@link Program} computes in: {@code double}, or {@code float} (its
 * formulas built for {@link Precision#FLOAT}, its printer spelling float literals and
 * rounding the math library's double results). A complex backend would add a constant here,
 * a printer that spells its operations, and the runtime helpers of that type
 * (docs/emission.md).
 */
public enum ElementType {
    DOUBLE(Precision.DOUBLE, "double"),
    FLOAT(Precision.FLOAT, "float");

    private final Precision precision;
    private final String javaName;

    ElementType(Precision precision, String javaName) {
        this.precision = precision;
        this.javaName = javaName;
    }

    /** The format the formulas of this type are built for. */
    public Precision precision() {
        return precision;
    }

    /** The Java primitive: {@code double} or {@code float}. */
    public String javaName() {
        return javaName;
    }

    /** The element type of {@code precision}. */
    public static ElementType of(Precision precision) {
        return precision == Precision.FLOAT ? FLOAT : DOUBLE;
    }
}
