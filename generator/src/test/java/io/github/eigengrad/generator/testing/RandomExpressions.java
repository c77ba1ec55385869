package io.github.eigengrad.generator.testing;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random expressions over the variables x, y, z using every node kind. */
public final class RandomExpressions {
    public static final List<String> VARIABLES = List.of("x", "y", "z");

    private final SplittableRandom random;

    public RandomExpressions(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Expr next(int depth) {
        if (depth == 0 || random.nextInt(5) == 0) {
            return leaf();
        }
        int d = depth - 1;
        switch (random.nextInt(16)) {
            case 0:
            case 1:
                return Expr.sum(terms(d));
            case 2:
            case 3:
                return Expr.product(terms(d));
            case 4:
                return Expr.negate(next(d));
            case 5:
                return Expr.quotient(next(d), next(d));
            case 6:
                return Expr.power(next(d), new int[] {-2, -1, 2, 3}[random.nextInt(4)]);
            case 7:
                return Expr.sqrt(next(d));
            case 8:
                return Expr.exp(Expr.quotient(next(d), Expr.constant(4)));
            case 9:
                return Expr.log(next(d));
            case 10:
                return Expr.expm1(Expr.quotient(next(d), Expr.constant(4)));
            case 11:
                return Expr.log1p(next(d));
            case 12:
                return Expr.abs(next(d));
            case 13:
                return random.nextBoolean() ? Expr.min(next(d), next(d)) : Expr.max(next(d), next(d));
            case 14:
                return Expr.select(next(d), Comparison.values()[random.nextInt(6)], next(d), next(d), next(d));
            default:
                // repeated subterms give the simplifier like terms and powers to collect
                Expr shared = next(d);
                return random.nextBoolean() ? Expr.sum(shared, Expr.product(Expr.constant(2), shared), next(d))
                        : Expr.product(shared, shared, next(d));
        }
    }

    private List<Expr> terms(int depth) {
        int k = 2 + random.nextInt(2);
        List<Expr> terms = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            terms.add(next(depth));
        }
        return terms;
    }

    private Expr leaf() {
        int pick = random.nextInt(6);
        return pick < 3 ? Expr.variable(VARIABLES.get(pick))
                : Expr.constant(new double[] {0.5, 2, 3}[pick - 3]);
    }

    /** A point with every variable in [0.5, 2]. */
    public double[] point() {
        return new double[] {0.5 + 1.5 * random.nextDouble(), 0.5 + 1.5 * random.nextDouble(),
            0.5 + 1.5 * random.nextDouble()};
    }

    public static double evaluate(Expr e, double[] point) {
        return e.evaluate(name -> point[VARIABLES.indexOf(name)]);
    }
}
