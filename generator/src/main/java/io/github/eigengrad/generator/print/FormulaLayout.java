package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every printer shows of a formula: its inputs (in natural order), the temporaries of
 * common-subexpression elimination named {@code t0, t1, ...} in evaluation order, and the op
 * counts before (tree) and after (DAG) elimination. One layout, so the printers agree.
 */
public final class FormulaLayout {
    private final Formula formula;
    private final List<String> inputs;
    private final CommonSubexpressions cse;
    private final Map<Expr, String> names = new IdentityHashMap<>();
    private final OpCount tree;
    private final OpCount dag;

    private FormulaLayout(Formula formula) {
        this.formula = formula;
        this.inputs = formula.inputs();
        this.cse = CommonSubexpressions.of(formula.expressions());
        for (Expr t : cse.temporaries()) {
            names.put(t, "t" + names.size());
        }
        this.tree = OpCount.ofTree(formula.expressions());
        this.dag = OpCount.ofDag(formula.expressions());
    }

    public static FormulaLayout of(Formula formula) {
        return new FormulaLayout(formula);
    }

    public Formula formula() {
        return formula;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<Expr> temporaries() {
        return cse.temporaries();
    }

    /** The name of a temporary, or null if {@code e} is not one. */
    public String nameOf(Expr e) {
        return names.get(e);
    }

    public OpCount opsBeforeCse() {
        return tree;
    }

    public OpCount opsAfterCse() {
        return dag;
    }
}
