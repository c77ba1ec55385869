package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated rules' finiteness check (partial sums of {@code x * 0}) finds one NaN or
 * infinity at every position of every input, including the positions left over after the
 * partial sums' strides, in double and in float.
 */
class FinitenessProbeTest {
    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 5, 6, 7})
    void everyPositionOfEveryInputIsChecked(int n) {
        double[][] inputs = {new double[n], new double[n * n], new double[n], new double[n * n]};
        assertDoesNotThrow(() -> checkDouble(n, inputs));
        assertDoesNotThrow(() -> checkFloat(n, inputs));
        for (double[] input : inputs) {
            for (int k = 0; k < input.length; k++) {
                for (double bad : BAD) {
                    input[k] = bad;
                    InvalidInputException d = assertThrows(InvalidInputException.class, () -> checkDouble(n, inputs));
                    assertEquals(InvalidInputException.Problem.NOT_FINITE, d.problem());
                    InvalidInputException f = assertThrows(InvalidInputException.class, () -> checkFloat(n, inputs));
                    assertEquals(InvalidInputException.Problem.NOT_FINITE, f.problem());
                    input[k] = 0;
                }
            }
        }
    }

    private static void checkDouble(int n, double[][] in) {
        GeneratedRuleSupport.checkFinite(n, in[0], 0, in[1], 0, in[2], 0, in[3], 0);
    }

    private static void checkFloat(int n, double[][] in) {
        FloatRuleSupport.checkFinite(n, narrow(in[0]), 0, narrow(in[1]), 0, narrow(in[2]), 0, narrow(in[3]), 0);
    }

    private static float[] narrow(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
