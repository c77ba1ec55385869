package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import java.util.List;
import java.util.Objects;

/**
 * A derived formula: named scalar outputs over named inputs, simplified, with the
 * matrix-level definition (index notation) it was built from, for printing. A general-n
 * formula ({@link #general}) has the definitions alone.
 *
 * @param id short name, e.g. {@code eq10}
 * @param title one line saying what it computes
 * @param size n, or {@link #GENERAL} for an index-notation formula
 * @param definitions the matrix-level equations in index notation (for people, and the
 *     general-n form the loop emitter lowers)
 * @param outputs the scalar outputs, in order
 */
public record Formula(String id, String title, int size, List<IndexDefinition> definitions, List<Output> outputs) {
    /** The size of a general-n formula. */
    public static final int GENERAL = -1;

    /** One named expression. */
    public record Output(String name, Expr expr) {
        public Output {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expr, "expr");
        }
    }

    public Formula {
        definitions = List.copyOf(definitions);
        outputs = List.copyOf(outputs);
    }

    /** A general-n formula: its index-notation definitions, no fixed-size outputs. */
    public static Formula general(String id, String title, List<IndexDefinition> definitions) {
        return new Formula(id, title, GENERAL, definitions, List.of());
    }

    public List<Expr> expressions() {
        return outputs.stream().map(Output::expr).toList();
    }

    /** The names of the variables the outputs read, in the canonical order of names. */
    public List<String> inputs() {
        java.util.TreeSet<String> variables = new java.util.TreeSet<>(io.github.eigengrad.generator.expr.ExprOrder::compareNames);
        for (Expr e : expressions()) {
            variables.addAll(e.variableNames());
        }
        return List.copyOf(variables);
    }

    public Expr output(String name) {
        for (Output o : outputs) {
            if (o.name().equals(name)) {
                return o.expr();
            }
        }
        throw new IllegalArgumentException("formula " + id + " has no output " + name);
    }
}
