package io.github.eigengrad.generator.diff;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode symbolic differentiation: the adjoint of every node of a scalar DAG, propagated
 * from the output to the leaves in reverse topological order, as expressions. The derivatives
 * are DAGs over the same variables (sharing the forward nodes), so they are simplified,
 * printed and emitted like any other formula. Non-smooth nodes get a one-sided rule: the
 * derivative of |x| is sign(x) with sign(0) = 1, min and max route the adjoint to the
 * argument they select (the first on ties), and the derivative of a select is the select of
 * the derivatives of its branches.
 */
public final class ReverseMode {
    private ReverseMode() {}

    /** {@code d output / d v} for each variable name, in the order given (0 where it does not occur). */
    public static Map<String, Expr> gradient(Expr output, List<String> variables) {
        List<Expr> order = new ArrayList<>();
        postOrder(output, Collections.newSetFromMap(new IdentityHashMap<>()), order);
        Map<Expr, List<Expr>> contributions = new IdentityHashMap<>();
        contributions.put(output, new ArrayList<>(List.of(Expr.ONE)));
        Map<Expr, Expr> adjoints = new IdentityHashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Expr node = order.get(i);
            List<Expr> parts = contributions.get(node);
            if (parts == null) {
                continue;
            }
            Expr adjoint = Expr.sum(parts);
            adjoints.put(node, adjoint);
            if (adjoint.isConstant(0)) {
                continue;
            }
            propagate(node, adjoint, contributions);
        }
        Map<String, Expr> gradient = new LinkedHashMap<>();
        for (String name : variables) {
            Expr adjoint = adjoints.get(Expr.variable(name));
            gradient.put(name, adjoint == null ? Expr.ZERO : adjoint);
        }
        return gradient;
    }

    private static void postOrder(Expr e, Set<Expr> seen, List<Expr> order) {
        if (!seen.add(e)) {
            return;
        }
        for (Expr a : e.arguments()) {
            postOrder(a, seen, order);
        }
        order.add(e);
    }

    private static void add(Map<Expr, List<Expr>> contributions, Expr target, Expr part) {
        if (!part.isConstant(0)) {
            contributions.computeIfAbsent(target, k -> new ArrayList<>()).add(part);
        }
    }

    private static void propagate(Expr node, Expr a, Map<Expr, List<Expr>> c) {
        switch (node.op()) {
            case CONSTANT:
            case VARIABLE:
            case CEIL: // piecewise constant
                return;
            case ENTRY:
            case INDEX_SUM:
            case INDEX_MAX:
                throw new IllegalArgumentException(
                        "index notation is not differentiated; differentiate the formula at a fixed size");
            case SUM:
                for (Expr arg : node.arguments()) {
                    add(c, arg, a);
                }
                return;
            case PRODUCT: {
                List<Expr> args = node.arguments();
                for (int i = 0; i < args.size(); i++) {
                    List<Expr> others = new ArrayList<>(args);
                    others.remove(i);
                    others.add(a);
                    add(c, args.get(i), Expr.product(others));
                }
                return;
            }
            case NEGATE:
                add(c, node.argument(0), Expr.negate(a));
                return;
            case QUOTIENT: {
                Expr u = node.argument(0);
                Expr v = node.argument(1);
                add(c, u, Expr.quotient(a, v));
                add(c, v, Expr.negate(Expr.quotient(Expr.product(a, node), v)));
                return;
            }
            case POWER: {
                Expr x = node.argument(0);
                int k = node.exponent();
                add(c, x, Expr.product(a, Expr.constant(k), Expr.power(x, k - 1)));
                return;
            }
            case INTEGER_POWER: {
                Expr x = node.argument(0);
                Expr k = node.argument(1);
                // k x^(k-1), and 0 at k = 0 where x^(k-1) is not a whole power
                add(c, x, Expr.select(k, Comparison.LT, Expr.ONE, Expr.ZERO,
                        Expr.product(a, k, Expr.integerPower(x, Expr.difference(k, Expr.ONE)))));
                add(c, k, Expr.product(a, node, Expr.log(x)));
                return;
            }
            // reciprocals as powers -1, so that the simplifier merges the factors of repeated
            // derivatives into one power (d^k/dx^k sqrt(x) stays c sqrt(x)^(1-2k))
            case REAL_POWER: {
                Expr x = node.argument(0);
                Expr y = node.argument(1);
                add(c, x, Expr.product(a, y, Expr.realPower(x, Expr.difference(y, Expr.ONE))));
                add(c, y, Expr.product(a, node, Expr.log(x)));
                return;
            }
            case SQRT:
                add(c, node.argument(0), Expr.product(a, Expr.HALF, Expr.power(node, -1)));
                return;
            case EXP:
                add(c, node.argument(0), Expr.product(a, node));
                return;
            case LOG:
                add(c, node.argument(0), Expr.product(a, Expr.power(node.argument(0), -1)));
                return;
            case EXPM1:
                add(c, node.argument(0), Expr.product(a, Expr.exp(node.argument(0))));
                return;
            case LOG1P:
                add(c, node.argument(0), Expr.quotient(a, Expr.sum(Expr.ONE, node.argument(0))));
                return;
            case SIN:
                add(c, node.argument(0), Expr.product(a, Expr.cos(node.argument(0))));
                return;
            case COS:
                add(c, node.argument(0), Expr.negate(Expr.product(a, Expr.sin(node.argument(0)))));
                return;
            case TANH: // 1 - tanh^2, from the node itself
                add(c, node.argument(0), Expr.product(a, Expr.difference(Expr.ONE, Expr.power(node, 2))));
                return;
            case SINH:
                add(c, node.argument(0), Expr.product(a, Expr.cosh(node.argument(0))));
                return;
            case COSH:
                add(c, node.argument(0), Expr.product(a, Expr.sinh(node.argument(0))));
                return;
            case ATAN:
                add(c, node.argument(0), Expr.quotient(a, Expr.sum(Expr.ONE, Expr.power(node.argument(0), 2))));
                return;
            case ABS: {
                Expr x = node.argument(0);
                add(c, x, Expr.select(x, Comparison.LT, Expr.ZERO, Expr.negate(a), a));
                return;
            }
            case MIN:
            case MAX: {
                Expr x = node.argument(0);
                Expr y = node.argument(1);
                Comparison firstWins = node.op() == Op.MIN ? Comparison.LE : Comparison.GE;
                add(c, x, Expr.select(x, firstWins, y, a, Expr.ZERO));
                add(c, y, Expr.select(x, firstWins, y, Expr.ZERO, a));
                return;
            }
            case SELECT: {
                // Each branch is differentiated on its own and the select is kept outside, so the
                // branch not taken is never evaluated: routing the adjoint into both branches would
                // give 0 * NaN = NaN wherever the other branch is singular (the tie branch of F^(K)).
                Expr then = node.argument(2);
                Expr otherwise = node.argument(3);
                List<String> names = new ArrayList<>(then.variableNames());
                for (String name : otherwise.variableNames()) {
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
                Map<String, Expr> dThen = gradient(then, names);
                Map<String, Expr> dOtherwise = gradient(otherwise, names);
                for (String name : names) {
                    Expr d = Expr.select(node.argument(0), node.comparison(), node.argument(1), dThen.get(name),
                            dOtherwise.get(name));
                    add(c, Expr.variable(name), Expr.product(a, d));
                }
                return;
            }
            default:
                throw new IllegalStateException("no derivative rule for " + node.op());
        }
    }
}
