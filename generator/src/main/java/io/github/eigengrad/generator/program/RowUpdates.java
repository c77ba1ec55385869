package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Comparison;
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
    private final int tileFrom;

    /**
     * @param newName a fresh name from a suggestion (the rows' names)
     * @param newTemporary a fresh temporary's name
     * @param matrix true for the arrays with two indices (whose rows may be named)
     */
    public RowUpdates(UnaryOperator<String> newName, Supplier<String> newTemporary, Predicate<String> matrix) {
        this(newName, newTemporary, matrix, TILE_FROM);
    }

    /**
     * As above, two rows at a time from n = {@code tileFrom} on: {@link Integer#MAX_VALUE} for
     * never (a method whose code would pass HotSpot's size limit), a small n for tests.
     */
    public RowUpdates(UnaryOperator<String> newName, Supplier<String> newTemporary, Predicate<String> matrix, int tileFrom) {
        this.newName = newName;
        this.matrix = matrix;
        this.invariants = new LoopInvariants(newName, newTemporary, matrix);
        this.tileFrom = tileFrom;
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
        List<Statement> single = List.of(new Statement.Row(row, nest.array(), Expr.variable(nest.a())),
                new Statement.Fill(row), sum);
        Statement rowByRow = new Statement.Loop(nest.a(), Expr.ZERO, Expr.variable("n"), false, single);
        Statement tiled = sum instanceof Statement.Unrolled && tileFrom != Integer.MAX_VALUE
                ? tiled(nest, row, before, term, single) : null;
        if (tiled == null) {
            return List.of(rowByRow);
        }
        return List.of(new Statement.Branch(Comparison.GE, Expr.variable("n"), Expr.constant(tileFrom), List.of(tiled),
                List.of(rowByRow)));
    }

    /** From this n on, the row updates of a matrix run two rows at a time ({@link #tiled}). */
    public static final int TILE_FROM = 128;

    /**
     * Rows a and a + 1 updated together: each pass over b reads the four rows of the terms once
     * for both ({@code XRow[b] = XRow[b] + t(a, s) + ...}, {@code XRow2[b] = XRow2[b] + t(a + 1, s) + ...}),
     * each entry still summed in the plain loop's order, so the result is the same to the bit;
     * {@code single} serves the row left over. Beyond about 100 columns this pays (a 256^3
     * product 1.9 to 1.5 ms, outside JMH); at 64 it did not, hence {@link #TILE_FROM}.
     */
    private Statement tiled(Nest nest, String row, List<Statement> before, Value term, List<Statement> single) {
        String a = nest.a();
        String s = nest.s();
        String b = nest.b();
        String row2 = newName.apply(nest.array() + "Row");
        Expr next = Expr.variable(a).plus(Expr.ONE);
        Value.Entry target = new Value.Entry(row, List.of(Expr.variable(b)));
        Value.Entry target2 = new Value.Entry(row2, List.of(Expr.variable(b)));
        List<Statement> four = new ArrayList<>();
        Value sum = target;
        Value sum2 = target2;
        for (int u = 0; u < UNROLL; u++) {
            Expr at = u == 0 ? Expr.variable(s) : Expr.variable(s).plus(Expr.constant(u));
            Copy first = copy(before, term, u == 0 ? Map.of() : Map.of(s, at), u == 0);
            Copy second = first == null ? null : nextRow(before, term, Map.of(s, at, a, next), first, a);
            if (first == null || second == null) {
                return null;
            }
            four.addAll(first.statements());
            four.addAll(second.statements());
            sum = new Value.Binary(Value.Operator.ADD, sum, first.term());
            sum2 = new Value.Binary(Value.Operator.ADD, sum2, second.term());
        }
        // the rows of the terms are read into locals before either store: the JIT cannot know
        // that the stores leave them unchanged, and would read them twice and not vectorise
        Map<Value, String> reads = new java.util.LinkedHashMap<>();
        Value local = localized(sum, Set.of(target, target2), reads);
        Value local2 = localized(sum2, Set.of(target, target2), reads);
        List<Statement> inner = new ArrayList<>();
        reads.forEach((entry, name) -> inner.add(new Statement.Let(name, entry)));
        inner.add(new Statement.Store(target, local));
        inner.add(new Statement.Store(target2, local2));
        four.add(new Statement.Loop(b, Expr.ZERO, Expr.variable("n"), false, inner));
        Copy first = copy(before, term, Map.of(), true);
        Copy second = nextRow(before, term, Map.of(a, next), first, a);
        List<Statement> rest = new ArrayList<>(first.statements());
        rest.addAll(second.statements());
        rest.add(new Statement.Loop(b, Expr.ZERO, Expr.variable("n"), false, List.of(
                new Statement.Accumulate(target, false, first.term()), new Statement.Accumulate(target2, false,
                        second.term()))));
        List<Statement> pair = List.of(new Statement.Row(row, nest.array(), Expr.variable(a)),
                new Statement.Row(row2, nest.array(), next), new Statement.Fill(row), new Statement.Fill(row2),
                new Statement.Unrolled(s, UNROLL, Expr.variable("n"), four, rest));
        return new Statement.Unrolled(a, 2, Expr.variable("n"), pair, single);
    }

    /** {@code v} with each entry it reads but {@code targets} named by a local in {@code reads}. */
    private Value localized(Value v, Set<Value.Entry> targets, Map<Value, String> reads) {
        if (v instanceof Value.Entry e && !targets.contains(e)) {
            return new Value.Named(reads.computeIfAbsent(e, k -> newName.apply("x")));
        }
        return LoopInvariants.map(v, x -> localized(x, targets, reads));
    }

    /** The hoisted statements and the term for indices moved by {@code shift}. */
    private record Copy(List<Statement> statements, Value term, Map<String, String> renamed) {}

    /**
     * {@code before} and {@code term} with the index variables of {@code shift} moved, their
     * names kept ({@code keep}) or fresh; null where a hoisted statement is neither a temporary
     * nor a row.
     */
    private Copy copy(List<Statement> before, Value term, Map<String, Expr> shift, boolean keep) {
        List<Statement> out = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        for (Statement st : before) {
            if (st instanceof Statement.Let let) {
                String name = keep ? let.name() : newName.apply(let.name());
                out.add(new Statement.Let(name, shifted(let.value(), shift, renamed)));
                renamed.put(let.name(), name);
            } else if (st instanceof Statement.Row r) {
                String name = keep ? r.name() : newName.apply(r.name());
                out.add(new Statement.Row(name, r.array(), r.index().substitute(shift)));
                renamed.put(r.name(), name);
            } else {
                return null;
            }
        }
        return new Copy(out, shifted(term, shift, renamed), renamed);
    }

    /**
     * The hoisted statements and the term for row a + 1 ({@code shift} moves a and s): the
     * statements that do not depend on a are those of {@code first} (the same row of the terms,
     * read once for both rows), the others are copied with fresh names.
     */
    private Copy nextRow(List<Statement> before, Value term, Map<String, Expr> shift, Copy first, String a) {
        List<Statement> out = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        Set<String> varying = new HashSet<>(Set.of(a));
        for (Statement st : before) {
            String name;
            boolean depends;
            if (st instanceof Statement.Let let) {
                name = let.name();
                depends = LoopInvariants.depends(let.value(), varying);
                if (depends) {
                    String fresh = newName.apply(name);
                    out.add(new Statement.Let(fresh, shifted(let.value(), shift, renamed)));
                    renamed.put(name, fresh);
                }
            } else if (st instanceof Statement.Row r) {
                name = r.name();
                depends = r.index().variableNames().contains(a);
                if (depends) {
                    String fresh = newName.apply(name);
                    out.add(new Statement.Row(fresh, r.array(), r.index().substitute(shift)));
                    renamed.put(name, fresh);
                }
            } else {
                return null;
            }
            if (depends) {
                varying.add(name);
            } else {
                renamed.put(name, first.renamed().getOrDefault(name, name));
            }
        }
        return new Copy(out, shifted(term, shift, renamed), renamed);
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
            Copy c = copy(before, term, u == 0 ? Map.of() : Map.of(s, Expr.variable(s).plus(Expr.constant(u))), u == 0);
            if (c == null) {
                return null;
            }
            body.addAll(c.statements());
            sum = new Value.Binary(Value.Operator.ADD, sum, c.term());
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
