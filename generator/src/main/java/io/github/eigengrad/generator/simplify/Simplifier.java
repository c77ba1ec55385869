package io.github.eigengrad.generator.simplify;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Algebraic simplification beyond the folding that {@link Expr}'s factories always apply:
 * like terms of a sum are collected ({@code 2x + 3x = 5x}, {@code x - x = 0}), equal bases of
 * a product are merged into one power ({@code x * x^2 = x^3}), and numeric coefficients
 * (a negation included) are distributed over sums. Bottom-up over the DAG, each node once; the result is canonical, so
 * simplifying twice gives the same object. Identities that hold away from singularities
 * ({@code x * x^-1 = 1}) are applied, as in every computer-algebra system.
 */
public final class Simplifier {
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();

    private Simplifier() {}

    public static Expr simplify(Expr e) {
        return new Simplifier().apply(e);
    }

    /** Simplifies several outputs of one DAG with shared work. */
    public static List<Expr> simplify(List<Expr> outputs) {
        Simplifier s = new Simplifier();
        List<Expr> result = new ArrayList<>(outputs.size());
        for (Expr e : outputs) {
            result.add(s.apply(e));
        }
        return result;
    }

    private Expr apply(Expr e) {
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        List<Expr> args = new ArrayList<>(e.arity());
        for (Expr a : e.arguments()) {
            args.add(apply(a));
        }
        Expr result;
        switch (e.op()) {
            case SUM:
                result = collectTerms(args);
                break;
            case PRODUCT:
                result = collectPowers(args);
                break;
            case NEGATE:
                result = args.get(0).op() == Op.SUM ? collectTerms(List.of(Expr.negate(args.get(0))))
                        : Expr.negate(args.get(0));
                break;
            default:
                result = e.withArguments(args);
        }
        memo.put(e, result);
        memo.put(result, result);
        return result;
    }

    /**
     * {@code sum_k c_k t_k} with one coefficient per distinct non-constant part t. A numeric
     * coefficient times a sum is distributed ({@code 2(x + y) = 2x + 2y}), so like terms inside
     * the sum meet the others.
     */
    private static Expr collectTerms(List<Expr> terms) {
        Map<Expr, Double> coefficients = new LinkedHashMap<>();
        for (Expr t : terms) {
            addTerm(t, 1, coefficients);
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<Expr, Double> entry : coefficients.entrySet()) {
            if (entry.getValue() != 0) {
                out.add(Expr.product(Expr.constant(entry.getValue()), entry.getKey()));
            }
        }
        return Expr.sum(out);
    }

    private static void addTerm(Expr t, double c, Map<Expr, Double> coefficients) {
        switch (t.op()) {
            case CONSTANT:
                coefficients.merge(Expr.ONE, c * t.value(), Double::sum);
                return;
            case NEGATE:
                addTerm(t.argument(0), -c, coefficients);
                return;
            case SUM:
                for (Expr u : t.arguments()) {
                    addTerm(u, c, coefficients);
                }
                return;
            case PRODUCT:
                if (t.argument(0).isConstant()) {
                    addTerm(Expr.product(t.arguments().subList(1, t.arity())), c * t.argument(0).value(), coefficients);
                    return;
                }
                break;
            default:
                break;
        }
        coefficients.merge(t, c, Double::sum);
    }

    /** {@code c * prod_k b_k^(e_k)} with one integer exponent per distinct base. */
    private static Expr collectPowers(List<Expr> factors) {
        Map<Expr, Integer> exponents = new LinkedHashMap<>();
        double[] coefficient = {1};
        for (Expr f : factors) {
            collectFactor(f, exponents, coefficient);
        }
        List<Expr> out = new ArrayList<>();
        out.add(Expr.constant(coefficient[0]));
        for (Map.Entry<Expr, Integer> entry : exponents.entrySet()) {
            out.add(Expr.power(entry.getKey(), entry.getValue()));
        }
        return Expr.product(out);
    }

    private static void collectFactor(Expr f, Map<Expr, Integer> exponents, double[] coefficient) {
        switch (f.op()) {
            case CONSTANT:
                coefficient[0] *= f.value();
                break;
            case NEGATE:
                coefficient[0] = -coefficient[0];
                collectFactor(f.argument(0), exponents, coefficient);
                break;
            case PRODUCT:
                for (Expr g : f.arguments()) {
                    collectFactor(g, exponents, coefficient);
                }
                break;
            case POWER:
                exponents.merge(f.argument(0), f.exponent(), Integer::sum);
                break;
            default:
                exponents.merge(f, 1, Integer::sum);
        }
    }
}
