package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.formula.Precision;
import org.junit.jupiter.api.Test;

/**
 * Float rules as specs and sources (docs/math.md section 11): the float defaults and limits,
 * the spec line, the float arrays, parameters and thresholds of the emitted code. Their
 * numbers are checked against the double rules in the runtime (FloatRulesTest).
 */
class FloatRuleSpecTest {
    static RuleSpec.Builder floatRule() {
        return RuleSpec.builder().className("com.example.FloatRule").precision(Precision.FLOAT);
    }

    @Test
    void defaultsAndLimitsFollowThePrecision() {
        RuleSpec analytic = floatRule().method(RuleSpec.Method.ANALYTIC).build();
        assertEquals(1e-4, analytic.degeneracyTolerance());
        assertEquals(1e-8, analytic.toBuilder().precision(Precision.DOUBLE).build().degeneracyTolerance(),
                "a default stays a default across a change of precision");
        assertEquals(1e-6, floatRule().degeneracyTolerance(1e-6).build().toBuilder().build().degeneracyTolerance());
        assertEquals(1L << 24, floatRule().iterations(1L << 24).build().iterations());
        RuleSpecException k = assertThrows(RuleSpecException.class, () -> floatRule().iterations((1L << 24) + 1).build());
        assertTrue(k.getMessage().contains("2^24 in float"), k.getMessage());
        assertThrows(RuleSpecException.class, () -> floatRule().method(RuleSpec.Method.ADAPTIVE)
                .maxIterations((1L << 24) + 1).build());
        assertTrue(floatRule().build().describe().contains("precision=float"));
        assertFalse(RuleSpec.builder().className("a.B").build().describe().contains("precision"),
                "double specs read as before");
    }

    @Test
    void floatSourceHasFloatArraysParametersAndThresholds() {
        String fixed = Emitters.emit(floatRule().method(RuleSpec.Method.ANALYTIC).size(3).build()).toString();
        assertTrue(fixed.contains("implements FloatPullbackRule"), fixed);
        assertTrue(fixed.contains("float[] values, int valuesOffset"), fixed);
        assertTrue(fixed.contains("float degeneracyTolerance"), fixed);
        assertTrue(fixed.contains("DEFAULT_DEGENERACY_TOLERANCE = 1.0E-4f"), fixed);
        assertFalse(fixed.contains("double[]"), fixed);
        String series = Emitters.emit(floatRule().size(3).build()).toString();
        // the shift threshold of section 11: 64 n u = 3 * 2^-18 for n = 3
        assertTrue(series.contains((float) (3 * 0x1p-18) + "f * "), series);
        assertTrue(series.contains("1.4E-45f"), "the norms' floor is Float.MIN_VALUE");
        String general = Emitters.emit(floatRule().size(RuleSpec.GENERAL).direction(RuleSpec.Direction.PUSHFORWARD)
                .build()).toString();
        assertTrue(general.contains("implements FloatPushforwardRule"), general);
        assertTrue(general.contains("3.8146973E-6f * maxAbs * n"), "the general threshold 64 u n: " + general);
        assertTrue(general.contains("final float[][] "), general);
        assertFalse(general.contains("double[]"), general);
    }
}
