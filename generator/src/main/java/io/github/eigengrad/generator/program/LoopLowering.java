package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.formula.Step;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Lowers the index-notation definitions of a general-n formula to a loop program, plainly:
 * an indexed definition becomes loops over all its indices (0 to n - 1) around a store, a
 * scalar one a temporary; each index sum or maximum becomes an accumulator and a loop; a
 * select on index variables alone (a triangle of a matrix) a branch, so the half never read
 * costs nothing; every loop body gets its own common-subexpression elimination, with names
 * scoped to their block. Better loop orders are transformations of the result ({@link RowUpdates}).
 */
public final class LoopLowering {
    /** The index variables of the definitions and the size: int arithmetic, never a double temporary. */
    public static final Set<String> INDEX_VARIABLES = Set.of("i", "j", "k", "l", "m", "t", "n");

    private final UnaryOperator<String> newName;
    private final Set<String> indexVariables;
    private final Map<Expr, String> names = new IdentityHashMap<>();
    /** The indices of the enclosing repeats: a definition does not loop over them. */
    private final Set<String> bound = new java.util.HashSet<>();
    private int temporaries;
    private int accumulators;

    /** @param newName the backend's allocator: a fresh name from a suggestion */
    public LoopLowering(UnaryOperator<String> newName) {
        this(newName, INDEX_VARIABLES);
    }

    /** @param indexVariables the variables that are int arithmetic (indices and counts) */
    public LoopLowering(UnaryOperator<String> newName, Set<String> indexVariables) {
        this.newName = newName;
        this.indexVariables = Set.copyOf(indexVariables);
    }

