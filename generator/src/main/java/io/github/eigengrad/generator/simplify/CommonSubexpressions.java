package io.github.eigengrad.generator.simplify;

import io.github.eigengrad.generator.expr.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Common-subexpression elimination over a hash-consed DAG: a non-leaf node used more than
 * once (by other nodes or as an output) becomes a temporary. Temporaries are listed in
 * topological order (every temporary after the temporaries it uses), deterministically: the
 * depth-first post-order of the outputs and their arguments.
 */
public final class CommonSubexpressions {
    private final List<Expr> temporaries;
    private final List<Expr> outputs;
    private final Set<Expr> temporarySet;

    private CommonSubexpressions(List<Expr> temporaries, List<Expr> outputs) {
        this.temporaries = List.copyOf(temporaries);
        this.outputs = List.copyOf(outputs);
        this.temporarySet = Collections.newSetFromMap(new IdentityHashMap<>());
        this.temporarySet.addAll(temporaries);
    }

    public static CommonSubexpressions of(List<Expr> outputs) {
        return of(outputs, Set.of());
    }

    /**
     * As {@link #of(List)}, and every node in {@code forced} that occurs becomes a temporary
     * even if used once (an emitter writes {@code x^2} as {@code x * x}, so x must be named).
     */
    public static CommonSubexpressions of(List<Expr> outputs, Set<Expr> forced) {
        Map<Expr, Integer> uses = new IdentityHashMap<>();
        for (Expr e : outputs) {
            count(e, uses);
        }
        List<Expr> order = new ArrayList<>();
        Set<Expr> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expr e : outputs) {
            place(e, uses, forced, placed, order);
        }
        return new CommonSubexpressions(order, outputs);
    }

    private static void count(Expr e, Map<Expr, Integer> uses) {
        if (uses.merge(e, 1, Integer::sum) == 1) {
            for (Expr a : e.arguments()) {
                count(a, uses);
            }
        }
    }

    private static void place(Expr e, Map<Expr, Integer> uses, Set<Expr> forced, Set<Expr> placed, List<Expr> order) {
        if (!placed.add(e)) {
            return;
        }
        for (Expr a : e.arguments()) {
            place(a, uses, forced, placed, order);
        }
        if (e.arity() > 0 && (uses.get(e) > 1 || forced.contains(e))) {
            order.add(e);
        }
    }

    /** The shared subexpressions, in evaluation order. */
    public List<Expr> temporaries() {
        return temporaries;
    }

    /** The outputs, unchanged; printers refer to temporaries inside them by identity. */
    public List<Expr> outputs() {
        return outputs;
    }

    public boolean isTemporary(Expr e) {
        return temporarySet.contains(e);
    }
}
