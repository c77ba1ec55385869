package io.github.eigengrad.generator.forward;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.program.Condition;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a straight-line program operation by operation, in the order it is to be evaluated:
 * the notation of numerics whose rounding is part of their definition (the closed-form
 * eigensolvers), where an expression's canonical form would reorder sums and products.
 */
final class ProgramWriter {
    private final ElementType element;

    /** A writer of a program in {@code element}. */
    ProgramWriter(ElementType element) {
        this.element = element;
    }

    private final List<Statement> statements = new ArrayList<>();

    static Value.Named named(String name) {
        return new Value.Named(name);
    }

    static Value c(double value) {
        return new Value.Constant(value);
    }

    static Value add(Value a, Value b) {
        return new Value.Binary(Value.Operator.ADD, a, b);
    }

    /** {@code a + b + c + ...}, left to right. */
    static Value sum(Value... terms) {
        Value s = terms[0];
        for (int i = 1; i < terms.length; i++) {
            s = add(s, terms[i]);
        }
        return s;
    }

    static Value sub(Value a, Value b) {
        return new Value.Binary(Value.Operator.SUBTRACT, a, b);
    }

    static Value mul(Value a, Value b) {
        return new Value.Binary(Value.Operator.MULTIPLY, a, b);
    }

    static Value div(Value a, Value b) {
        return new Value.Binary(Value.Operator.DIVIDE, a, b);
    }

    static Value neg(Value a) {
        return new Value.Negate(a);
    }

    static Value sqrt(Value a) {
        return new Value.Call(Intrinsic.SQRT, List.of(a));
    }

    static Value abs(Value a) {
        return new Value.Call(Intrinsic.ABS, List.of(a));
    }

    static Value max(Value a, Value b) {
        return new Value.Call(Intrinsic.MAX, List.of(a, b));
    }

    static Value min(Value a, Value b) {
        return new Value.Call(Intrinsic.MIN, List.of(a, b));
    }

    /** {@code x} with its sign flipped where {@code s}'s sign bit is set. */
    static Value flipSign(Value x, Value s) {
        return new Value.Call(Intrinsic.FLIP_SIGN, List.of(x, s));
    }

    /** {@code (a cmp b) ? then : otherwise}. */
    static Value select(Value a, Comparison cmp, Value b, Value then, Value otherwise) {
        return new Value.Select(cmp, a, b, then, otherwise);
    }

    /** {@code test ? then : otherwise}. */
    static Value choose(String test, Value then, Value otherwise) {
        return new Value.Choose(test, then, otherwise);
    }

    static Condition compare(Value a, Comparison cmp, Value b) {
        return new Condition.Compare(cmp, a, b);
    }

    static Condition not(Condition c) {
        return new Condition.Not(c);
    }

    /** A temporary; returns its name as a value. */
    Value.Named let(String name, Value value) {
        statements.add(new Statement.Let(name, value));
        return named(name);
    }

    /** A named test; returns its name. */
    String test(String name, Condition condition) {
        statements.add(new Statement.Test(name, condition));
        return name;
    }

    /** Leaves the program where {@code condition} holds. */
    void fallback(Condition condition) {
        statements.add(new Statement.Fallback(condition));
    }

    void result(String name, Value value) {
        statements.add(new Statement.Result(name, value));
    }

    Program build() {
        return new Program(element, statements);
    }
}
