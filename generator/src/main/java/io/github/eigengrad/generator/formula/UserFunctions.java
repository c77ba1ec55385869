package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;

/**
 * What the generator derives from a user's spectral function (docs/math.md section 14), so
 * far: f and its derivatives f', f'', ... by reverse-mode differentiation, simplified, as a
 * formula every printer prints. The stable divided differences of a user's f are the next step.
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
}
