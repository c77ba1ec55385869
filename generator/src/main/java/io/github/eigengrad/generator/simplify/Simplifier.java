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
 * a product are merged into one power ({@code x * x^2 / ... = x^3}), and a negated sum is
 * distributed. Bottom-up over the DAG, each node once; the result is canonical, so
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
                result = args.get(0).op() == Op.SUM ? collectTerms(negateAll(args.get(0).arguments()))
                        : Expr.negate(args.get(0));
                break;
            default:
                result = e.withArguments(args);
        }
        // folding in the factories can expose new like terms one level up; a second look settles it
        if (result != e && result.op() != e.op() && (result.op() == Op.SUM || result.op() == Op.PRODUCT)) {
            result = apply(result);
        }
        memo.put(e, result);
        memo.put(result, result);
        return result;
    }

    private static List<Expr> negateAll(List<Expr> terms) {
        List<Expr> negated = new ArrayList<>(terms.size());
        for (Expr t : terms) {
            negated.add(Expr.negate(t));
        }
        return negated;
    }

    /** {@code sum_k c_k t_k} with one coefficient per distinct non-constant part t. */
    private static Expr collectTerms(List<Expr> terms) {
        Map<Expr, Double> coefficients = new LinkedHashMap<>();
        List<Expr> flat = new ArrayList<>();
        for (Expr t : terms) {
            if (t.op() == Op.SUM) {
                flat.addAll(t.arguments());
            } else {
                flat.add(t);
            }
        }
        for (Expr t : flat) {
            double c = 1;
            Expr rest = t;
            if (rest.op() == Op.NEGATE) {
                c = -1;
                rest = rest.argument(0);
            }
            if (rest.op() == Op.CONSTANT) {
                c *= rest.value();
                rest = Expr.ONE;
            } else if (rest.op() == Op.PRODUCT && rest.argument(0).isConstant()) {
                c *= rest.argument(0).value();
                rest = Expr.product(rest.arguments().subList(1, rest.arity()));
            }
            coefficients.merge(rest, c, Double::sum);
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<Expr, Double> entry : coefficients.entrySet()) {
            if (entry.getValue() != 0) {
                out.add(Expr.product(Expr.constant(entry.getValue()), entry.getKey()));
            }
        }
        return Expr.sum(out);
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
