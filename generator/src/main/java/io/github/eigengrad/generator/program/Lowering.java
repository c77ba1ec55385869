package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.expr.Terms;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fixes the order of evaluation of an {@link Expr}: a sum's terms in {@link Terms#positiveFirst}
 * order, subtracting the magnitude of a negative term ({@code a - m} for {@code a + (-m)}, the
 * same bits), products left to right over their flattened factors, {@code x^k} for
 * {@code |k| <= 4} as {@code k - 1} multiplications of a named base (and {@code 1 / x^k} for
 * negative k), {@code |k| <= 16} by squaring, larger constant powers through {@link Intrinsic#POW}.
 * This is the one place that decides how a formula is computed; every backend prints the
 * resulting {@link Value} as it stands.
 */
public final class Lowering {
    private final Function<Expr, String> names;

    /** @param names the name in scope of a leaf or temporary, or null for a node to lower in place */
    public Lowering(Function<Expr, String> names) {
        this.names = names;
    }

    /** The value of {@code e}; {@code definition}: lower e itself even if it has a name. */
    public Value lower(Expr e, boolean definition) {
        String name = definition ? null : names.apply(e);
        if (name != null) {
            return new Value.Named(name);
        }
        switch (e.op()) {
            case CONSTANT:
                return new Value.Constant(e.value());
            case VARIABLE:
                return new Value.Named(e.name());
            case SUM: {
                List<Expr> terms = Terms.positiveFirst(e.arguments());
                Value sum = lower(terms.get(0), false);
                for (int i = 1; i < terms.size(); i++) {
                    Expr t = terms.get(i);
                    Expr magnitude = Terms.negativePart(t);
                    sum = magnitude != null && names.apply(t) == null
                            ? new Value.Binary(Value.Operator.SUBTRACT, sum, lower(magnitude, false))
                            : new Value.Binary(Value.Operator.ADD, sum, lower(t, false));
                }
                return sum;
            }
            case PRODUCT: {
                List<Expr> factors = new ArrayList<>();
                flatten(e, factors);
                Value product = lower(factors.get(0), false);
                for (int i = 1; i < factors.size(); i++) {
                    product = new Value.Binary(Value.Operator.MULTIPLY, product, lower(factors.get(i), false));
                }
                return product;
            }
            case NEGATE:
                return new Value.Negate(lower(e.argument(0), false));
            case QUOTIENT:
                return new Value.Binary(Value.Operator.DIVIDE, lower(e.argument(0), false), lower(e.argument(1), false));
            case POWER:
                return power(e);
            case INTEGER_POWER:
                return call(Intrinsic.INTEGER_POWER, e);
            case REAL_POWER:
                return call(Intrinsic.POW, e);
            case SELECT:
                return new Value.Select(e.comparison(), lower(e.argument(0), false), lower(e.argument(1), false),
                        lower(e.argument(2), false), lower(e.argument(3), false));
            case ENTRY:
                return new Value.Entry(e.name(), e.arguments());
            case SQRT, EXP, LOG, EXPM1, LOG1P, ABS, CEIL, MIN, MAX, SIN, COS, TANH, SINH, COSH, ATAN:
                return call(Intrinsic.valueOf(e.op().name()), e);
            case CALL: {
                List<Value> arguments = new ArrayList<>();
                for (Expr a : e.arguments()) {
                    arguments.add(lower(a, false));
                }
                return new Value.Invoke(e.name(), arguments);
            }
            default:
                throw new IllegalStateException(e.op() + " must be named or lowered to statements first: " + e);
        }
    }

    /**
     * The factors in the order Java evaluates {@code a * b * c ...}: a factor that is itself an
     * unnamed product (after the first) contributes its own factors, unparenthesised.
     */
    private void flatten(Expr product, List<Expr> factors) {
        for (Expr f : product.arguments()) {
            if (f.op() == Op.PRODUCT && !factors.isEmpty() && names.apply(f) == null) {
                flatten(f, factors);
            } else {
                factors.add(f);
            }
        }
    }

    private Value call(Intrinsic function, Expr e) {
        List<Value> arguments = new ArrayList<>();
        for (Expr a : e.arguments()) {
            arguments.add(lower(a, false));
        }
        return new Value.Call(function, arguments);
    }

    /** The largest constant power written as products: beyond it, {@link Intrinsic#POW}. */
    static final int MAX_SQUARED = 16;

    /**
     * {@code b^k} by squaring: {@code (b^(k/2))^2} for even k, {@code b^(k-1) b} for odd. The
     * square repeats its operand's tree; every backend compiles the repeat once (C2's value
     * numbering), so x^10 costs four multiplications instead of a call of pow.
     */
    private static Value squared(Value b, int k) {
        if (k == 1) {
            return b;
        }
        if (k % 2 == 1) {
            return new Value.Binary(Value.Operator.MULTIPLY, squared(b, k - 1), b);
        }
        Value half = squared(b, k / 2);
        return new Value.Binary(Value.Operator.MULTIPLY, half, half);
    }

    private Value power(Expr e) {
        Expr base = e.argument(0);
        // an array entry (loop programs) reads like a leaf: repeating it costs a load, not arithmetic
        if (names.apply(base) == null && !base.isConstant() && base.op() != Op.ENTRY) {
            throw new IllegalStateException("the base of " + e + " must be a leaf, an array entry or a temporary");
        }
        Value b = lower(base, false);
        int k = Math.abs(e.exponent());
        Value product;
        if (k <= 4) {
            product = b;
            for (int i = 1; i < k; i++) {
                product = new Value.Binary(Value.Operator.MULTIPLY, product, b);
            }
        } else if (k <= MAX_SQUARED) {
            product = squared(b, k);
        } else {
            product = new Value.Call(Intrinsic.POW,
                    List.of(b, new Value.Constant(k)));
        }
        return e.exponent() < 0 ? new Value.Binary(Value.Operator.DIVIDE, new Value.Constant(1.0), product) : product;
    }
}
