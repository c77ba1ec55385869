package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.IndexDefinition;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text infix ({@link Infix}): the operators of Java, the fewest parentheses that keep
 * the meaning, {@code x^k} for integer powers, {@code (a == b ? x : y)} for selects, {@code V[i][k]} for
 * entries, {@code sum(k = 0 .. n - 1: ...)} for index sums.
 */
public final class TextPrinter {

    private final FormulaLayout layout;

    private TextPrinter(FormulaLayout layout) {
        this.layout = layout;
    }

    /** An expression on its own (no temporaries). */
    public static String expression(Expr e) {
        return new TextPrinter(null).render(e, true);
    }

    /**
     * An expression in terms of the layout's temporaries (a temporary is printed by its name,
     * except {@code e} itself when {@code root}): the text of a DAG stays as small as the DAG.
     */
    static String expression(FormulaLayout layout, Expr e, boolean root) {
        return new TextPrinter(layout).render(e, root);
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
            for (LibraryFunction called : FormulaLayout.calledFunctions(f.definitions())) {
                b.append("where ").append(expression(FormulaLayout.callOf(called))).append(" = ")
                        .append(expression(called.body())).append('\n');
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
        return new Infix(new TextDialect()).write(e, root);
    }

    /** Plain text: numbers without a needless fraction, {@code x^k}, {@code sqrt(x)}, {@code V[i][k]}, {@code sum(k = ...)}. */
    private final class TextDialect implements Infix.Dialect {
        @Override
        public String number(double value) {
            return Numbers.text(value);
        }

        @Override
        public String name(Expr e) {
            return layout == null ? null : layout.nameOf(e);
        }

        @Override
        public String function(Op op, List<String> args) {
            return op.name().toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
        }

        @Override
        public String power(Expr e, Infix writer) {
            if (e.op() == Op.INTEGER_POWER || e.op() == Op.REAL_POWER) {
                return writer.atom(e.argument(0)) + "^" + writer.atom(e.argument(1));
            }
            return writer.atom(e.argument(0)) + "^" + e.exponent();
        }

        @Override
        public String indexed(Expr e, Infix writer) {
            if (e.op() == Op.ENTRY) {
                StringBuilder b = new StringBuilder(e.name());
                for (Expr a : e.arguments()) {
                    b.append('[').append(writer.write(a, false)).append(']');
                }
                return b.toString();
            }
            return (e.op() == Op.INDEX_SUM ? "sum(" : "max(") + e.name() + " = " + writer.write(e.argument(0), false)
                    + " .. " + writer.write(e.argument(1), false) + ": " + writer.write(e.argument(2), false) + ")";
        }
    }
}
