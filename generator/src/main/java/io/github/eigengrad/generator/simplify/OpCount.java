package io.github.eigengrad.generator.simplify;

import io.github.eigengrad.generator.expr.Expr;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Floating-point operations of an expression. Sums of k terms cost k - 1 additions and a
 * negation one (a subtraction once emitted); products of k factors k - 1 multiplications;
 * {@code x^k} by repeated squaring, plus a division for k &lt; 0; sqrt, exp, log, expm1, log1p,
 * abs, ceil, min and max one function call each; a select one branch. In index notation an
 * entry costs nothing and an index sum one addition (an index max one call) plus its body, counted once (per iteration).
 * Counts saturate at {@code Long.MAX_VALUE}.
 *
 * @param additions additions, subtractions and negations
 * @param multiplications multiplications
 * @param divisions divisions
 * @param functionCalls calls of elementary functions
 * @param branches comparisons of selects
 */
public record OpCount(long additions, long multiplications, long divisions, long functionCalls, long branches) {
    public static final OpCount NONE = new OpCount(0, 0, 0, 0, 0);

    /** The sum; counts saturate at {@code Long.MAX_VALUE} (trees of unrolled iterations exceed it). */
    public OpCount plus(OpCount o) {
        return new OpCount(add(additions, o.additions), add(multiplications, o.multiplications),
                add(divisions, o.divisions), add(functionCalls, o.functionCalls), add(branches, o.branches));
    }

    /** All operations, saturating at {@code Long.MAX_VALUE}. */
    public long total() {
        return add(add(add(add(additions, multiplications), divisions), functionCalls), branches);
    }

    private static long add(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** The cost of evaluating each output as a tree: a shared subexpression is paid for every use. */
    public static OpCount ofTree(List<Expr> outputs) {
        Map<Expr, OpCount> memo = new IdentityHashMap<>();
        OpCount total = NONE;
        for (Expr e : outputs) {
            total = total.plus(tree(e, memo));
        }
        return total;
    }

    private static OpCount tree(Expr e, Map<Expr, OpCount> memo) {
        OpCount known = memo.get(e);
        if (known != null) {
            return known;
        }
        OpCount c = own(e);
        for (Expr a : e.arguments()) {
            c = c.plus(tree(a, memo));
        }
        memo.put(e, c);
        return c;
    }

    /** The cost of the DAG: every distinct node once, as after common-subexpression elimination. */
    public static OpCount ofDag(List<Expr> outputs) {
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        OpCount[] total = {NONE};
        for (Expr e : outputs) {
            visit(e, seen, total);
        }
        return total[0];
    }

    private static void visit(Expr e, Map<Expr, Boolean> seen, OpCount[] total) {
        if (seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        total[0] = total[0].plus(own(e));
        for (Expr a : e.arguments()) {
            visit(a, seen, total);
        }
    }

    /** The operations of the node itself, not of its arguments. */
    static OpCount own(Expr e) {
        switch (e.op()) {
            case SUM:
                return new OpCount(e.arity() - 1, 0, 0, 0, 0);
            case NEGATE:
                return new OpCount(1, 0, 0, 0, 0);
            case PRODUCT:
                return new OpCount(0, e.arity() - 1, 0, 0, 0);
            case QUOTIENT:
                return new OpCount(0, 0, 1, 0, 0);
            case POWER: {
                int k = Math.abs(e.exponent());
                int squarings = 31 - Integer.numberOfLeadingZeros(k);
                int multiplications = squarings + Integer.bitCount(k) - 1;
                return new OpCount(0, multiplications, e.exponent() < 0 ? 1 : 0, 0, 0);
            }
            case SELECT:
                return new OpCount(0, 0, 0, 0, 1);
            case CONSTANT:
            case VARIABLE:
            case ENTRY:
                return NONE;
            case INDEX_SUM: // one accumulation; the body's cost is per iteration
                return new OpCount(1, 0, 0, 0, 0);
            case INDEX_MAX:
                return new OpCount(0, 0, 0, 1, 0);
            default:
                return new OpCount(0, 0, 0, 1, 0);
        }
    }

    @Override
    public String toString() {
        return additions + " add, " + multiplications + " mul, " + divisions + " div, " + functionCalls + " call, "
                + branches + " branch";
    }
}
