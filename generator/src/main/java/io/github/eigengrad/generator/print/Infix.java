package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.expr.Terms;
import java.util.List;

/**
 * Writes an expression in infix with the fewest parentheses that keep its meaning under
 * Java's precedence: sums ({@link Terms#positiveFirst}, minus signs for negative terms),
 * products, quotients, negations and selects ({@code (a cmp b ? x : y)}). What differs
 * between plain text and Java source (numbers, names, functions, powers, entries, index
 * reductions) is the {@link Dialect}'s.
 */
public final class Infix {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int ATOM = 5;

    /** What a target language writes its own way. */
    public interface Dialect {
        /** A constant. */
        String number(double value);

        /** The name of a leaf or a named temporary; null to write the node out. */
        String name(Expr e);

        /** A call of sqrt, exp, log, expm1, log1p, abs, ceil, min or max on written arguments. */
        String function(Op op, List<String> args);

        /** An integer power, constant or run-time exponent; {@code writer} writes operands. */
        String power(Expr e, Infix writer);

        /** An array entry without a name, or an index sum or max. */
        String indexed(Expr e, Infix writer);
    }

    private final Dialect dialect;

    public Infix(Dialect dialect) {
        this.dialect = dialect;
    }

    /** {@code root}: write e itself even if it has a name (the definition of a temporary). */
    public String write(Expr e, boolean root) {
        String name = root ? null : dialect.name(e);
        if (name != null) {
            return name;
        }
        switch (e.op()) {
            case CONSTANT:
                return dialect.number(e.value());
            case VARIABLE:
                return e.name();
            case SUM: {
                StringBuilder b = new StringBuilder();
                List<Expr> terms = Terms.positiveFirst(e.arguments());
                for (int i = 0; i < terms.size(); i++) {
                    Expr t = terms.get(i);
                    Expr magnitude = Terms.negativePart(t);
                    if (i == 0) {
                        b.append(child(t, precedence(t) < SUM));
                    } else if (magnitude != null && dialect.name(t) == null) {
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
                    // after the first factor, a quotient, negation or negative number is parenthesised
                    b.append(child(f, precedence(f) < PRODUCT || (i > 0 && precedence(f) < ATOM && f.op() != Op.PRODUCT)));
                }
                return b.toString();
            }
            case NEGATE:
                return "-" + child(e.argument(0), precedence(e.argument(0)) < ATOM);
            case QUOTIENT:
                return child(e.argument(0), precedence(e.argument(0)) < PRODUCT) + " / "
                        + child(e.argument(1), precedence(e.argument(1)) < ATOM);
            case POWER:
            case INTEGER_POWER:
            case REAL_POWER:
                return dialect.power(e, this);
            case SELECT:
                return "(" + write(e.argument(0), false) + " " + e.comparison().symbol() + " "
                        + write(e.argument(1), false) + " ? " + write(e.argument(2), false) + " : "
                        + write(e.argument(3), false) + ")";
            case ENTRY:
            case INDEX_SUM:
            case INDEX_MAX:
                return dialect.indexed(e, this);
            case CALL:
                return e.name() + "(" + String.join(", ", e.arguments().stream().map(a -> write(a, false)).toList()) + ")";
            default: {
                List<String> args = e.arguments().stream().map(a -> write(a, false)).toList();
                return dialect.function(e.op(), args);
            }
        }
    }

    /** An operand: parenthesised unless it binds at least as tightly as a power's base must. */
    public String atom(Expr e) {
        return child(e, precedence(e) < ATOM);
    }

    private String child(Expr e, boolean parenthesise) {
        String s = write(e, false);
        return parenthesise ? "(" + s + ")" : s;
    }

    private int precedence(Expr e) {
        if (dialect.name(e) != null) {
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
}
