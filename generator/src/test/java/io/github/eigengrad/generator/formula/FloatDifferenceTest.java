package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.DividedDifferencesFloat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float divided differences (docs/math.md section 11), generated for float's unit roundoff
 * 2^-24 (the switches between closed forms and expansions move): f[1] and f[2] of float
 * inputs within 8 eps_f = 8 x 2^-24 (relative) of a BigDecimal evaluation of the same inputs,
 * across the switch points, at ties and over the float range.
 */
class FloatDifferenceTest {
    static final double EPS_F = 0x1p-24;
    static final float P = (float) MatrixFunctionsTest.P;

    static float first(String id, float a, float b) {
        return switch (id) {
            case "sqrt" -> DividedDifferencesFloat.sqrtDifference(a, b);
            case "invsqrt" -> DividedDifferencesFloat.invsqrtDifference(a, b);
            case "log" -> DividedDifferencesFloat.logDifference(a, b);
            case "exp" -> DividedDifferencesFloat.expDifference(a, b);
            default -> DividedDifferencesFloat.powDifference(a, b, P);
        };
    }

    static float second(String id, float a, float b, float c) {
        return switch (id) {
            case "sqrt" -> DividedDifferencesFloat.sqrtSecond(a, b, c);
            case "invsqrt" -> DividedDifferencesFloat.invsqrtSecond(a, b, c);
            case "log" -> DividedDifferencesFloat.logSecond(a, b, c);
            case "exp" -> DividedDifferencesFloat.expSecond(a, b, c);
            default -> DividedDifferencesFloat.powSecond(a, b, c, P);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void within8EpsAcrossTheSwitchesAndTheFloatRange(String id) {
        double[] midpoints = id.equals("exp") ? new double[] {-80, -30, -1, 0, 0.3, 1, 30, 80}
                : new double[] {1e-30, 2e-10, 1e-3, 0.5, 1, 2, 1e3, 1e10, 1e30};
        int checked = 0;
        double worstFirst = 0;
        double worstSecond = 0;
        for (double m : midpoints) {
            double scale = id.equals("exp") ? 1 : Math.abs(m);
            double largest = id.equals("exp") ? 6 : 0.97;
            for (int step = 0; step <= 60; step++) {
                double h = step == 0 ? 0 : scale * Math.pow(10, -10 + 0.2 * step);
                if (h > largest * scale) {
                    break;
                }
                float hi = (float) (m + h);
                float lo = (float) (m - h);
                double f1 = MatrixFunctionsTest.exactDividedDifference(id, hi, lo);
                if (Double.isFinite(f1) && Math.abs(f1) >= Float.MIN_NORMAL && Math.abs(f1) <= Float.MAX_VALUE) {
                    float actual = first(id, hi, lo);
                    double error = Math.abs(actual - f1) / Math.abs(f1);
                    worstFirst = Math.max(worstFirst, error / EPS_F);
                    assertTrue(error <= 8 * EPS_F, id + " f[1] at m=" + m + " h=" + h + ": " + actual + " vs " + f1);
                    checked++;
                }
                for (double position : new double[] {-1, -0.6, 0, 0.3, 1}) {
                    float mid = (float) (m + position * h);
                    double f2 = SecondDifferenceTest.exact(id, lo, mid, hi);
                    if (!Double.isFinite(f2) || Math.abs(f2) < Float.MIN_NORMAL || Math.abs(f2) > Float.MAX_VALUE) {
                        continue; // beyond the float range
                    }
                    float actual = second(id, hi, mid, lo);
                    double error = Math.abs(actual - f2) / Math.abs(f2);
                    worstSecond = Math.max(worstSecond, error / EPS_F);
                    assertTrue(error <= 8 * EPS_F, id + " f[2] at m=" + m + " h=" + h + " mid at " + position + ": "
                            + actual + " vs " + f2);
                    assertEquals(actual, second(id, lo, hi, mid), 0, "symmetric");
                    checked++;
                }
            }
        }
        System.out.printf("float %s: %d points, worst f[1] %.2f eps_f, worst f[2] %.2f eps_f%n", id, checked,
                worstFirst, worstSecond);
        assertTrue(checked > 1000, "points checked: " + checked);
    }
}
