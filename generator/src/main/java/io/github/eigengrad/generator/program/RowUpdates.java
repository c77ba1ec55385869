package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A loop-order transformation of a loop program. The plain lowering of a definition
 * {@code X[a][b] = sum_s t} is a dot product per entry:
 * <pre>for a: for b: { acc = 0; for s: acc += t; X[a][b] = acc }</pre>
 * Where the innermost index would then read more array entries contiguously (as their last
 * index) than s does, it becomes row updates:
 * <pre>for a: { XRow = X[a]; XRow[*] = 0; for s: { hoisted; for b: XRow[b] += t' } }</pre>
 * and likewise a vector {@code X[b] = sum_s t} ({@code X[*] = 0; for s: for b: X[b] += t'}).
 * Before the loop over b it names each row {@code E[p]} of an entry {@code E[p][b]} that t
 * reads, and each largest subterm of t free of b; the loop over b is then a row update over
 * arrays read from index 0, which the JIT vectorises. The loop over s is unrolled by four
 * ({@link Statement.Unrolled}): one pass reads and writes the row once for four terms. Every
 * entry receives the same additions in the same order as in the dot product, so the result is
 * the same to the bit.
 */
public final class RowUpdates {
    private final UnaryOperator<String> newName;
    private final Predicate<String> matrix;
    private final LoopInvariants invariants;

    /**
     * @param newName a fresh name from a suggestion (the rows' names)
     * @param newTemporary a fresh temporary's name
     * @param matrix true for the arrays with two indices (whose rows may be named)
     */
    public RowUpdates(UnaryOperator<String> newName, Supplier<String> newTemporary, Predicate<String> matrix) {
        this.newName = newName;
        this.matrix = matrix;
        this.invariants = new LoopInvariants(newName, newTemporary, matrix);
    }

    /** {@code statements} with every dot-product nest that reads better as row updates rewritten, at any depth. */
    public List<Statement> apply(List<Statement> statements) {
        return Statement.rewriteLoops(statements, this::rewrite);
    }

    /**
     * The dot-product nest {@code for a: for b: {acc; for s: {lets; acc += v}; X[a][b] = acc}},
     * or {@code for b: {...; X[b] = acc}} (a null), or null.
     */
    private record Nest(String a, String b, String s, String array, List<Statement> lets, Value term) {}

    private static Nest match(Statement.Loop outer) {
        if (!plainLoop(outer, false)) {
            return null;
        }
        Nest nest = outer.body().size() == 1 && outer.body().get(0) instanceof Statement.Loop inner
                ? match(outer.index(), inner) : null;
        return nest != null ? nest : match(null, outer);
    }

    private static Nest match(String a, Statement.Loop inner) {
        if (!plainLoop(inner, false) || inner.body().size() != 3
                || !(inner.body().get(0) instanceof Statement.Accumulator acc)
                || !(inner.body().get(1) instanceof Statement.Loop sum) || !plainLoop(sum, true)
                || !(inner.body().get(2) instanceof Statement.Store store)) {
            return null;
        }
        Value.Named total = new Value.Named(acc.name());
        List<Expr> indices = a == null ? List.of(Expr.variable(inner.index()))
                : List.of(Expr.variable(a), Expr.variable(inner.index()));
        if (!store.value().equals(total) || !store.target().indices().equals(indices)) {
            return null;
        }
        List<Statement> body = sum.body();
        List<Statement> lets = new ArrayList<>();
        for (int k = 0; k < body.size() - 1; k++) {
            if (!(body.get(k) instanceof Statement.Let)) {
                return null;
            }
            lets.add(body.get(k));
        }
        if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Statement.Accumulate add) || add.max()
                || !add.target().equals(total)) {
            return null;
        }
        return new Nest(a, inner.index(), sum.index(), store.target().array(), lets, add.value());
    }

    /** From 0 to n (exclusive) or to n - 1 (inclusive). */
    private static boolean plainLoop(Statement.Loop loop, boolean inclusive) {
        Expr n = Expr.variable("n");
        return loop.from().isConstant(0) && loop.inclusive() == inclusive
                && loop.limit().equals(inclusive ? n.minus(Expr.ONE) : n);
    }

    /** The nest as row updates, or null where it is not a dot-product nest or reads better as one. */
    private List<Statement> rewrite(Statement.Loop outer) {
        Nest nest = match(outer);
        if (nest == null || (nest.a() != null) != matrix.test(nest.array())) {
            return null;
        }
        List<Value> read = new ArrayList<>();
        for (Statement let : nest.lets()) {
            read.add(((Statement.Let) let).value());
        }
        read.add(nest.term());
        int dot = 0;
        int accumulate = 1; // the store X[a][b] is contiguous in b
        for (Value v : read) {
            dot += contiguity(v, nest.s());
            accumulate += contiguity(v, nest.b());
        }
        if (accumulate <= dot) {
            return null;
        }
        String row = nest.a() == null ? nest.array() : newName.apply(nest.array() + "Row");
        List<Statement> before = new ArrayList<>();
        List<Statement> inside = new ArrayList<>();
        Set<String> varying = new HashSet<>(Set.of(nest.b(), nest.array()));
        Map<Value, String> rows = new HashMap<>();
        List<Statement> lets = new ArrayList<>();
        for (Statement s : nest.lets()) {
            Statement.Let let = (Statement.Let) s;
            if (LoopInvariants.depends(let.value(), varying)) {
                lets.add(new Statement.Let(let.name(), invariants.hoist(let.value(), nest.b(), varying, rows, before)));
                varying.add(let.name());
            } else {
                before.add(let);
            }
        }
        Value term = invariants.hoist(nest.term(), nest.b(), varying, rows, before);
        inside.addAll(lets);
        inside.add(new Statement.Accumulate(new Value.Entry(row, List.of(Expr.variable(nest.b()))), false, term));
        List<Statement> overS = new ArrayList<>(before);
        overS.add(new Statement.Loop(nest.b(), Expr.ZERO, Expr.variable("n"), false, inside));
        Statement sum = lets.isEmpty() ? unrolled(nest.s(), nest.b(), row, before, term, overS) : null;
        if (sum == null) {
            sum = new Statement.Loop(nest.s(), Expr.ZERO, Expr.variable("n"), false, overS);
        }
        if (nest.a() == null) {
            return List.of(new Statement.Fill(row), sum);
        }
        return List.of(new Statement.Loop(nest.a(), Expr.ZERO, Expr.variable("n"), false, List.of(
                new Statement.Row(row, nest.array(), Expr.variable(nest.a())), new Statement.Fill(row), sum)));
    }

    /** How many values of s one pass of an unrolled row update adds. */
    static final int UNROLL = 4;

    /**
     * The loop over s of a row update unrolled by {@link #UNROLL}: the hoisted statements
     * repeated for s, s + 1, ... (renamed), and one update
     * {@code XRow[b] = XRow[b] + t(s) + t(s + 1) + ...}, which adds in the order of the plain
     * loop, so the result is the same to the bit; each value of b then reads and writes the row
     * once for four terms. {@code plain} serves the values of s left over. Null where a hoisted
     * statement is neither a temporary nor a row.
     */
    private Statement unrolled(String s, String b, String row, List<Statement> before, Value term,
            List<Statement> plain) {
        List<Statement> body = new ArrayList<>();
        Value.Entry target = new Value.Entry(row, List.of(Expr.variable(b)));
        Value sum = target;
        for (int u = 0; u < UNROLL; u++) {
            Map<String, Expr> shift = u == 0 ? Map.of() : Map.of(s, Expr.variable(s).plus(Expr.constant(u)));
            Map<String, String> renamed = new HashMap<>();
            for (Statement st : before) {
                if (st instanceof Statement.Let let) {
                    String name = u == 0 ? let.name() : newName.apply(let.name());
                    body.add(new Statement.Let(name, shifted(let.value(), shift, renamed)));
                    renamed.put(let.name(), name);
                } else if (st instanceof Statement.Row r) {
                    String name = u == 0 ? r.name() : newName.apply(r.name());
                    body.add(new Statement.Row(name, r.array(), r.index().substitute(shift)));
                    renamed.put(r.name(), name);
                } else {
                    return null;
                }
            }
            sum = new Value.Binary(Value.Operator.ADD, sum, shifted(term, shift, renamed));
        }
        body.add(new Statement.Loop(b, Expr.ZERO, Expr.variable("n"), false, List.of(new Statement.Store(target,
                sum))));
        return new Statement.Unrolled(s, UNROLL, Expr.variable("n"), body, plain);
    }

    /** {@code v} with the index variables of {@code shift} moved and the names of {@code renamed} replaced. */
    private static Value shifted(Value v, Map<String, Expr> shift, Map<String, String> renamed) {
        if (v instanceof Value.Named named) {
            return new Value.Named(renamed.getOrDefault(named.name(), named.name()));
        }
        if (v instanceof Value.Entry e) {
            List<Expr> indices = new ArrayList<>();
            for (Expr index : e.indices()) {
                indices.add(index.substitute(shift));
            }
            return new Value.Entry(renamed.getOrDefault(e.array(), e.array()), indices);
        }
        return LoopInvariants.map(v, x -> shifted(x, shift, renamed));
    }

    /** +1 for each entry read with {@code index} last (contiguous), -1 for each with it elsewhere. */
    static int contiguity(Value v, String index) {
        if (v instanceof Value.Entry e) {
            int score = 0;
            for (int i = 0; i < e.indices().size(); i++) {
                if (e.indices().get(i).variableNames().contains(index)) {
                    score += i == e.indices().size() - 1 ? 1 : -1;
                }
            }
            return score;
        }
        int[] score = {0};
        LoopInvariants.map(v, x -> {
            score[0] += contiguity(x, index);
            return x;
        });
        return score[0];
    }
}
