package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Comparison;
import java.util.List;

/**
 * A value of a {@link Program}: an expression tree whose shape is the order of evaluation.
 * Every operation is binary or unary and happens exactly as written (no reassociation), so
 * two backends that print the same tree compute the same bits. Operands are named locals
 * (loads, parameters, earlier statements), constants, or inline subtrees.
 */
public sealed interface Value permits Value.Constant, Value.Named, Value.Entry, Value.Negate, Value.Binary,
        Value.Call, Value.Invoke, Value.Select, Value.Choose {

    /** A constant of the element type. */
    record Constant(double value) implements Value {}

    /** A value with a name in scope: a load, a parameter, a statement's result, a loop's entry. */
    record Named(String name) implements Value {}

    /**
     * Entry {@code indices} of an array (loop programs): an input, a workspace array of a
     * definition, or a row of one ({@link Statement.Row}). The indices are index expressions:
     * index variables, {@code n}, whole constants and their sums.
     */
    record Entry(String array, List<io.github.eigengrad.generator.expr.Expr> indices) implements Value {
        public Entry {
            indices = List.copyOf(indices);
        }
    }

    /** {@code -operand}. */
    record Negate(Value operand) implements Value {}

    /** {@code left op right}. */
    record Binary(Operator operator, Value left, Value right) implements Value {}

    /** A call of an {@link Intrinsic} (a math function or a runtime helper). */
    record Call(Intrinsic function, List<Value> arguments) implements Value {
        public Call {
            arguments = List.copyOf(arguments);
            if (arguments.size() != function.arity()) {
                throw new IllegalArgumentException(function + " takes " + function.arity() + " arguments, got "
                        + arguments.size());
            }
        }
    }

    /**
     * A call of the runtime's library function {@code function} (a
     * {@link io.github.eigengrad.generator.expr.LibraryFunction}, e.g. a second divided difference).
     */
    record Invoke(String function, List<Value> arguments) implements Value {
        public Invoke {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code (left comparison right) ? then : otherwise}; only the branch taken is evaluated. */
    record Select(Comparison comparison, Value left, Value right, Value then, Value otherwise) implements Value {}

    /** {@code test ? then : otherwise} on a named test (a lane backend blends by its mask). */
    record Choose(String test, Value then, Value otherwise) implements Value {}

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
