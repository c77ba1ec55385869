package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.IndexDefinition;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text infix: the operators of Java, the fewest parentheses that keep the meaning,
 * {@code x^k} for integer powers, {@code (a == b ? x : y)} for selects, {@code V[i][k]} for
 * entries, {@code sum(k = 0 .. n - 1: ...)} for index sums.
 */
public final class TextPrinter {
    private static final int SELECT = 0;
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private final FormulaLayout layout;

    private TextPrinter(FormulaLayout layout) {
        this.layout = layout;
    }

    /** An expression on its own (no temporaries). */
    public static String expression(Expr e) {
        return new TextPrinter(null).render(e, true);
    }

    public static String print(Formula f) {
        FormulaLayout layout = FormulaLayout.of(f);
        TextPrinter p = new TextPrinter(layout);
        StringBuilder b = new StringBuilder();
        b.append("# ").append(f.title()).append('\n');
        b.append("# size: ").append(f.size() == Formula.GENERAL ? "general n" : Integer.toString(f.size())).append('\n');
        if (!f.definitions().isEmpty()) {
            b.append("\n## definition (index notation, general n)\n");
            for (IndexDefinition d : f.definitions()) {
                b.append(definitionName(d)).append(" = ").append(expression(d.body())).append('\n');
            }
        }
        if (f.size() != Formula.GENERAL) {
            b.append("\n## inputs\n").append(String.join(", ", layout.inputs())).append('\n');
            b.append("\n## outputs (n = ").append(f.size()).append("), after common-subexpression elimination\n");
            for (Expr t : layout.temporaries()) {
                b.append(layout.nameOf(t)).append(" = ").append(p.render(t, true)).append('\n');
            }
            for (Formula.Output o : f.outputs()) {
                b.append(o.name()).append(" = ").append(p.render(o.expr(), false)).append('\n');
            }
            b.append("\n## op counts\n");
            b.append("before CSE: ").append(layout.opsBeforeCse()).append(" (total ")
                    .append(layout.opsBeforeCse().total()).append(")\n");
            b.append("after CSE:  ").append(layout.opsAfterCse()).append(" (total ")
                    .append(layout.opsAfterCse().total()).append(")\n");
        }
        return b.toString();
    }

    static String definitionName(IndexDefinition d) {
        StringBuilder b = new StringBuilder(d.array());
        for (String i : d.indices()) {
            b.append('[').append(i).append(']');
        }
        return b.toString();
    }

    /** {@code root}: print the node itself even if it is a temporary (its definition). */
    private String render(Expr e, boolean root) {
        if (!root && layout != null && layout.nameOf(e) != null) {
            return layout.nameOf(e);
        }
        switch (e.op()) {
            case CONSTANT:
                return Numbers.text(e.value());
            case VARIABLE:
                return e.name();
            case SUM:
                return sum(e);
            case PRODUCT: {
                StringBuilder b = new StringBuilder();
                List<Expr> args = e.arguments();
                for (int i = 0; i < args.size(); i++) {
                    Expr a = args.get(i);
                    if (i > 0) {
                        b.append(" * ");
                    }
                    boolean paren = precedence(a) < PRODUCT || (i > 0 && precedence(a) == PRODUCT && !isTemp(a));
                    b.append(child(a, paren));
                }
                return b.toString();
            }
            case NEGATE:
                return "-" + child(e.argument(0), precedence(e.argument(0)) <= PRODUCT && !isTemp(e.argument(0)));
            case QUOTIENT:
                return child(e.argument(0), precedence(e.argument(0)) < PRODUCT) + " / "
                        + child(e.argument(1), precedence(e.argument(1)) <= PRODUCT && !isTemp(e.argument(1)));
            case POWER:
                return child(e.argument(0), precedence(e.argument(0)) < ATOM && !isTemp(e.argument(0))) + "^"
                        + e.exponent();
            case SELECT:
                return "(" + render(e.argument(0), false) + " " + e.comparison().symbol() + " "
                        + render(e.argument(1), false) + " ? " + render(e.argument(2), false) + " : "
                        + render(e.argument(3), false) + ")";
            case ENTRY: {
                StringBuilder b = new StringBuilder(e.name());
                for (Expr a : e.arguments()) {
                    b.append('[').append(render(a, false)).append(']');
                }
                return b.toString();
            }
            case INDEX_SUM:
            case INDEX_MAX:
                return (e.op() == io.github.eigengrad.generator.expr.Op.INDEX_SUM ? "sum(" : "max(") + e.name() + " = " + render(e.argument(0), false) + " .. " + render(e.argument(1), false)
                        + ": " + render(e.argument(2), false) + ")";
            default: {
                StringBuilder b = new StringBuilder(e.op().name().toLowerCase(Locale.ROOT)).append('(');
                for (int i = 0; i < e.arity(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    b.append(render(e.argument(i), false));
                }
                return b.append(')').toString();
            }
        }
    }

    private String sum(Expr e) {
        StringBuilder b = new StringBuilder();
        List<Expr> args = Terms.positiveFirst(e.arguments());
        for (int i = 0; i < args.size(); i++) {
            Expr a = args.get(i);
            Expr magnitude = Terms.negativePart(a);
            if (i == 0) {
                b.append(child(a, precedence(a) < SUM));
            } else if (magnitude != null && !isTemp(a)) {
                b.append(" - ").append(child(magnitude, precedence(magnitude) <= SUM && !isTemp(magnitude)));
            } else {
                b.append(" + ").append(child(a, precedence(a) <= SUM && !isTemp(a)));
            }
        }
        return b.toString();
    }

    private boolean isTemp(Expr e) {
        return layout != null && layout.nameOf(e) != null;
    }

    private String child(Expr e, boolean parenthesise) {
        String s = render(e, false);
        return parenthesise ? "(" + s + ")" : s;
    }

    private int precedence(Expr e) {
        if (isTemp(e)) {
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
            case POWER:
                return POWER;
            case CONSTANT:
                return e.value() < 0 ? UNARY : ATOM;
            default:
                return ATOM;
        }
    }
}
