package io.github.eigengrad.generator.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * An expression of the IR evaluated in {@link BigDecimal} at 60 significant digits: the
 * reference against which a user's function is checked before it is generated
 * ({@code io.github.eigengrad.generator.parse.Conditioning}) and the oracle of the tests of
 * users' functions and their divided differences (docs/math.md section 14).
 * Arithmetic is exact or rounded at 60 digits; exp, log, sin, cos, atan and their relatives are
 * summed from their series after argument reduction, with guard digits, so a result is good to
 * about 50 digits wherever the function is not itself ill-conditioned. Written from the series,
 * independent of {@code Math} and of the generator's evaluation.
 */
public final class BigEvaluation {
    /** The working precision. */
    public static final MathContext MC = new MathContext(70, RoundingMode.HALF_EVEN);
    private static final BigDecimal EPSILON = new BigDecimal("1e-75");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** pi to 80 digits. */
    public static final BigDecimal PI = new BigDecimal(
            "3.1415926535897932384626433832795028841971693993751058209749445923078164062862090");

    private BigEvaluation() {}

    /**
     * {@code e} at x, with the parameters' values; x and the values are taken exactly.
     *
     * @param e an expression in x and parameters
     * @param x the argument
     * @param parameters the parameters' values
     * @return the value, to about 50 digits
     */
    public static BigDecimal evaluate(Expr e, double x, Map<String, Double> parameters) {
        return evaluate(e, new BigDecimal(x), parameters);
    }

    /**
     * {@code e} at the exact x given.
     *
     * @param e an expression in x and parameters
     * @param x the argument
     * @param parameters the parameters' values
     * @return the value, to about 50 digits
     */
    public static BigDecimal evaluate(Expr e, BigDecimal x, Map<String, Double> parameters) {
        switch (e.op()) {
            case CONSTANT:
                return new BigDecimal(e.value());
            case VARIABLE:
                return e.name().equals("x") ? x : new BigDecimal(parameters.get(e.name()));
            case SUM: {
                BigDecimal s = BigDecimal.ZERO;
                for (Expr a : e.arguments()) {
                    s = s.add(evaluate(a, x, parameters), MC);
                }
                return s;
            }
            case PRODUCT: {
                BigDecimal p = BigDecimal.ONE;
                for (Expr a : e.arguments()) {
                    p = p.multiply(evaluate(a, x, parameters), MC);
                }
                return p;
            }
            case NEGATE:
                return evaluate(e.argument(0), x, parameters).negate();
            case QUOTIENT:
                return evaluate(e.argument(0), x, parameters).divide(evaluate(e.argument(1), x, parameters), MC);
            case POWER: {
                BigDecimal b = evaluate(e.argument(0), x, parameters);
                int k = e.exponent();
                BigDecimal p = b.pow(Math.abs(k), MC);
                return k < 0 ? BigDecimal.ONE.divide(p, MC) : p;
            }
            case REAL_POWER:
                return exp(evaluate(e.argument(1), x, parameters).multiply(log(evaluate(e.argument(0), x, parameters)),
                        MC));
            case SQRT:
                return evaluate(e.argument(0), x, parameters).sqrt(MC);
            case EXP:
                return exp(evaluate(e.argument(0), x, parameters));
            case EXPM1:
                return expm1(evaluate(e.argument(0), x, parameters));
            case LOG:
                return log(evaluate(e.argument(0), x, parameters));
            case LOG1P:
                return log1p(evaluate(e.argument(0), x, parameters));
            case ABS:
                return evaluate(e.argument(0), x, parameters).abs();
            case SIN:
                return sin(evaluate(e.argument(0), x, parameters));
            case COS:
                return sin(evaluate(e.argument(0), x, parameters).add(PI.divide(TWO, MC), MC));
            case SINH: {
                BigDecimal a = evaluate(e.argument(0), x, parameters);
                return expm1(a).subtract(expm1(a.negate()), MC).divide(TWO, MC);
            }
            case COSH: {
                BigDecimal a = evaluate(e.argument(0), x, parameters);
                return exp(a).add(exp(a.negate()), MC).divide(TWO, MC);
            }
            case TANH: {
                BigDecimal a = evaluate(e.argument(0), x, parameters);
                BigDecimal m = expm1(a.multiply(TWO, MC)); // tanh = expm1(2a) / (expm1(2a) + 2)
                return m.divide(m.add(TWO, MC), MC);
            }
            case ATAN:
                return atan(evaluate(e.argument(0), x, parameters));
            default:
                throw new IllegalArgumentException("no BigDecimal evaluation of " + e.op());
        }
    }

