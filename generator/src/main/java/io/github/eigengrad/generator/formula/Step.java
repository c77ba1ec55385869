package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import java.util.List;

/**
 * A step of an index-notation procedure: what a formula needs beyond a list of definitions
 * when it iterates (the top-k complement series, docs/math.md section 6). A definition's
 * indices run from 0 to n - 1, except those an enclosing {@link Repeat} binds.
 */
public sealed interface Step permits Step.Define, Step.Add, Step.Repeat, Step.When {

    /** {@code array[indices] = body}. */
    record Define(IndexDefinition definition) implements Step {}

    /** {@code array[indices] += body}: the body is summed first, then added. */
    record Add(IndexDefinition definition) implements Step {}

    /** The steps in order for each {@code index} from {@code lower} to {@code upper} (inclusive). */
    record Repeat(String index, Expr lower, Expr upper, List<Step> body) implements Step {
        public Repeat {
            body = List.copyOf(body);
        }
    }

    /** The steps when {@code left comparison right} holds (index expressions). */
    record When(Comparison comparison, Expr left, Expr right, List<Step> body) implements Step {
        public When {
            body = List.copyOf(body);
        }
    }

    static Step define(String array, Expr body, String... indices) {
        return new Define(IndexDefinition.of(array, body, indices));
    }
}
