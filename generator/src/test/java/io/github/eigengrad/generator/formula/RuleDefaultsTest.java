package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.eigengrad.generator.emit.RuleSpec;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.EigenRule;
import io.github.eigengrad.runtime.SpectrumScaling;
import io.github.eigengrad.runtime.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The generator's one table and every place the runtime and the build tools state a default agree. */
class RuleDefaultsTest {
    @Test
    void theRuntimeAndTheGeneratorAgree() throws ReflectiveOperationException {
        assertEquals(RuleDefaults.ITERATIONS, EigenGradient.DEFAULT_ITERATIONS);
        assertEquals(RuleDefaults.TOLERANCE, EigenGradient.DEFAULT_TOLERANCE);
        assertEquals(RuleDefaults.MAX_ITERATIONS, EigenGradient.DEFAULT_MAX_ITERATIONS);
        assertEquals(RuleDefaults.DEGENERACY_TOLERANCE, EigenGradient.DEFAULT_DEGENERACY_TOLERANCE);
        assertEquals(RuleDefaults.DIRECT_MIN_EXPONENT, SpectrumScaling.DIRECT_MIN_EXPONENT);
        assertEquals(RuleDefaults.DIRECT_MAX_EXPONENT, SpectrumScaling.DIRECT_MAX_EXPONENT);
        assertEquals(RuleDefaults.ITERATIONS_LIMIT,
                EigenGradient.builder().iterations(RuleDefaults.ITERATIONS_LIMIT).build().iterations());
        assertEquals(RuleDefaults.ITERATIONS_LIMIT,
                EigenGradient.builder().maxIterations(RuleDefaults.ITERATIONS_LIMIT).build().maxIterations());
        assertThrows(InvalidInputException.class, () -> EigenGradient.builder().iterations(RuleDefaults.ITERATIONS_LIMIT + 1));
        assertThrows(InvalidInputException.class,
                () -> EigenGradient.builder().maxIterations(RuleDefaults.ITERATIONS_LIMIT + 1));
        EigenGradient g = EigenGradient.builder().build();
        assertEquals(RuleDefaults.ITERATIONS, g.iterations());
        assertEquals(RuleDefaults.MAX_ITERATIONS, g.maxIterations());
        assertEquals(RuleDefaults.TOLERANCE, g.tolerance());
        assertEquals(RuleDefaults.DEGENERACY_TOLERANCE, g.degeneracyTolerance());
        RuleSpec spec = RuleSpec.builder().size(3).className("a.B").build();
        assertEquals(RuleDefaults.ITERATIONS, spec.iterations());
        assertEquals(RuleDefaults.MAX_ITERATIONS, spec.maxIterations());
        assertEquals(RuleDefaults.TOLERANCE, spec.tolerance());
        assertEquals(RuleDefaults.DEGENERACY_TOLERANCE, spec.degeneracyTolerance());
        assertEquals(RuleDefaults.ITERATIONS, EigenRule.class.getMethod("iterations").getDefaultValue());
        assertEquals(RuleDefaults.MAX_ITERATIONS, EigenRule.class.getMethod("maxIterations").getDefaultValue());
        assertEquals(RuleDefaults.TOLERANCE, EigenRule.class.getMethod("tolerance").getDefaultValue());
        // NaN stands for the precision's default
        assertEquals(Double.NaN, EigenRule.class.getMethod("degeneracyTolerance").getDefaultValue());
        assertEquals(RuleDefaults.FLOAT_DEGENERACY_TOLERANCE, g.floatDegeneracyTolerance());
        assertEquals(RuleDefaults.FLOAT_DEGENERACY_TOLERANCE, EigenGradient.DEFAULT_FLOAT_DEGENERACY_TOLERANCE);
        assertEquals(RuleDefaults.FLOAT_DEGENERACY_TOLERANCE, RuleSpec.builder().size(3).className("a.B")
                .precision(Precision.FLOAT).build().degeneracyTolerance());
        assertEquals(RuleDefaults.SHIFT_THRESHOLD, EigenFormulas.SHIFT_THRESHOLD);
        assertEquals(RuleDefaults.SHIFT_FLOOR, EigenFormulas.SHIFT_FLOOR);
    }

    /** The runtime's and the generator's method types name the same methods, in the same order. */
    @Test
    void theMethodTypesAgree() {
        assertEquals(java.util.Arrays.stream(EigenGradient.Method.values()).map(Enum::name).toList(),
                java.util.Arrays.stream(RuleSpec.Method.values()).map(Enum::name).toList());
    }
}
