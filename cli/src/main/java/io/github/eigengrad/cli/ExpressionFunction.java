package io.github.eigengrad.cli;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.simplify.OpCount;
import io.github.eigengrad.generator.simplify.Simplifier;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.ScalarFunction;
import io.github.eigengrad.runtime.TaylorSeries;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A user's expression (docs/math.md section 14) as a runtime {@link ScalarFunction}, without
 * compiling Java at run time: f by evaluating the simplified IR, its Taylor series by
 * interpreting the IR with the runtime's {@link TaylorSeries} (the operations the generated
 * {@code series} method calls), the domain by the parser's {@code Domain}. f[1] and f[2] follow
 * by the same recipe ({@code SpectralDifferences}) as in the generated classes.
 */
final class ExpressionFunction implements ScalarFunction {
    private final SpectralFunction function;
    private final Expr simplified;
    private final long operations;

    ExpressionFunction(SpectralFunction function) {
        this.function = function;
        this.simplified = Simplifier.simplify(function.f());
        this.operations = Math.max(1, OpCount.ofDag(java.util.List.of(simplified)).total());
    }

    /** The parsed function. */
    SpectralFunction function() {
        return function;
    }

    /** The operations of the simplified expression (a measure of the cost of one series). */
    long operations() {
        return operations;
    }

    @Override
    public String name() {
        return "expression";
    }

    @Override
    public double value(double x) {
        return simplified.evaluate(name -> name.equals(ExpressionParser.X) ? x : function.values().get(name));
    }

    @Override
    public double[] taylor(double x0, int order) {
        return series(simplified, x0, order, new IdentityHashMap<>());
    }

    @Override
    public void checkDomain(int index, double x) {
        try {
            function.domain().check(index, x, function.values());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InvalidInputException.Problem.OUT_OF_DOMAIN, e.getMessage());
        }
    }

    private double[] series(Expr e, double x0, int order, Map<Expr, double[]> memo) {
        double[] known = memo.get(e);
        if (known != null) {
            return known;
        }
        double[] s = switch (e.op()) {
            case CONSTANT -> TaylorSeries.constant(e.value(), order);
            case VARIABLE -> e.name().equals(ExpressionParser.X) ? TaylorSeries.variable(x0, order)
                    : TaylorSeries.constant(function.values().get(e.name()), order);
            case SUM, PRODUCT -> {
                double[] acc = series(e.argument(0), x0, order, memo);
                for (int i = 1; i < e.arguments().size(); i++) {
                    double[] next = series(e.argument(i), x0, order, memo);
                    acc = e.op() == io.github.eigengrad.generator.expr.Op.SUM ? TaylorSeries.add(acc, next)
                            : TaylorSeries.multiply(acc, next);
                }
                yield acc;
            }
            case NEGATE -> TaylorSeries.negate(series(e.argument(0), x0, order, memo));
            case QUOTIENT -> TaylorSeries.divide(series(e.argument(0), x0, order, memo),
                    series(e.argument(1), x0, order, memo));
            case POWER -> TaylorSeries.integerPower(series(e.argument(0), x0, order, memo), e.exponent());
            case REAL_POWER -> {
                double[] base = series(e.argument(0), x0, order, memo);
                Expr y = e.argument(1);
                yield y.variableNames().contains(ExpressionParser.X)
                        ? TaylorSeries.power(base, series(y, x0, order, memo))
                        : TaylorSeries.power(base, y.evaluate(name -> function.values().get(name)));
            }
            case SQRT -> TaylorSeries.sqrt(series(e.argument(0), x0, order, memo));
            case EXP -> TaylorSeries.exp(series(e.argument(0), x0, order, memo));
            case EXPM1 -> TaylorSeries.expm1(series(e.argument(0), x0, order, memo));
            case LOG -> TaylorSeries.log(series(e.argument(0), x0, order, memo));
            case LOG1P -> TaylorSeries.log1p(series(e.argument(0), x0, order, memo));
            case SIN -> TaylorSeries.sin(series(e.argument(0), x0, order, memo));
            case COS -> TaylorSeries.cos(series(e.argument(0), x0, order, memo));
            case SINH -> TaylorSeries.sinh(series(e.argument(0), x0, order, memo));
            case COSH -> TaylorSeries.cosh(series(e.argument(0), x0, order, memo));
            case TANH -> TaylorSeries.tanh(series(e.argument(0), x0, order, memo));
            case ATAN -> TaylorSeries.atan(series(e.argument(0), x0, order, memo));
            default -> throw new IllegalStateException("no Taylor series for " + e.op());
        };
        memo.put(e, s);
        return s;
    }

    @Override
    public String toString() {
        return "f(x) = " + function.text().strip();
    }
}
