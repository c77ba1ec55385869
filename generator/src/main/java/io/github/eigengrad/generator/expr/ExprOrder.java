package io.github.eigengrad.generator.expr;

import java.util.Comparator;

/**
 * The canonical total order of expressions: by node kind ({@link Op} declaration order), then
 * constant value, variable name, exponent, comparison, and arguments lexicographically. It
 * depends only on structure, never on hashes or allocation order, so sorted sums and products
 * (and everything printed or emitted from them) are the same on every run.
 */
public final class ExprOrder implements Comparator<Expr> {
    public static final ExprOrder INSTANCE = new ExprOrder();

    private ExprOrder() {}

    @Override
    public int compare(Expr a, Expr b) {
        if (a == b) {
            return 0;
        }
        int c = Integer.compare(a.op().ordinal(), b.op().ordinal());
        if (c != 0) {
            return c;
        }
        switch (a.op()) {
            case CONSTANT:
                return Double.compare(a.value(), b.value());
            case VARIABLE:
                return compareNames(a.name(), b.name());
            default:
                break;
        }
        c = Integer.compare(a.exponent(), b.exponent());
        if (c == 0 && a.comparison() != null) {
            c = a.comparison().compareTo(b.comparison());
        }
        if (c != 0) {
            return c;
        }
        int n = Math.min(a.arity(), b.arity());
        for (int i = 0; i < n; i++) {
            c = compare(a.argument(i), b.argument(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.arity(), b.arity());
    }

    /** Natural order of names, so v2 sorts before v10. */
    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
