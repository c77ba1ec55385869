package io.github.eigengrad.generator.print;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The runtime functions with a defining expression that the general-n definitions call
     * ({@code RuleArithmetic.seriesCoefficient}), in order of first call: printed after the
     * definitions with their bodies, so that a printed formula says what the call computes.
     */
    public static List<LibraryFunction> calledFunctions(List<IndexDefinition> definitions) {
        Map<String, LibraryFunction> found = new LinkedHashMap<>();
        Set<Expr> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        for (IndexDefinition d : definitions) {
            stack.push(d.body());
            while (!stack.isEmpty()) {
                Expr e = stack.pop();
                if (!seen.add(e)) {
                    continue;
                }
                if (e.op() == Op.CALL) {
                    LibraryFunction f = LibraryFunction.named(e.name());
                    if (f.body() != null) {
                        found.putIfAbsent(f.name(), f);
                    }
                }
                List<Expr> arguments = e.arguments();
                for (int k = arguments.size() - 1; k >= 0; k--) {
                    stack.push(arguments.get(k));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** {@code f} applied to its parameters, as a printer shows the left side of its definition. */
    public static Expr callOf(LibraryFunction f) {
        return Expr.call(f, f.parameters().stream().map(Expr::variable).toList());
    }

    public OpCount opsBeforeCse() {
        return tree;
    }

    public OpCount opsAfterCse() {
        return dag;
    }
}
