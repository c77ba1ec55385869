package io.github.eigengrad.generator.program;

import java.util.List;

/** One step of a {@link Program}. */
public sealed interface Statement permits Statement.Load, Statement.Let, Statement.Result, Statement.Optional {

    /** {@code name = array[offset + index]}: an input entry into a local of the element type. */
    record Load(String name, String array, int index) implements Statement {}

    /** {@code name = value}: a temporary, defined once. */
    record Let(String name, Value value) implements Statement {}

    /** An output of the program; where it goes (an array entry, a report) is the backend's. */
    record Result(String name, Value value) implements Statement {}

    /** Statements run only when the caller asks for {@code purpose} (the report of a pullback). */
    record Optional(String purpose, List<Statement> body) implements Statement {
        public Optional {
            body = List.copyOf(body);
        }
    }
}
