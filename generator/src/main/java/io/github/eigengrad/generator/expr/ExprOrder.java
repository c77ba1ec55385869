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
        if (a.op() == Op.CONSTANT) {
            return Double.compare(a.value(), b.value());
        }
        if (a.name() != null) {
            c = compareNames(a.name(), b.name());
            if (c != 0) {
                return c;
            }
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

    /** Natural order of names, so v2 sorts before v10; names that differ only in leading zeros fall back to String order. */
    public static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                while (i < a.length() - 1 && a.charAt(i) == '0' && isDigit(a.charAt(i + 1))) {
                    i++;
                }
                while (j < b.length() - 1 && b.charAt(j) == '0' && isDigit(b.charAt(j + 1))) {
                    j++;
                }
                int ei = i;
                int ej = j;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = Integer.compare(ei - i, ej - j);
                for (int k = 0; c == 0 && k < ei - i; k++) {
                    c = Character.compare(a.charAt(i + k), b.charAt(j + k));
                }
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
