package io.github.eigengrad.generator.emit;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.print.Infix;
import java.util.List;
import java.util.function.Function;

/**
 * The Java dialect of {@link Infix}: leaves and named temporaries come from {@code names} (a
 * variable, an array entry, a temporary); constants are written with {@link Double#toString},
 * which reads back to the same double; functions are {@code Math} calls; {@code x^k} is
 * written as multiplications for |k| <= 4 (its base must then be a leaf or a temporary).
 */
final class JavaExpressions implements Infix.Dialect {
    private final Function<Expr, String> names;
    private final Infix infix = new Infix(this);

    /** @param names the Java name of a leaf or temporary, or null for a node to write out */
    JavaExpressions(Function<Expr, String> names) {
        this.names = names;
    }

    static String literal(double v) {
        return Double.toString(v);
    }

    /** The Java source of {@code e}; {@code root}: write e itself even if it has a name (its definition). */
    String write(Expr e, boolean root) {
        return infix.write(e, root);
    }

    @Override
    public String number(double value) {
        return literal(value);
    }

    @Override
    public String name(Expr e) {
        return names.apply(e);
    }

    @Override
    public String function(Op op, List<String> args) {
        return "Math." + op.name().toLowerCase(java.util.Locale.ROOT) + "(" + String.join(", ", args) + ")";
    }

    /** Multiplications for |k| <= 4 (the base must be a leaf, a temporary or a constant), Math.pow beyond. */
    @Override
    public String power(Expr e, Infix writer) {
        if (e.op() == Op.REAL_POWER) {
            return "Math.pow(" + writer.write(e.argument(0), false) + ", " + writer.write(e.argument(1), false) + ")";
        }
        if (e.op() == Op.INTEGER_POWER) {
            return "GeneratedRuleSupport.integerPower(" + writer.write(e.argument(0), false) + ", "
                    + writer.write(e.argument(1), false) + ")";
        }
        int k = Math.abs(e.exponent());
        Expr base = e.argument(0);
        String b = names.apply(base);
        if (b == null && !base.isConstant()) {
            throw new IllegalStateException("the base of " + e + " must be a leaf or a temporary");
        }
        if (b == null) {
            b = "(" + literal(base.value()) + ")";
        }
        String product;
        if (k <= 4) {
            StringBuilder p = new StringBuilder(b);
            for (int i = 1; i < k; i++) {
                p.append(" * ").append(b);
            }
            product = k == 1 ? p.toString() : "(" + p + ")";
        } else {
            product = "Math.pow(" + b + ", " + k + ")";
        }
        return e.exponent() < 0 ? "(1.0 / " + product + ")" : product;
    }

    @Override
    public String indexed(Expr e, Infix writer) {
        throw new IllegalStateException(e.op() + " must be named or lowered to statements before it is written: " + e);
    }

    /** The non-leaf bases of powers in the DAGs of {@code outputs}: they must be temporaries. */
    static java.util.Set<Expr> powerBases(List<Expr> outputs) {
        java.util.Set<Expr> bases = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>(outputs);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (!seen.add(e)) {
                continue;
            }
            if (e.op() == Op.POWER && e.argument(0).arity() > 0) {
                bases.add(e.argument(0));
            }
            stack.addAll(e.arguments());
        }
        return bases;
    }
}
