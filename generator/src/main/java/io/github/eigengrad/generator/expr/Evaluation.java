package io.github.eigengrad.generator.expr;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The value of an expression in double arithmetic: the generator's oracle (finite
 * differences, the printed formulas' checks). Sums and products run in argument order,
 * functions through {@link StrictMath}, so values are reproducible on every JVM.
 */
final class Evaluation {
    private Evaluation() {}

    static double evaluate(Expr e, Expr.Environment env, Map<Expr, Double> memo) {
        Double cached = memo.get(e);
        if (cached != null) {
            return cached;
        }
        double result;
        switch (e.op()) {
            case CONSTANT:
                result = e.value();
                break;
            case VARIABLE:
                result = env.variable(e.name());
                break;
            case SUM: {
                double s = 0;
                for (Expr a : e.arguments()) {
                    s += evaluate(a, env, memo);
                }
                result = s;
                break;
            }
            case PRODUCT: {
                double p = 1;
                for (Expr a : e.arguments()) {
                    p *= evaluate(a, env, memo);
                }
                result = p;
                break;
            }
            case NEGATE:
                result = -evaluate(e.argument(0), env, memo);
                break;
            case QUOTIENT:
                result = evaluate(e.argument(0), env, memo) / evaluate(e.argument(1), env, memo);
                break;
            case POWER:
                result = StrictMath.pow(evaluate(e.argument(0), env, memo), e.exponent());
                break;
            case INTEGER_POWER:
                result = integerPower(evaluate(e.argument(0), env, memo), evaluate(e.argument(1), env, memo));
                break;
            case REAL_POWER:
                result = StrictMath.pow(evaluate(e.argument(0), env, memo), evaluate(e.argument(1), env, memo));
                break;
            case MIN:
                result = Math.min(evaluate(e.argument(0), env, memo), evaluate(e.argument(1), env, memo));
                break;
            case MAX:
                result = Math.max(evaluate(e.argument(0), env, memo), evaluate(e.argument(1), env, memo));
                break;
            case SELECT:
                result = e.comparison().test(evaluate(e.argument(0), env, memo), evaluate(e.argument(1), env, memo))
                        ? evaluate(e.argument(2), env, memo)
                        : evaluate(e.argument(3), env, memo);
                break;
            case CALL: {
                double[] arguments = new double[e.arity()];
                for (int k = 0; k < e.arity(); k++) {
                    arguments[k] = evaluate(e.argument(k), env, memo);
                }
                result = LibraryFunction.named(e.name()).evaluate(arguments);
                break;
            }
            case ENTRY: {
                int[] indices = new int[e.arity()];
                for (int k = 0; k < e.arity(); k++) {
                    indices[k] = toIndex(evaluate(e.argument(k), env, memo));
                }
                result = env.entry(e.name(), indices);
                break;
            }
            case INDEX_SUM:
            case INDEX_MAX: {
                int lower = toIndex(evaluate(e.argument(0), env, memo));
                int upper = toIndex(evaluate(e.argument(1), env, memo));
                double s = 0;
                for (int k = lower; k <= upper; k++) {
                    int bound = k;
                    Expr.Environment inner = new Expr.Environment() {
                        @Override
                        public double variable(String n) {
                            return n.equals(e.name()) ? bound : env.variable(n);
                        }

                        @Override
                        public double entry(String array, int[] indices) {
                            return env.entry(array, indices);
                        }
                    };
                    // the body depends on the bound index: a fresh memo per iteration
                    double term = evaluate(e.argument(2), inner, new IdentityHashMap<>());
                    s = e.op() == Op.INDEX_SUM ? s + term : Math.max(s, term);
                }
                result = s;
                break;
            }
            default:
                result = applyFunction(e.op(), evaluate(e.argument(0), env, memo));
        }
        memo.put(e, result);
        return result;
    }

    /**
     * {@code x^k} for a whole {@code k >= 0}, as {@link StrictMath#pow}: the generator's value
     * of the power. Generated code computes it by binary powering (the runtime's
     * {@code RuleArithmetic.integerPower}, the one place that algorithm is written), within 2k
     * ulps of this.
     */
    private static double integerPower(double x, double k) {
        if (!(k >= 0) || k != Math.rint(k)) {
            throw new IllegalArgumentException("an integer power needs a whole exponent >= 0, got " + k);
        }
        return StrictMath.pow(x, k);
    }

    private static int toIndex(double v) {
        int i = (int) v;
        if (i != v) {
            throw new IllegalArgumentException("an index evaluated to the non-integer " + v);
        }
        return i;
    }

    static double applyFunction(Op op, double x) {
        switch (op) {
            case SQRT:
                return StrictMath.sqrt(x);
            case EXP:
                return StrictMath.exp(x);
            case LOG:
                return StrictMath.log(x);
            case EXPM1:
                return StrictMath.expm1(x);
            case LOG1P:
                return StrictMath.log1p(x);
            case ABS:
                return Math.abs(x);
            case CEIL:
                return Math.ceil(x);
            case SIN:
                return StrictMath.sin(x);
            case COS:
                return StrictMath.cos(x);
            case TANH:
                return StrictMath.tanh(x);
            case SINH:
                return StrictMath.sinh(x);
            case COSH:
                return StrictMath.cosh(x);
            case ATAN:
                return StrictMath.atan(x);
            default:
                throw new IllegalArgumentException(op + " is not a one-argument function");
        }
    }
}
