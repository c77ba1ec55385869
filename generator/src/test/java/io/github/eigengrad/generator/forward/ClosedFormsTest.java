package io.github.eigengrad.generator.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.testing.ValueInterpreter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The closed-form programs, run by the IR interpreter (no generated Java), against Commons
 * Math's eigendecomposition: eigenvalues to a few ulps of the largest, eigenvectors that
 * satisfy {@code A v = lambda v} and are orthonormal, sorted and in the gauge; the fallbacks
 * take exactly the matrices they are for.
 */
class ClosedFormsTest {
    private static Map<String, Double> inputs(String[] names, double... values) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    /** Runs the 3x3 programs; null where a fallback sends the matrix to Jacobi. */
    private static double[] solve3(double[] a) {
        ValueInterpreter isolated = new ValueInterpreter(inputs(ClosedForms.MATRIX3, a));
        List<Double> lambda = isolated.run(ClosedForms.isolatedEigenvalue());
        if (isolated.fellBack()) {
            return null;
        }
        Map<String, Double> in = inputs(ClosedForms.MATRIX3, a);
        in.put("lambda", lambda.get(0));
        ValueInterpreter rest = new ValueInterpreter(in);
        List<Double> out = rest.run(ClosedForms.closedForm3());
        if (rest.fellBack()) {
            return null;
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {1, 2, 3})
    void theThreeByThreeClosedFormIsAnEigendecomposition(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int solved = 0;
        for (int t = 0; t < 500; t++) {
            // a00, a11, a22, a01, a02, a12 in [-1, 1): the scaled matrix
            double[] a = random.doubles(6, -1, 1).toArray();
            double[] r = solve3(a);
            RealMatrix m = MatrixUtils.createRealMatrix(new double[][] {{a[0], a[3], a[4]}, {a[3], a[1], a[5]},
                {a[4], a[5], a[2]}});
            double[] reference = new EigenDecomposition(m).getRealEigenvalues();
            Arrays.sort(reference);
            double largest = Math.max(Math.abs(reference[0]), Math.abs(reference[2]));
            if (r == null) {
                // only where an eigenvalue is below 2^-10 of the largest
                assertTrue(Math.min(Math.abs(reference[0]), Math.min(Math.abs(reference[1]), Math.abs(reference[2])))
                        < 0x1p-10 * largest * 1.01, Arrays.toString(a));
                continue;
            }
            solved++;
            for (int i = 0; i < 3; i++) {
                assertEquals(reference[2 - i], r[i], 8 * Math.ulp(largest), "value " + i + " of " + Arrays.toString(a));
            }
            assertTrue(r[0] >= r[1] && r[1] >= r[2]);
            for (int c = 0; c < 3; c++) {
                double[] v = {r[3 + 3 * c], r[4 + 3 * c], r[5 + 3 * c]}; // results: the values, then column by column
                double[] av = m.operate(v);
                double norm = 0;
                int top = 0;
                for (int i = 0; i < 3; i++) {
                    assertEquals(r[c] * v[i], av[i], 16 * Math.ulp(largest), "A v = lambda v, column " + c);
                    norm += v[i] * v[i];
                    if (Math.abs(v[i]) > Math.abs(v[top])) {
                        top = i;
                    }
                }
                assertEquals(1, norm, 1e-15);
                assertTrue(v[top] > 0, "the gauge: the largest entry positive");
            }
        }
        assertTrue(solved > 400, "solved " + solved);
    }

    /** A multiple of the identity goes to Jacobi, from the first program. */
    @ParameterizedTest(name = "c={0}")
    @ValueSource(doubles = {0.5, -1, 0})
    void aMultipleOfTheIdentityFallsBack(double c) {
        assertEquals(null, solve3(new double[] {c, c, c, 0, 0, 0}));
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {4, 5})
    void theTwoByTwoClosedFormIsAnEigendecomposition(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < 500; t++) {
            double[] a = random.doubles(3, -1, 1).toArray();
            if (t % 5 == 0) {
                a[2] = 0; // already diagonal: no rotation
            }
            List<Double> out = new ValueInterpreter(inputs(ClosedForms.MATRIX2, a)).run(ClosedForms.closedForm2());
            RealMatrix m = MatrixUtils.createRealMatrix(new double[][] {{a[0], a[2]}, {a[2], a[1]}});
            double[] reference = new EigenDecomposition(m).getRealEigenvalues();
            Arrays.sort(reference);
            double largest = Math.max(Math.abs(reference[0]), Math.abs(reference[1]));
            // both the rotation and the reference round: a few ulps of the largest eigenvalue each
            assertEquals(reference[1], out.get(0), 16 * Math.ulp(largest));
            assertEquals(reference[0], out.get(1), 16 * Math.ulp(largest));
            // results: value0, value1, vector00, vector10, vector01, vector11
            for (int c = 0; c < 2; c++) {
                double[] v = {out.get(2 + 2 * c), out.get(3 + 2 * c)};
                double[] av = m.operate(v);
                for (int i = 0; i < 2; i++) {
                    assertEquals(out.get(c) * v[i], av[i], 8 * Math.ulp(largest));
                }
                assertTrue((Math.abs(v[1]) > Math.abs(v[0]) ? v[1] : v[0]) > 0, "gauge");
            }
        }
    }
}
