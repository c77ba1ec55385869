package io.github.eigengrad.generator.parse;

import io.github.eigengrad.generator.expr.Expr;
import java.util.List;
import java.util.Map;

/**
 * A user's scalar function f of x, parsed (docs/math.md section 14): its expression (the
 * parameters as variables, so generated code takes them as arguments), the parameters with
 * their values, in the order they first appear, and the domain the expression implies.
 *
 * @param text the expression as the user wrote it
 * @param f f(x), simplified only by the constant folding of the IR
 * @param parameters the names of the parameters, in order of first use
 * @param values the value of each parameter
 * @param domain the conditions on x under which f and its derivatives are finite
 */
public record SpectralFunction(String text, Expr f, List<String> parameters, Map<String, Double> values,
        Domain domain) {
    public SpectralFunction {
        parameters = List.copyOf(parameters);
        values = Map.copyOf(values);
    }

    /** f at x with the parameters' values. */
    public double valueAt(double x) {
        return f.evaluate(name -> name.equals(ExpressionParser.X) ? x : values.get(name));
    }
}
