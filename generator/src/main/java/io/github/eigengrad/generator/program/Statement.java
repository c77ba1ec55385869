package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import java.util.List;

/**
 * One step of a {@link Program}. Straight-line programs use loads, temporaries, results and
 * optional blocks; loop programs (general n) add loops over index variables, branches on
 * index comparisons, accumulators, stores into arrays and rows of arrays.
 */
public sealed interface Statement permits Statement.Load, Statement.Let, Statement.Result, Statement.Optional,
        Statement.Test, Statement.Fallback, Statement.Loop, Statement.Branch, Statement.If, Statement.Accumulator,
        Statement.Accumulate, Statement.Store, Statement.Row, Statement.Fill, Statement.Publish, Statement.Unrolled,
        Statement.Rows {

    /** {@code name = array[offset + index]}: an input entry into a local of the element type. */
    record Load(String name, String array, int index) implements Statement {}

    /** {@code name = value}: a temporary, defined once. */
    record Let(String name, Value value) implements Statement {}

    /** {@code name} is the truth of {@code condition}, for {@link Value.Choose} and later conditions. */
    record Test(String name, Condition condition) implements Statement {}

    /**
     * Where {@code condition} holds, the problem leaves this program for the backend's fallback
     * (a straight-line backend returns, a lane backend flags the lane); nothing is written for it.
     */
    record Fallback(Condition condition) implements Statement {}

    /** An output of the program; where it goes (an array entry, a report) is the backend's. */
    record Result(String name, Value value) implements Statement {}

    /** Statements run only when the caller asks for {@code purpose} (the report of a pullback). */
    record Optional(String purpose, List<Statement> body) implements Statement {
        public Optional {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code for index from from while index < limit (or <= limit when inclusive)}: the bounds
     * are index expressions; the body is run in order for each value.
     */
    record Loop(String index, Expr from, Expr limit, boolean inclusive, List<Statement> body) implements Statement {
        public Loop {
            body = List.copyOf(body);
        }
    }

    /**
     * A loop over {@code index} from {@code from} while {@code index < limit}, unrolled by
     * {@code factor}: {@code unrolled} runs for {@code index = from, from + factor, ...} while
     * {@code index + factor - 1 < limit} and stands for the bodies of {@code index} to
     * {@code index + factor - 1}; {@code rest} runs, as the plain body, for the indices left.
     */
    record Unrolled(String index, int factor, Expr from, Expr limit, List<Statement> unrolled, List<Statement> rest)
            implements Statement {
        public Unrolled {
            unrolled = List.copyOf(unrolled);
            rest = List.copyOf(rest);
        }

        /** From 0. */
        public Unrolled(String index, int factor, Expr limit, List<Statement> unrolled, List<Statement> rest) {
            this(index, factor, Expr.ZERO, limit, unrolled, rest);
        }
    }

    /**
     * A product's loop over the rows of its result (a {@link Loop} or {@link Unrolled} over the
     * row index from 0 to n, or a {@link Branch} between such loops), whose rows do not depend on
     * each other: a printer may run ranges of rows on different threads.
     */
    record Rows(Statement loop) implements Statement {}

    /** {@code if (left comparison right) then else otherwise}, on index expressions. */
    record Branch(Comparison comparison, Expr left, Expr right, List<Statement> then, List<Statement> otherwise)
            implements Statement {
        public Branch {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /**
     * {@code if (condition) then else otherwise} on values (loop programs): a select whose
     * branches hold reductions, so that only the branch taken runs its loops.
     */
    record If(Condition condition, List<Statement> then, List<Statement> otherwise) implements Statement {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** A mutable local {@code name}, starting at 0, for an {@link Accumulate}. */
    record Accumulator(String name) implements Statement {}

    /** {@code target += value}, or {@code target = max(target, value)}; the target a local or an entry. */
    record Accumulate(Value target, boolean max, Value value) implements Statement {}

    /** {@code target = value} into an array entry. */
    record Store(Value.Entry target, Value value) implements Statement {}

    /** {@code name} is row {@code index} of the two-index array {@code array}: its entries read as {@code name[j]}. */
    record Row(String name, String array, Expr index) implements Statement {}

    /** Every entry of the row {@code name} set to 0. */
    record Fill(String name) implements Statement {}

    /** The array {@code array}, an output of the program, is complete: the backend writes it out. */
    record Publish(String array) implements Statement {}

    /**
     * {@code statements} with each loop replaced by what {@code rewrite} makes of it; where it
     * gives null, the loop is kept and its body rewritten in turn, as are branches and
     * optional blocks (the one descent every transformation of a loop program shares).
     */
    static List<Statement> rewriteLoops(List<Statement> statements,
            java.util.function.Function<Loop, List<Statement>> rewrite) {
        List<Statement> out = new java.util.ArrayList<>();
        for (Statement s : statements) {
            if (s instanceof Loop loop) {
                List<Statement> rewritten = rewrite.apply(loop);
                out.addAll(rewritten != null ? rewritten : List.of(new Loop(loop.index(), loop.from(), loop.limit(),
                        loop.inclusive(), rewriteLoops(loop.body(), rewrite))));
            } else if (s instanceof Branch b) {
                out.add(new Branch(b.comparison(), b.left(), b.right(), rewriteLoops(b.then(), rewrite),
                        rewriteLoops(b.otherwise(), rewrite)));
            } else if (s instanceof If i) {
                out.add(new If(i.condition(), rewriteLoops(i.then(), rewrite), rewriteLoops(i.otherwise(), rewrite)));
            } else if (s instanceof Optional o) {
                out.add(new Optional(o.purpose(), rewriteLoops(o.body(), rewrite)));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
