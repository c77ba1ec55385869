package io.github.eigengrad.generator.expr;

import java.util.IdentityHashMap;
import java.util.Map;

/** {@link Expr#toString}: debugging text, linear in the size of the DAG. */
final class ExprText {
    private ExprText() {}

    /** {@link Expr#toString}: a tree while small, each distinct node once beyond {@link #TREE_LIMIT}. */
    static String of(Expr e) {
        if (treeSize(e, new IdentityHashMap<>()) <= TREE_LIMIT) {
            StringBuilder b = new StringBuilder();
            tree(e, b, null);
            return b.toString();
        }
        Map<Expr, String> ids = new IdentityHashMap<>();
        StringBuilder b = new StringBuilder();
        dag(e, ids, b);
        return b.append(ids.get(e)).toString();
    }

    /** Beyond this many tree nodes, {@link Expr#toString} prints the DAG. */
    static final int TREE_LIMIT = 2000;

    /** The number of nodes of the expression as a tree, saturating just above {@link #TREE_LIMIT}. */
    private static long treeSize(Expr e, Map<Expr, Long> memo) {
        Long known = memo.get(e);
        if (known != null) {
            return known;
        }
        long size = 1;
        for (Expr a : e.arguments()) {
            size = Math.min(TREE_LIMIT + 1L, size + treeSize(a, memo));
        }
        memo.put(e, size);
        return size;
    }

    /** Every distinct non-leaf node once, arguments first: {@code #k = op(#i, x, 2.0); }. */
    private static void dag(Expr e, Map<Expr, String> ids, StringBuilder b) {
        if (ids.containsKey(e)) {
            return;
        }
        if (e.arity() == 0) {
            StringBuilder leaf = new StringBuilder();
            tree(e, leaf, null);
            ids.put(e, leaf.toString());
            return;
        }
        for (Expr a : e.arguments()) {
            dag(a, ids, b);
        }
        String id = "#" + ids.size();
        b.append(id).append(" = ");
        tree(e, b, ids);
        b.append("; ");
        ids.put(e, id);
    }

    /** This node as text; its arguments by their ids when {@code ids} is given, else as trees. */
    private static void tree(Expr e, StringBuilder b, Map<Expr, String> ids) {
        switch (e.op()) {
            case CONSTANT -> b.append(e.value());
            case VARIABLE -> b.append(e.name());
            case SUM -> join(e, b, " + ", ids);
            case PRODUCT -> join(e, b, " * ", ids);
            case NEGATE -> {
                b.append("-(");
                arg(e, 0, b, ids);
                b.append(')');
            }
            case QUOTIENT -> {
                b.append('(');
                arg(e, 0, b, ids);
                b.append(") / (");
                arg(e, 1, b, ids);
                b.append(')');
            }
            case POWER -> {
                b.append('(');
                arg(e, 0, b, ids);
                b.append(")^").append(e.exponent());
            }
            case ENTRY -> {
                b.append(e.name());
                for (int i = 0; i < e.arity(); i++) {
                    b.append('[');
                    arg(e, i, b, ids);
                    b.append(']');
                }
            }
            case INDEX_SUM, INDEX_MAX -> {
                b.append(e.op() == Op.INDEX_SUM ? "sum(" : "max(").append(e.name()).append(" = ");
                arg(e, 0, b, ids);
                b.append(" .. ");
                arg(e, 1, b, ids);
                b.append(": ");
                arg(e, 2, b, ids);
                b.append(')');
            }
            case SELECT -> {
                b.append("((");
                arg(e, 0, b, ids);
                b.append(") ").append(e.comparison().symbol()).append(" (");
                arg(e, 1, b, ids);
                b.append(") ? ");
                arg(e, 2, b, ids);
                b.append(" : ");
                arg(e, 3, b, ids);
                b.append(')');
            }
            default -> {
                b.append(e.op() == Op.CALL ? e.name() : e.op().name().toLowerCase(java.util.Locale.ROOT));
                join(e, b, ", ", ids);
            }
        }
    }

    private static void arg(Expr e, int i, StringBuilder b, Map<Expr, String> ids) {
        if (ids != null) {
            b.append(ids.get(e.argument(i)));
        } else {
            tree(e.argument(i), b, null);
        }
    }

    private static void join(Expr e, StringBuilder b, String separator, Map<Expr, String> ids) {
        b.append('(');
        for (int i = 0; i < e.arity(); i++) {
            if (i > 0) {
                b.append(separator);
            }
            arg(e, i, b, ids);
        }
        b.append(')');
    }
}
