package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The double-double arithmetic behind {@link RuleArithmetic#powSecondApart}: exp and log to
 * about 100 bits, checked against digits of e and ln 2 and by round trips, and the quotient of
 * a cancellation it exists for. About 95 bits are far more than the 60 or so that f[2] of x^p
 * needs where its closed form cancels most.
 */
class DoubleDoubleTest {
    static final MathContext MC = new MathContext(40);

    static BigDecimal value(DoubleDouble x) {
        return new BigDecimal(x.hi()).add(new BigDecimal(x.lo()), MC);
    }

    static double relative(BigDecimal expected, DoubleDouble actual) {
        return value(actual).subtract(expected, MC).abs().divide(expected.abs(), MC).doubleValue();
    }

    @Test
    void expAndLogToAboutNinetyFiveBits() {
        assertTrue(relative(new BigDecimal("2.718281828459045235360287471352662497757"), DoubleDouble.ONE.exp()) < 1e-28);
        assertTrue(relative(new BigDecimal("0.6931471805599453094172321214581765680755"), DoubleDouble.of(2).log())
                < 1e-28);
        assertTrue(relative(new BigDecimal("1.648721270700128146848650787814163571654"), DoubleDouble.of(0.5).exp())
                < 1e-28);
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 1000; t++) {
            double x = Math.scalb(1 + random.nextDouble(), random.nextInt(-600, 600));
            DoubleDouble back = DoubleDouble.of(x).log().exp();
            assertTrue(relative(new BigDecimal(x), back) < 1e-27, "exp(log(" + x + "))");
        }
    }

    @Test
    void quotientsKeepTheBitsACancellationNeeds() {
        // (1 + 2^-60) - 1 is exact in double-double, 0 in double
        DoubleDouble one = DoubleDouble.ONE;
        DoubleDouble near = DoubleDouble.twoSum(1, 0x1p-60);
        assertEquals(0x1p-60, near.minus(one).hi(), 0);
        assertEquals(1.0, DoubleDouble.of(1).dividedBy(DoubleDouble.of(3)).times(3).hi(), 0);
    }
}