    /**
     * e^y: halvings to {@code |y| <= 1/16}, the series, squarings back (with the guard digits of MC).
     *
     * @param y the argument
     * @return e^y
     */
    public static BigDecimal exp(BigDecimal y) {
        if (y.signum() < 0) {
            return BigDecimal.ONE.divide(exp(y.negate()), MC);
        }
        int halvings = 0;
        BigDecimal r = y;
        while (r.compareTo(new BigDecimal("0.0625")) > 0) {
            r = r.divide(TWO, MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE.add(expm1Series(r), MC);
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /**
     * e^y - 1, from the series where {@code |y| < 1/2} (no cancellation), else exp(y) - 1.
     *
     * @param y the argument
     * @return e^y - 1
     */
    public static BigDecimal expm1(BigDecimal y) {
        if (y.abs().compareTo(new BigDecimal("0.5")) < 0) {
            return expm1Series(y);
        }
        return exp(y).subtract(BigDecimal.ONE, MC);
    }

    private static BigDecimal expm1Series(BigDecimal y) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 500; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(EPSILON.multiply(sum.abs(), MC)) <= 0) {
                break;
            }
        }
        return sum;
    }

    /**
     * log x for {@code x > 0}: Newton on exp from the double start, after taking out powers of 2.
     *
     * @param x the argument
     * @return log x
     */
    public static BigDecimal log(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log of " + x);
        }
        int k = x.precision() - x.scale() - 1; // about log10 x
        int twos = (int) Math.round(k * 3.321928094887362);
        BigDecimal scaled = twos >= 0 ? x.divide(TWO.pow(twos, MC), MC) : x.multiply(TWO.pow(-twos, MC), MC);
        BigDecimal y = new BigDecimal(Math.log(scaled.doubleValue()));
        for (int i = 0; i < 6; i++) {
            BigDecimal e = exp(y);
            y = y.add(TWO.multiply(scaled.subtract(e), MC).divide(scaled.add(e), MC), MC);
        }
        return y.add(log2().multiply(BigDecimal.valueOf(twos), MC), MC);
    }

    /**
     * log(1 + y) for {@code y > -1}: the series of atanh where 1 + y is near 1 (no cancellation), else log.
     *
     * @param y the argument
     * @return log(1 + y)
     */
    public static BigDecimal log1p(BigDecimal y) {
        if (y.abs().compareTo(new BigDecimal("0.25")) < 0) {
            // log(1 + y) = 2 atanh(y / (2 + y))
            BigDecimal z = y.divide(TWO.add(y, MC), MC);
            BigDecimal z2 = z.multiply(z, MC);
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal power = z;
            for (int n = 1; n < 1000; n += 2) {
                BigDecimal term = power.divide(BigDecimal.valueOf(n), MC);
                sum = sum.add(term, MC);
                if (term.abs().compareTo(EPSILON.multiply(sum.abs(), MC)) <= 0) {
                    break;
                }
                power = power.multiply(z2, MC);
            }
            return sum.multiply(TWO, MC);
        }
        return log(BigDecimal.ONE.add(y, MC));
    }

    private static BigDecimal log2;

    private static synchronized BigDecimal log2() {
        if (log2 == null) {
            BigDecimal y = new BigDecimal(Math.log(2));
            for (int i = 0; i < 6; i++) {
                BigDecimal e = exp(y);
                y = y.add(TWO.multiply(TWO.subtract(e), MC).divide(TWO.add(e), MC), MC);
            }
            log2 = y;
        }
        return log2;
    }

    /**
     * sin y: reduced to [-pi, pi], then the series (terms alternate and shrink).
     *
     * @param y the argument
     * @return sin y
     */
    public static BigDecimal sin(BigDecimal y) {
        BigDecimal twoPi = PI.multiply(TWO, MC);
        BigDecimal turns = y.divide(twoPi, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = y.subtract(twoPi.multiply(turns, MC), MC);
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = r;
        for (int n = 1; n < 1000; n += 2) {
            sum = sum.add(term, MC);
            if (term.abs().compareTo(EPSILON) <= 0) {
                break;
            }
            term = term.multiply(r2, MC).negate().divide(BigDecimal.valueOf((long) (n + 1) * (n + 2)), MC);
        }
        return sum;
    }

    /**
     * atan y: atan(1/y) = pi/2 - atan(y) beyond 1, halvings of the angle, then the series.
     *
     * @param y the argument
     * @return atan y
     */
    public static BigDecimal atan(BigDecimal y) {
        if (y.signum() < 0) {
            return atan(y.negate()).negate();
        }
        if (y.compareTo(BigDecimal.ONE) > 0) {
            return PI.divide(TWO, MC).subtract(atan(BigDecimal.ONE.divide(y, MC)), MC);
        }
        int halvings = 0;
        BigDecimal r = y;
        while (r.compareTo(new BigDecimal("0.1")) > 0) {
            // atan r = 2 atan(r / (1 + sqrt(1 + r^2)))
            r = r.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(r.multiply(r, MC), MC).sqrt(MC), MC), MC);
            halvings++;
        }
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal power = r;
        for (int n = 1; n < 2000; n += 2) {
            BigDecimal term = power.divide(BigDecimal.valueOf(n), MC);
            sum = ((n / 2) % 2 == 0) ? sum.add(term, MC) : sum.subtract(term, MC);
            if (term.abs().compareTo(EPSILON) <= 0) {
                break;
            }
            power = power.multiply(r2, MC);
        }
        return sum.multiply(TWO.pow(halvings), MC);
    }
}
