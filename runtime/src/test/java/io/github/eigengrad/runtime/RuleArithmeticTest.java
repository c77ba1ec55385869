package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RuleArithmetic#seriesCoefficient}, the close-pair F^(K) of the general-n rules, against
 * {@code (1 - (muJ/muI)^K) / (muI - muJ)} evaluated in 60 digits from the exact doubles: within
 * 4 units in the last place for K on both sides of the double-double limit, ratios uniform in
 * (0, 1) and with {@code 1 - r} log-uniform down to 1e-16 (where the Taylor branch serves),
 * tops from 1e-290 to 1e200; {@code K / muI} exactly at a tie.
 */
class RuleArithmeticTest {
    private static final MathContext DIGITS = new MathContext(60);

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(longs = {1, 2, 3, 19, 1000, 65536, 65537, 1000000, 999999999})
    void seriesCoefficientIsWithinFourUlps(long k) {
        SplittableRandom random = new SplittableRandom(k);
        double worst = 0;
        for (int t = 0; t < 3000; t++) {
            double top = Math.pow(10, random.nextDouble(-290, 200));
            double r = t % 2 == 0 ? random.nextDouble(1e-6, 1) : 1 - Math.pow(10, random.nextDouble(-16, -3));
            double muI = top;
            double muJ = top * r;
            if (!(muJ < muI) || muJ <= 0) {
                continue;
            }
            double expected = reference(muI, muJ, k);
            double actual = RuleArithmetic.seriesCoefficient(muI, muJ, k);
            worst = Math.max(worst, Math.abs(actual - expected) / Math.ulp(expected));
        }
        assertTrue(worst <= 4, "K = " + k + ": worst " + worst + " ulps");
        double mu = 3.5e-7;
        assertEquals(k / mu, RuleArithmetic.seriesCoefficient(mu, mu, k), 0, "a tie");
        double[] gaps = {0x1p-52, 0x1p-51, 0x1p-50, 0x1p-49, 0x1p-40};
        for (double gap : gaps) { // around the switch to the Taylor series
            double muJ = 1 - gap;
            double expected = reference(1, muJ, k);
            double actual = RuleArithmetic.seriesCoefficient(1, muJ, k);
            assertEquals(expected, actual, 4 * Math.ulp(expected), "gap " + gap);
        }
    }

    /** {@code (1 - (muJ/muI)^K) / (muI - muJ)} in 60 digits. */
    static double reference(double muI, double muJ, long k) {
        BigDecimal i = new BigDecimal(muI);
        BigDecimal j = new BigDecimal(muJ);
        BigDecimal r = j.divide(i, DIGITS);
        // r^K below 10^-100 cannot move the result (and its exponent would overflow BigDecimal's scale)
        BigDecimal p = k * Math.log10(muJ / muI) < -100 ? BigDecimal.ZERO : r.pow((int) k, DIGITS);
        return BigDecimal.ONE.subtract(p, DIGITS).divide(i.subtract(j), DIGITS).doubleValue();
    }
}
