package io.github.eigengrad.generator.parse;

import io.github.eigengrad.generator.expr.Expr;
import java.util.List;
import java.util.Map;

/**
 * Where a user's function is defined (docs/math.md section 14): the declared interval of x
 * (bounds open unless closed; null for none) and the conditions the expression implies: every
 * argument of log (> 0), log1p (> -1) and sqrt (> 0, where its derivative is finite), every
 * base of a non-integer power (> 0), every divisor (not 0). {@link #check} names the eigenvalue
 * that leaves it and the condition it breaks.
 */
public record Domain(Double low, boolean lowClosed, Double high, boolean highClosed, List<Condition> conditions) {
    public Domain {
        conditions = List.copyOf(conditions);
    }

    /** What an argument must satisfy. */
    public enum Kind {
        POSITIVE("> 0"), ABOVE_MINUS_ONE("> -1"), NONZERO("!= 0");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The condition as text, e.g. {@code > 0}. */
        public String text() {
            return text;
        }

        /** Whether {@code v} satisfies the condition. */
        public boolean holds(double v) {
            return switch (this) {
                case POSITIVE -> v > 0;
                case ABOVE_MINUS_ONE -> v > -1;
                case NONZERO -> v != 0 && !Double.isNaN(v);
            };
        }
    }

    /**
     * One implied condition: {@code argument} (an expression in x) must satisfy {@code kind},
     * found as the argument of {@code where} (e.g. "log") at column {@code column}.
     */
    public record Condition(Expr argument, Kind kind, String where, int column) {}

    /**
     * Fails with an {@link IllegalArgumentException} naming eigenvalue {@code index} if x is
     * outside the declared interval or breaks an implied condition, for the parameters'
     * {@code values}.
     *
     * @param index which eigenvalue x is (for the message)
     * @param x the eigenvalue
     * @param values the parameters' values
     */
    public void check(int index, double x, Map<String, Double> values) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("eigenvalue " + index + " is " + x);
        }
        if (low != null && !(lowClosed ? x >= low : x > low) || high != null && !(highClosed ? x <= high : x < high)) {
            throw new IllegalArgumentException("eigenvalue " + index + " = " + x + " is outside the declared domain "
                    + describe());
        }
        for (Condition c : conditions) {
            double v = c.argument().evaluate(name -> name.equals(ExpressionParser.X) ? x : values.get(name));
            if (!c.kind().holds(v)) {
                throw new IllegalArgumentException("eigenvalue " + index + " = " + x + " is outside the domain: the "
                        + c.where() + " at column " + c.column() + " needs " + c.argument() + " " + c.kind().text
                        + ", which is " + v);
            }
        }
    }

    /** The declared interval, e.g. {@code (0, inf)} or {@code [0, 1]}. */
    public String describe() {
        return (low == null ? "(-inf" : (lowClosed ? "[" : "(") + low) + ", "
                + (high == null ? "inf)" : high + (highClosed ? "]" : ")"));
    }
}
