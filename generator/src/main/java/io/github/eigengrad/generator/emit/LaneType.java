package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.program.ElementType;

/**
 * The vector type of a lane backend: {@code DoubleVector} lanes for double programs,
 * {@code FloatVector} lanes (twice as many per register) for float ones; with the boxed
 * element type of its masks and species, its arrays and its literals.
 */
record LaneType(ElementType element, ClassName vector, Class<?> box, TypeName array, double maxValue,
        double minNormal) {
    static final LaneType DOUBLE = new LaneType(ElementType.DOUBLE, RuntimeTypes.DOUBLE_VECTOR, Double.class,
            ArrayTypeName.of(TypeName.DOUBLE), Double.MAX_VALUE, Double.MIN_NORMAL);
    static final LaneType FLOAT = new LaneType(ElementType.FLOAT, RuntimeTypes.FLOAT_VECTOR, Float.class,
            ArrayTypeName.of(TypeName.FLOAT), Float.MAX_VALUE, Float.MIN_NORMAL);

    static LaneType of(Precision precision) {
        return precision == Precision.FLOAT ? FLOAT : DOUBLE;
    }

    /** {@code v} as a Java literal of the element type. */
    String literal(double v) {
        return JavaValues.literal(v, element);
    }

    /** {@code double} or {@code float}. */
    TypeName number() {
        return element == ElementType.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
    }
}