    /** The statements of a procedure (definitions, additions, repeats, conditions). */
    public List<Statement> lower(List<Step> steps) {
        List<Statement> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Step.Define d) {
                out.addAll(define(d.definition(), false));
            } else if (step instanceof Step.Add add) {
                out.addAll(define(add.definition(), true));
            } else if (step instanceof Step.Repeat repeat) {
                Set<Expr> scope = openScope();
                bound.add(repeat.index());
                List<Statement> body = lower(repeat.body());
                bound.remove(repeat.index());
                closeScope(scope);
                out.add(new Statement.Loop(repeat.index(), repeat.lower(), repeat.upper(), true, body));
            } else {
                Step.When when = (Step.When) step;
                Set<Expr> scope = openScope();
                List<Statement> body = lower(when.body());
                closeScope(scope);
                out.add(new Statement.Branch(when.comparison(), when.left(), when.right(), body, List.of()));
            }
        }
        return out;
    }

    /** {@code e} (a parameter, n) is known by {@code name}. */
    public void name(Expr e, String name) {
        names.put(e, name);
    }

    /** The local that holds scalar definition {@code array}. */
    public String scalar(String array) {
        String name = names.get(Expr.variable(array));
        if (name == null) {
            throw new IllegalArgumentException("no scalar definition " + array);
        }
        return name;
    }

    /** The statements of one definition. */
    public List<Statement> define(IndexDefinition d) {
        return define(d, false);
    }

    /** {@code add}: the definition's value is added to the array's entries. */
    private List<Statement> define(IndexDefinition d, boolean add) {
        List<Statement> out = new ArrayList<>();
        Expr body = Simplifier.simplify(d.body());
        if (d.indices().isEmpty()) {
            String local = newName.apply(d.array());
            Set<Expr> scope = openScope();
            Expr value = lowerReductions(body, out);
            temporaries(value, out);
            out.add(new Statement.Let(local, lowering().lower(value, false)));
            closeScope(scope);
            names.put(Expr.variable(d.array()), local);
            return out;
        }
        List<Expr> indices = d.indices().stream().map(Expr::variable).toList();
        List<Statement> inner = new ArrayList<>();
        assign(new Value.Entry(d.array(), indices), body, add, inner);
        for (int k = d.indices().size() - 1; k >= 0; k--) {
            if (!bound.contains(d.indices().get(k))) {
                inner = List.of(new Statement.Loop(d.indices().get(k), Expr.ZERO, Expr.variable("n"), false, inner));
            }
        }
        out.addAll(inner);
        return out;
    }

    /** {@code target = value} (or {@code +=}); a select on index variables alone is a branch. */
    private void assign(Value.Entry target, Expr value, boolean add, List<Statement> out) {
        if (value.op() == Op.SELECT && isIndexExpression(value.argument(0)) && isIndexExpression(value.argument(1))) {
            List<Statement> then = new ArrayList<>();
            List<Statement> otherwise = new ArrayList<>();
            assign(target, value.argument(2), add, then);
            assign(target, value.argument(3), add, otherwise);
            out.add(new Statement.Branch(value.comparison(), value.argument(0), value.argument(1), then, otherwise));
            return;
        }
        if (value.op() == Op.SELECT && (containsReduction(value.argument(2)) || containsReduction(value.argument(3)))) {
            // a value condition whose branches loop: evaluate the condition, then run one branch only
            Set<Expr> scope = openScope();
            Expr left = lowerReductions(value.argument(0), out);
            Expr right = lowerReductions(value.argument(1), out);
            temporaries(Expr.difference(left, right), out);
            Condition condition = new Condition.Compare(value.comparison(), lowering().lower(left, false),
                    lowering().lower(right, false));
            List<Statement> then = new ArrayList<>();
            List<Statement> otherwise = new ArrayList<>();
            assign(target, value.argument(2), add, then);
            assign(target, value.argument(3), add, otherwise);
            out.add(new Statement.If(condition, then, otherwise));
            closeScope(scope);
            return;
        }
        Set<Expr> scope = openScope();
        Expr lowered = lowerReductions(value, out);
        temporaries(lowered, out);
        Value v = lowering().lower(lowered, false);
        out.add(add ? new Statement.Accumulate(target, false, v) : new Statement.Store(target, v));
        closeScope(scope);
    }

    /** Replaces each index sum or max by an accumulator filled by a loop added to {@code out}. */
    private Expr lowerReductions(Expr e, List<Statement> out) {
        if (e.op().isReduction()) {
            String accumulator = newName.apply((e.op() == Op.INDEX_SUM ? "sum" : "max") + accumulators++);
            out.add(new Statement.Accumulator(accumulator));
            List<Statement> body = new ArrayList<>();
            Set<Expr> scope = openScope();
            Expr term = lowerReductions(e.argument(2), body);
            temporaries(term, body);
            body.add(new Statement.Accumulate(new Value.Named(accumulator), e.op() == Op.INDEX_MAX,
                    lowering().lower(term, false)));
            closeScope(scope);
            out.add(new Statement.Loop(e.name(), e.argument(0), e.argument(1), true, body));
            Expr leaf = Expr.variable(accumulator);
            names.put(leaf, accumulator);
            return leaf;
        }
        if (e.op() == Op.SELECT && containsReduction(e)) {
            throw new IllegalStateException("a reduction inside a select cannot be lowered eagerly: " + e);
        }
        if (e.arity() == 0 || !containsReduction(e)) {
            return e;
        }
        List<Expr> args = new ArrayList<>();
        for (Expr a : e.arguments()) {
            args.add(lowerReductions(a, out));
        }
        return e.withArguments(args);
    }

    private static boolean containsReduction(Expr e) {
        if (e.op().isReduction()) {
            return true;
        }
        for (Expr a : e.arguments()) {
            if (containsReduction(a)) {
                return true;
            }
        }
        return false;
    }

    /** The common subexpressions of one body as temporaries (array entries and int arithmetic are not). */
    private void temporaries(Expr value, List<Statement> out) {
        for (Expr t : CommonSubexpressions.of(List.of(value), Program.namedNodes(List.of(value))).temporaries()) {
            if (names.containsKey(t) || t.op() == Op.ENTRY || isIndexExpression(t)) {
                continue;
            }
            String local = newName.apply("t" + temporaries++);
            out.add(new Statement.Let(local, lowering().lower(t, true)));
            names.put(t, local);
        }
    }

    /** True for int arithmetic: index variables, counts and constants, no entries. */
    private boolean isIndexExpression(Expr e) {
        return indexVariables.containsAll(e.variableNames()) && !hasEntry(e);
    }

    private static boolean hasEntry(Expr e) {
        return e.op() == Op.ENTRY || e.arguments().stream().anyMatch(LoopLowering::hasEntry);
    }

    private Lowering lowering() {
        return new Lowering(names::get);
    }

    /** The names known before a block opens; {@link #closeScope} forgets the ones declared inside it. */
    private Set<Expr> openScope() {
        Set<Expr> known = Collections.newSetFromMap(new IdentityHashMap<>());
        known.addAll(names.keySet());
        return known;
    }

    private void closeScope(Set<Expr> known) {
        names.keySet().removeIf(e -> !known.contains(e));
    }

    /** The next temporary's name (for transformations that add temporaries). */
    public String newTemporary() {
        return newName.apply("t" + temporaries++);
    }
}
