package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Loop-invariant code motion for the innermost loops of a loop program: before a loop over
 * b whose body is straight-line, it names each row {@code E[p]} of an entry {@code E[p][b]}
 * the body reads, each largest subterm free of b, and each temporary free of b. The loop then
 * reads arrays from index 0 and scalars from locals, which the JIT vectorises and need not
 * reload after every store. Nothing leaves a select's branch (only the branch taken runs),
 * and every operation stays the same, so the results are the same to the bit.
 */
public final class LoopInvariants {
    private final UnaryOperator<String> newName;
    private final Supplier<String> newTemporary;
    private final Predicate<String> matrix;

    /**
     * @param newName a fresh name from a suggestion (the rows' names)
     * @param newTemporary a fresh temporary's name
     * @param matrix true for the arrays with two indices (whose rows may be named)
     */
    public LoopInvariants(UnaryOperator<String> newName, Supplier<String> newTemporary, Predicate<String> matrix) {
        this.newName = newName;
        this.newTemporary = newTemporary;
        this.matrix = matrix;
    }

    /** {@code statements} with the invariants of every innermost straight-line loop named before it. */
    public List<Statement> apply(List<Statement> statements) {
        return Statement.rewriteLoops(statements, loop -> straight(loop.body()) ? hoist(loop) : null);
    }

    /** Temporaries, stores and accumulations only. */
    private static boolean straight(List<Statement> body) {
        return body.stream().allMatch(s -> s instanceof Statement.Let || s instanceof Statement.Store
                || s instanceof Statement.Accumulate);
    }

    /** The loop, after the statements that name what it reads without changing. */
    private List<Statement> hoist(Statement.Loop loop) {
        String b = loop.index();
        Set<String> varying = new HashSet<>(Set.of(b));
        // a load from an array the loop writes may see an earlier iteration's store: it stays
        for (Statement s : loop.body()) {
            if (s instanceof Statement.Store store) {
                varying.add(store.target().array());
            } else if (s instanceof Statement.Accumulate add && add.target() instanceof Value.Entry e) {
                varying.add(e.array());
            }
        }
        Map<Value, String> rows = new HashMap<>();
        List<Statement> before = new ArrayList<>();
        List<Statement> inside = new ArrayList<>();
        for (Statement s : loop.body()) {
            if (s instanceof Statement.Let let) {
                if (depends(let.value(), varying)) {
                    inside.add(new Statement.Let(let.name(), hoist(let.value(), b, varying, rows, before)));
                    varying.add(let.name());
                } else {
                    before.add(let);
                }
            } else if (s instanceof Statement.Store store) {
                inside.add(new Statement.Store(store.target(), hoist(store.value(), b, varying, rows, before)));
            } else {
                Statement.Accumulate add = (Statement.Accumulate) s;
                inside.add(new Statement.Accumulate(add.target(), add.max(), hoist(add.value(), b, varying, rows,
                        before)));
            }
        }
        before.add(new Statement.Loop(b, loop.from(), loop.limit(), loop.inclusive(), inside));
        return before;
    }

    /**
     * {@code v} with what does not change with {@code index} named before the loop (into
     * {@code before}): rows of the entries {@code E[p][index]}, and the largest subterms free of it.
     */
    Value hoist(Value v, String index, Set<String> varying, Map<Value, String> rows, List<Statement> before) {
        if (v instanceof Value.Named || v instanceof Value.Constant) {
            return v;
        }
        if (!depends(v, varying)) {
            String t = newTemporary.get();
            before.add(new Statement.Let(t, v));
            return new Value.Named(t);
        }
        if (v instanceof Value.Entry e && e.indices().size() == 2 && matrix.test(e.array())
                && e.indices().get(1).equals(Expr.variable(index))
                && !e.indices().get(0).variableNames().contains(index)) {
            Value key = new Value.Entry(e.array(), List.of(e.indices().get(0)));
            String name = rows.get(key);
            if (name == null) {
                name = newName.apply(e.array() + "Row");
                before.add(new Statement.Row(name, e.array(), e.indices().get(0)));
                rows.put(key, name);
            }
            return new Value.Entry(name, List.of(Expr.variable(index)));
        }
        if (v instanceof Value.Select || v instanceof Value.Choose) {
            return v; // only the branch taken is evaluated: nothing leaves it
        }
        return map(v, x -> hoist(x, index, varying, rows, before));
    }

    /** {@code v} with each operand replaced by {@code f} of it, left to right. */
    static Value map(Value v, Function<Value, Value> f) {
        if (v instanceof Value.Negate n) {
            return new Value.Negate(f.apply(n.operand()));
        }
        if (v instanceof Value.Binary b) {
            Value left = f.apply(b.left());
            return new Value.Binary(b.operator(), left, f.apply(b.right()));
        }
        if (v instanceof Value.Call c) {
            List<Value> arguments = new ArrayList<>();
            for (Value a : c.arguments()) {
                arguments.add(f.apply(a));
            }
            return new Value.Call(c.function(), arguments);
        }
        if (v instanceof Value.Invoke c) {
            List<Value> arguments = new ArrayList<>();
            for (Value a : c.arguments()) {
                arguments.add(f.apply(a));
            }
            return new Value.Invoke(c.function(), arguments);
        }
        if (v instanceof Value.Choose c) {
            Value then = f.apply(c.then());
            return new Value.Choose(c.test(), then, f.apply(c.otherwise()));
        }
        if (v instanceof Value.Select s) {
            Value left = f.apply(s.left());
            Value right = f.apply(s.right());
            Value then = f.apply(s.then());
            return new Value.Select(s.comparison(), left, right, then, f.apply(s.otherwise()));
        }
        return v;
    }

    /**
     * True if {@code v} reads a name in {@code varying}: an index variable, a temporary of it,
     * or an array the loop writes.
     */
    static boolean depends(Value v, Set<String> varying) {
        if (v instanceof Value.Named n) {
            return varying.contains(n.name());
        }
        if (v instanceof Value.Entry e) {
            return varying.contains(e.array())
                    || e.indices().stream().anyMatch(i -> i.variableNames().stream().anyMatch(varying::contains));
        }
        boolean[] found = {false};
        map(v, x -> {
            found[0] |= depends(x, varying);
            return x;
        });
        return found[0];
    }
}
