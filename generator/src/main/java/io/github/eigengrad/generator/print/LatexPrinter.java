package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.expr.Terms;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.IndexDefinition;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LaTeX for people: fractions, subscripted names ({@code vBar01} is {@code \bar{v}_{01}}),
 * {@code \sum} for index sums, {@code cases} for selects, one {@code align*} block for the
 * general-n definition and one for the fixed-size outputs after common-subexpression
 * elimination. Needs amsmath.
 */
public final class LatexPrinter {
    private static final Pattern NAME = Pattern.compile("([A-Za-z]+)([0-9_]*)");
    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("lambda", "\\lambda"), Map.entry("Lambda", "\\lambda"), Map.entry("lambdaBar", "\\bar{\\lambda}"),
            Map.entry("vBar", "\\bar{v}"), Map.entry("aBar", "\\bar{a}"), Map.entry("VBar", "\\bar{V}"),
            Map.entry("mu", "\\mu"), Map.entry("shift", "\\sigma"), Map.entry("tolerance", "\\mathrm{tol}"),
            Map.entry("maxIterations", "K_{\\max}"), Map.entry("Kpair", "K"), Map.entry("pairError", "\\varepsilon"),
            Map.entry("gradientBound", "\\beta"), Map.entry("maxAbs", "\\|\\lambda\\|_{\\infty}"));

    private final FormulaLayout layout;

    private LatexPrinter(FormulaLayout layout) {
        this.layout = layout;
    }

    public static String expression(Expr e) {
        return new LatexPrinter(null).render(e, true);
    }

    public static String print(Formula f) {
        FormulaLayout layout = FormulaLayout.of(f);
        LatexPrinter p = new LatexPrinter(layout);
        StringBuilder b = new StringBuilder();
        b.append("% ").append(f.title()).append('\n');
        b.append("% size: ").append(f.size() == Formula.GENERAL ? "general n" : Integer.toString(f.size())).append('\n');
        if (!f.definitions().isEmpty()) {
            b.append("% definition (index notation, general n)\n\\begin{align*}\n");
            List<IndexDefinition> defs = f.definitions();
            List<LibraryFunction> called = FormulaLayout.calledFunctions(defs);
            for (int i = 0; i < defs.size(); i++) {
                IndexDefinition d = defs.get(i);
                b.append("  ").append(definitionName(d)).append(" &= ").append(expression(d.body()))
                        .append(i + 1 < defs.size() || !called.isEmpty() ? " \\\\\n" : "\n");
            }
            for (int i = 0; i < called.size(); i++) { // where: the runtime functions the definitions call
                b.append("  ").append(expression(FormulaLayout.callOf(called.get(i)))).append(" &= ")
                        .append(expression(called.get(i).body())).append(i + 1 < called.size() ? " \\\\\n" : "\n");
            }
            b.append("\\end{align*}\n");
        }
        if (f.size() != Formula.GENERAL) {
            b.append("% outputs (n = ").append(f.size()).append("), after common-subexpression elimination\n");
            b.append("\\begin{align*}\n");
            int lines = layout.temporaries().size() + f.outputs().size();
            int line = 0;
            for (Expr t : layout.temporaries()) {
                b.append("  ").append(name(layout.nameOf(t))).append(" &= ").append(p.render(t, true))
                        .append(++line < lines ? " \\\\\n" : "\n");
            }
            for (Formula.Output o : f.outputs()) {
                b.append("  ").append(outputName(o.name())).append(" &= ").append(p.render(o.expr(), false))
                        .append(++line < lines ? " \\\\\n" : "\n");
            }
            b.append("\\end{align*}\n");
            b.append("% op counts before CSE: ").append(layout.opsBeforeCse()).append("; after CSE: ")
                    .append(layout.opsAfterCse()).append('\n');
        }
        return b.toString();
    }

    private static String definitionName(IndexDefinition d) {
        String base = name(d.array());
        if (d.indices().isEmpty()) {
            return base;
        }
        return subscripted(base, String.join("", d.indices()));
    }

    /** {@code dL_da01} is a partial derivative of L by {@code a_{01}}; other names as {@link #name}. */
    static String outputName(String name) {
        int underscore = name.indexOf("_d");
        if (name.startsWith("d") && underscore > 1) {
            String of = name.substring(1, underscore);
            String by = name.substring(underscore + 2);
            return "\\frac{\\partial " + name(of) + "}{\\partial " + name(by) + "}";
        }
        return name(name);
    }

    /** A variable or array name: a known symbol or the letters, then the digits as a subscript. */
    static String name(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return "\\mathrm{" + name.replace("_", "\\_") + "}";
        }
        String letters = m.group(1);
        String symbol = SYMBOLS.getOrDefault(letters, letters.length() == 1 ? letters : "\\mathrm{" + letters + "}");
        String digits = m.group(2);
        return digits.isEmpty() ? symbol : subscripted(symbol, digits.replace("_", ","));
    }

    private static String subscripted(String symbol, String subscript) {
        // a symbol that already has a subscript (K_{\max}) gets a second level in braces
        return symbol.contains("_") ? "{" + symbol + "}_{" + subscript + "}" : symbol + "_{" + subscript + "}";
    }

    private String render(Expr e, boolean root) {
        if (!root && layout != null && layout.nameOf(e) != null) {
            return name(layout.nameOf(e));
        }
        switch (e.op()) {
            case CONSTANT:
                return number(e.value());
            case VARIABLE:
                return name(e.name());
            case SUM: {
                StringBuilder b = new StringBuilder();
                List<Expr> terms = Terms.positiveFirst(e.arguments());
                for (int i = 0; i < terms.size(); i++) {
                    Expr t = terms.get(i);
                    Expr magnitude = Terms.negativePart(t);
                    if (i == 0) {
                        b.append(render(t, false));
                    } else if (magnitude != null && !isTemp(t)) {
                        b.append(" - ").append(wrapIf(magnitude, isSum(magnitude)));
                    } else {
                        b.append(" + ").append(render(t, false));
                    }
                }
                return b.toString();
            }
            case PRODUCT: {
                StringBuilder b = new StringBuilder();
                List<Expr> factors = e.arguments();
                for (int i = 0; i < factors.size(); i++) {
                    Expr f = factors.get(i);
                    String s = wrapIf(f, isSum(f) || (i > 0 && isNegativeConstant(f)));
                    if (i > 0) {
                        b.append(Character.isDigit(s.charAt(0)) ? " \\cdot " : " \\, ");
                    }
                    b.append(s);
                }
                return b.toString();
            }
            case NEGATE:
                return "-" + wrapIf(e.argument(0), isSum(e.argument(0)));
            case QUOTIENT:
                return "\\frac{" + render(e.argument(0), false) + "}{" + render(e.argument(1), false) + "}";
            case POWER:
            case INTEGER_POWER:
            case REAL_POWER: {
                Expr base = e.argument(0);
                boolean atom = isTemp(base) || base.op() == Op.VARIABLE || base.op() == Op.ENTRY
                        || (base.isConstant() && base.value() >= 0);
                String exponent = e.op() == Op.POWER ? Integer.toString(e.exponent()) : render(e.argument(1), false);
                return (atom ? render(base, false) : "\\left(" + render(base, false) + "\\right)") + "^{"
                        + exponent + "}";
            }
            case SQRT:
                return "\\sqrt{" + render(e.argument(0), false) + "}";
            case EXP:
                return "\\exp\\left(" + render(e.argument(0), false) + "\\right)";
            case LOG:
                return "\\log\\left(" + render(e.argument(0), false) + "\\right)";
            case EXPM1:
            case LOG1P:
                return "\\operatorname{" + e.op().name().toLowerCase(java.util.Locale.ROOT) + "}\\left("
                        + render(e.argument(0), false) + "\\right)";
            case SIN:
            case COS:
            case TANH:
            case SINH:
            case COSH:
                return "\\" + e.op().name().toLowerCase(java.util.Locale.ROOT) + "\\left("
                        + render(e.argument(0), false) + "\\right)";
            case ATAN:
                return "\\arctan\\left(" + render(e.argument(0), false) + "\\right)";
            case ABS:
                return "\\left|" + render(e.argument(0), false) + "\\right|";
            case CEIL:
                return "\\left\\lceil " + render(e.argument(0), false) + " \\right\\rceil";
            case MIN:
            case MAX:
                return "\\" + e.op().name().toLowerCase(java.util.Locale.ROOT) + "\\left(" + render(e.argument(0), false)
                        + ", " + render(e.argument(1), false) + "\\right)";
            case SELECT:
                return "\\begin{cases} " + render(e.argument(2), false) + " & " + render(e.argument(0), false) + " "
                        + relation(e.comparison()) + " " + render(e.argument(1), false) + " \\\\ "
                        + render(e.argument(3), false) + " & \\text{otherwise} \\end{cases}";
            case ENTRY: {
                List<Expr> indices = e.arguments();
                boolean simple = indices.stream().allMatch(i -> i.op() == Op.VARIABLE && i.name().length() == 1
                        || i.isConstant() && i.value() >= 0 && i.value() < 10);
                StringBuilder sub = new StringBuilder();
                for (int i = 0; i < indices.size(); i++) {
                    if (i > 0 && !simple) {
                        sub.append(',');
                    }
                    sub.append(render(indices.get(i), false));
                }
                return subscripted(name(e.name()), sub.toString());
            }
            case INDEX_SUM:
            case INDEX_MAX:
                return (e.op() == Op.INDEX_SUM ? "\\sum_{" : "\\max_{") + e.name() + "=" + render(e.argument(0), false) + "}^{" + render(e.argument(1), false)
                        + "} " + wrapIf(e.argument(2), isSum(e.argument(2)));
            case CALL: {
                StringBuilder args = new StringBuilder();
                for (Expr a : e.arguments()) {
                    args.append(args.length() == 0 ? "" : ", ").append(render(a, false));
                }
                return "\\operatorname{" + e.name() + "}\\left(" + args + "\\right)";
            }
            default:
                throw new IllegalStateException("no LaTeX for " + e.op());
        }
    }

    private boolean isTemp(Expr e) {
        return layout != null && layout.nameOf(e) != null;
    }

    private boolean isSum(Expr e) {
        return !isTemp(e) && e.op() == Op.SUM;
    }

    private boolean isNegativeConstant(Expr e) {
        return e.isConstant() && e.value() < 0;
    }

    private String wrapIf(Expr e, boolean wrap) {
        String s = render(e, false);
        return wrap ? "\\left(" + s + "\\right)" : s;
    }

    private static String relation(Comparison c) {
        switch (c) {
            case LT:
                return "<";
            case LE:
                return "\\le";
            case EQ:
                return "=";
            case NE:
                return "\\ne";
            case GE:
                return "\\ge";
            default:
                return ">";
        }
    }

    /** {@code 1.0E-12} as {@code 10^{-12}}, {@code 2.5E-5} as {@code 2.5 \times 10^{-5}}. */
    static String number(double v) {
        String s = Numbers.text(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        String exponent = s.substring(e + 1);
        if (mantissa.equals("1.0")) {
            return "10^{" + exponent + "}";
        }
        if (mantissa.equals("-1.0")) {
            return "-10^{" + exponent + "}";
        }
        return mantissa + " \\times 10^{" + exponent + "}";
    }
}
