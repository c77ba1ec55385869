package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Comparison;

/** A truth value of a program: a comparison, a named test, or their negation. */
public sealed interface Condition permits Condition.Compare, Condition.Tested, Condition.Not {

    /** {@code left comparison right}, IEEE (false when an operand is NaN, but for NE). */
    record Compare(Comparison comparison, Value left, Value right) implements Condition {}

    /** A test named by a {@link Statement.Test}. */
    record Tested(String name) implements Condition {}

    /** The negation of {@code condition}: {@code !(p2 > tiny)} holds for NaN too. */
    record Not(Condition condition) implements Condition {}
}
