package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Comparison;
import java.util.List;

/**
 * A value of a {@link Program}: an expression tree whose shape is the order of evaluation.
 * Every operation is binary or unary and happens exactly as written (no reassociation), so
 * two backends that print the same tree compute the same bits. Operands are named locals
 * (loads, parameters, earlier statements), constants, or inline subtrees.
 */
public sealed interface Value permits Value.Constant, Value.Named, Value.Negate, Value.Binary, Value.Call,
        Value.Select {

    /** A constant of the element type. */
    record Constant(double value) implements Value {}

    /** A value with a name in scope: a load, a parameter, a statement's result, a loop's entry. */
    record Named(String name) implements Value {}

    /** {@code -operand}. */
    record Negate(Value operand) implements Value {}

    /** {@code left op right}. */
    record Binary(Operator operator, Value left, Value right) implements Value {}

    /** A call of a {@link Function} (a math function or a runtime helper). */
    record Call(Function function, List<Value> arguments) implements Value {
        public Call {
            arguments = List.copyOf(arguments);
            if (arguments.size() != function.arity()) {
                throw new IllegalArgumentException(function + " takes " + function.arity() + " arguments, got "
                        + arguments.size());
            }
        }
    }

    /** {@code (left comparison right) ? then : otherwise}; only the branch taken is evaluated. */
    record Select(Comparison comparison, Value left, Value right, Value then, Value otherwise) implements Value {}

    /** The four arithmetic operators. */
    enum Operator {
        ADD("+"),
        SUBTRACT("-"),
        MULTIPLY("*"),
        DIVIDE("/");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** The infix symbol. */
        public String symbol() {
            return symbol;
        }

        /** True for * and /. */
        public boolean multiplicative() {
            return this == MULTIPLY || this == DIVIDE;
        }
    }
}
