package io.github.eigengrad.generator.emit;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.print.Terms;
import java.util.List;
import java.util.function.Function;

/**
 * Writes an expression as Java source. Leaves and named temporaries come from {@code names}
 * (a variable, an array entry, a temporary); constants are written with
 * {@link Double#toString}, which reads back to the same double; {@code x^k} is written as
 * multiplications for |k| <= 4 (its base must then be a leaf or a temporary).
 */
final class JavaExpressions {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int ATOM = 5;

    private final Function<Expr, String> names;

    /** @param names the Java name of a leaf or temporary, or null for a node to write out */
    JavaExpressions(Function<Expr, String> names) {
        this.names = names;
    }

    static String literal(double v) {
        return Double.toString(v);
    }

    /** The Java source of {@code e}; {@code root}: write e itself even if it has a name (its definition). */
    String write(Expr e, boolean root) {
        String name = root ? null : names.apply(e);
        if (name != null) {
            return name;
        }
        switch (e.op()) {
            case CONSTANT:
                return literal(e.value());
            case VARIABLE:
            case ENTRY:
                throw new IllegalStateException("no Java name for " + e);
            case SUM: {
                StringBuilder b = new StringBuilder();
                List<Expr> terms = Terms.positiveFirst(e.arguments());
                for (int i = 0; i < terms.size(); i++) {
                    Expr t = terms.get(i);
                    Expr magnitude = Terms.negativePart(t);
                    if (i == 0) {
                        b.append(child(t, precedence(t) < SUM));
                    } else if (magnitude != null && names.apply(t) == null) {
                        b.append(" - ").append(child(magnitude, precedence(magnitude) <= SUM));
                    } else {
                        b.append(" + ").append(child(t, precedence(t) <= SUM));
                    }
                }
                return b.toString();
            }
            case PRODUCT: {
                StringBuilder b = new StringBuilder();
                List<Expr> factors = e.arguments();
                for (int i = 0; i < factors.size(); i++) {
                    Expr f = factors.get(i);
                    if (i > 0) {
                        b.append(" * ");
                    }
                    b.append(child(f, precedence(f) < PRODUCT || (i > 0 && precedence(f) < ATOM && names.apply(f) == null
                            && f.op() != Op.PRODUCT)));
                }
                return b.toString();
            }
            case NEGATE:
                return "-" + child(e.argument(0), precedence(e.argument(0)) < ATOM);
            case QUOTIENT:
                return child(e.argument(0), precedence(e.argument(0)) < PRODUCT) + " / "
                        + child(e.argument(1), precedence(e.argument(1)) < ATOM);
            case POWER:
                return power(e);
            case SQRT:
            case EXP:
            case LOG:
            case EXPM1:
            case LOG1P:
            case ABS:
            case CEIL:
                return "Math." + e.op().name().toLowerCase(java.util.Locale.ROOT) + "(" + write(e.argument(0), false) + ")";
            case MIN:
            case MAX:
                return "Math." + e.op().name().toLowerCase(java.util.Locale.ROOT) + "(" + write(e.argument(0), false) + ", "
                        + write(e.argument(1), false) + ")";
            case SELECT:
                return "(" + write(e.argument(0), false) + " " + e.comparison().symbol() + " "
                        + write(e.argument(1), false) + " ? " + write(e.argument(2), false) + " : "
                        + write(e.argument(3), false) + ")";
            default:
                throw new IllegalStateException(e.op() + " must be lowered to statements before it is written");
        }
    }

    private String power(Expr e) {
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

    private String child(Expr e, boolean parenthesise) {
        String s = write(e, false);
        return parenthesise ? "(" + s + ")" : s;
    }

    private int precedence(Expr e) {
        if (names.apply(e) != null) {
            return ATOM;
        }
        switch (e.op()) {
            case SUM:
                return SUM;
            case PRODUCT:
            case QUOTIENT:
                return PRODUCT;
            case NEGATE:
                return UNARY;
            case CONSTANT:
                return e.value() < 0 ? UNARY : ATOM;
            default:
                return ATOM;
        }
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
