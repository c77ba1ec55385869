package io.github.eigengrad.generator.expr;

import java.util.ArrayList;
import java.util.List;

/** Shared by the printers and emitters: the order in which a sum is written, and its minus signs. */
public final class Terms {
    private Terms() {}

    /**
     * The order in which a sum is printed: terms written with a plus sign first, then a positive
     * constant, then the terms written with a minus sign; otherwise canonical order. So
     * {@code n - 1} and {@code y + 1}, not {@code -1 + n} and {@code 1 + y}.
     */
    public static List<Expr> positiveFirst(List<Expr> terms) {
        List<Expr> out = new ArrayList<>(terms.size());
        for (int pass = 0; pass < 3; pass++) {
            for (Expr t : terms) {
                boolean negative = negativePart(t) != null;
                int group = negative ? 2 : t.isConstant() ? 1 : 0;
                if (group == pass) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * For a term printed as {@code - m}: m, if the term is a negation, a negative constant or a
     * product with a negative coefficient; null otherwise.
     */
    public static Expr negativePart(Expr term) {
        if (term.op() == Op.NEGATE) {
            return term.argument(0);
        }
        if (term.isConstant() && term.value() < 0) {
            return Expr.constant(-term.value());
        }
        if (term.op() == Op.PRODUCT && term.argument(0).isConstant() && term.argument(0).value() < 0) {
            List<Expr> factors = new ArrayList<>(term.arguments());
            factors.set(0, Expr.constant(-term.argument(0).value()));
            return Expr.product(factors);
        }
        return null;
    }
}
