package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the generator derives from a user's spectral function (docs/math.md section 14), so
 * far: f and its derivatives f', f'', ... by reverse-mode differentiation, simplified, as a
 * formula every printer prints; and f[1] in its two regimes. The generated classes of a user's
 * function are emitted by {@code UserFunctionEmitter}.
 */
public final class UserFunctions {
    /** The most derivatives {@link #derivatives} gives (each may be several times the size of the last). */
    public static final int MAX_DERIVATIVES = 8;

    private UserFunctions() {}

    /**
     * f and its first {@code count} derivatives, outputs {@code f}, {@code f1}, ..., each
     * differentiated from the last and simplified.
     *
     * @param f the parsed function
     * @param count how many derivatives, 0 to {@link #MAX_DERIVATIVES}
     * @return the formula
     */
    public static Formula derivatives(SpectralFunction f, int count) {
        if (count < 0 || count > MAX_DERIVATIVES) {
            throw new IllegalArgumentException("derivatives: give 0 to " + MAX_DERIVATIVES + ", got " + count);
        }
        List<Formula.Output> outputs = new ArrayList<>();
        Expr d = Simplifier.simplify(f.f());
        outputs.add(new Formula.Output("f", d));
        for (int k = 1; k <= count; k++) {
            Expr next = ReverseMode.gradient(d, List.of(ExpressionParser.X)).get(ExpressionParser.X);
            d = next == null ? Expr.ZERO : Simplifier.simplify(next);
            outputs.add(new Formula.Output("f" + k, d));
        }
        String parameters = f.parameters().isEmpty() ? "" : " with parameters " + String.join(", ", f.parameters());
        return new Formula("function", "f(x) = " + f.text().strip() + parameters + " and its first " + count
                + " derivative" + (count == 1 ? "" : "s"), 1, List.of(), outputs);
    }

    /** The terms of the midpoint series that {@link #dividedDifference} prints (the runtime sums to h^24). */
    public static final int PRINTED_SERIES_TERMS = 3;

    /**
     * f[1] of a user's f in its two regimes (docs/math.md section 14): {@code closed}, {@code
     * (f(a) - f(b)) / (a - b)} away from ties, and {@code series}, the midpoint expansion
     * {@code sum_j f^(2j+1)(m) / (2j+1)! h^(2j)} in {@code m = (a + b)/2}, {@code h = (a - b)/2},
     * printed to its first {@link #PRINTED_SERIES_TERMS} terms.
     *
     * @param f the parsed function
     * @return the formula, outputs {@code closed} and {@code series}
     */
    public static Formula dividedDifference(SpectralFunction f) {
        Expr fx = Simplifier.simplify(f.f());
        Expr a = Expr.variable("a");
        Expr b = Expr.variable("b");
        Expr closed = Expr.quotient(Expr.difference(fx.substitute(Map.of(ExpressionParser.X, a)),
                fx.substitute(Map.of(ExpressionParser.X, b))), Expr.difference(a, b));
        List<Expr> terms = new ArrayList<>();
        Expr d = fx;
        double factorial = 1;
        for (int k = 1; k <= 2 * PRINTED_SERIES_TERMS - 1; k++) {
            Expr next = ReverseMode.gradient(d, List.of(ExpressionParser.X)).get(ExpressionParser.X);
            d = next == null ? Expr.ZERO : Simplifier.simplify(next);
            factorial *= k;
            if (k % 2 == 1) {
                terms.add(Expr.product(Expr.constant(1 / factorial), d.substitute(Map.of(ExpressionParser.X,
                        Expr.variable("m"))), Expr.power(Expr.variable("h"), k - 1)));
            }
        }
        return new Formula("function-difference", "f[1](a, b) of f(x) = " + f.text().strip() + ": the closed form apart "
                + "from ties, the midpoint series (m = (a + b)/2, h = (a - b)/2; first " + PRINTED_SERIES_TERMS
                + " terms of " + (1 + SERIES_ORDER / 2)
                + ") near them", 1, List.of(), List.of(new Formula.Output("closed", closed),
                        new Formula.Output("series", Expr.sum(terms))));
    }

    /** The order of the runtime's midpoint series of f[1] (its {@code SpectralDifferences.ORDER}). */
    public static final int SERIES_ORDER = 25;
}
