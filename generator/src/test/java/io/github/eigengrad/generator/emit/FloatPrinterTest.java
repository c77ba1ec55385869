package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The float backend of the printer (docs/math.md section 11): float literals, the math
 * library's double results rounded by a cast (sqrt, exp, ...) where {@code Math} has no float
 * overload, no cast where it has one (abs, min, max), a double helper's result rounded once, the
 * sign flip on float bits, and constants outside the float range refused rather than printed
 * as Infinity or 0. The generated float classes compile (the runtime builds them) and meet their
 * accuracy contract (FloatDifferenceTest).
 */
class FloatPrinterTest {
    static String print(Value v) {
        return JavaValues.write(v, ElementType.FLOAT).toString();
    }

    @Test
    void literalsCastsAndOverloads() {
        Value x = new Value.Named("x");
        Value y = new Value.Named("y");
        assertEquals("0.1f", print(new Value.Constant(0.1)));
        assertEquals("1.0E-30f", print(new Value.Constant(1e-30)));
        assertEquals("x * ((float) java.lang.Math.sqrt(y))", print(new Value.Binary(Value.Operator.MULTIPLY, x,
                new Value.Call(Intrinsic.SQRT, List.of(y)))));
        assertEquals("(float) java.lang.Math.log1p(x) / y", print(new Value.Binary(Value.Operator.DIVIDE,
                new Value.Call(Intrinsic.LOG1P, List.of(x)), y)));
        assertEquals("java.lang.Math.max(x, java.lang.Math.abs(y))", print(new Value.Call(Intrinsic.MAX,
                List.of(x, new Value.Call(Intrinsic.ABS, List.of(y))))));
        assertEquals("(float) io.github.eigengrad.runtime.generated.DividedDifferences.logSecond(x, y, x)",
                print(new Value.Invoke("DividedDifferences.logSecond", List.of(x, y, x))));
        assertEquals("io.github.eigengrad.runtime.generated.DividedDifferencesFloat.logDifference(x, y)",
                print(new Value.Invoke("DividedDifferencesFloat.logDifference", List.of(x, y))));
        String flip = print(new Value.Call(Intrinsic.FLIP_SIGN, List.of(x, y)));
        assertTrue(flip.contains("floatToRawIntBits") && flip.contains("Integer.MIN_VALUE"), flip);
        // the double printer is unchanged
        assertEquals("x * java.lang.Math.sqrt(y)", JavaValues.write(new Value.Binary(Value.Operator.MULTIPLY, x,
                new Value.Call(Intrinsic.SQRT, List.of(y)))).toString());
    }

    @Test
    void constantsOutsideTheFloatRangeAreRefused() {
        assertTrue(assertThrows(IllegalStateException.class, () -> print(new Value.Constant(1e300))).getMessage()
                .contains("outside the float range"));
        assertThrows(IllegalStateException.class, () -> print(new Value.Constant(1e-60)));
    }
}
