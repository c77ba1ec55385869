package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every printer shows of a formula: its inputs (in natural order), the temporaries of
 * its program named {@code t0, t1, ...} in evaluation order, and the op counts before (tree)
 * and after (DAG) elimination. The temporaries are those of the {@link Program} a generated
 * rule computes (common subexpressions, the bases of powers, the selects with a library
 * branch), so a printed formula and its generated code share one schedule and its names.
 */
public final class FormulaLayout {
    private final Formula formula;
    private final List<String> inputs;
    private final List<Expr> temporaries;
    private final Map<Expr, String> names = new IdentityHashMap<>();
    private final OpCount tree;
    private final OpCount dag;

    private FormulaLayout(Formula formula) {
        this.formula = formula;
        this.inputs = formula.inputs();
        List<Expr> exprs = formula.expressions();
        Program.Builder program = Program.builder(ElementType.DOUBLE, name -> name);
        for (String input : inputs) {
            program.parameter(Expr.variable(input), input);
        }
        program.temporaries(exprs, Program.namedNodes(exprs), "t");
        this.temporaries = program.temporaryExpressions();
        for (Expr t : temporaries) {
            names.put(t, program.nameOf(t));
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
        return temporaries;
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
