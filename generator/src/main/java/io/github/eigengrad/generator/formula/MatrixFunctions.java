package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Matrix functions {@code f(M) = V f(Lambda) V^T} and the building block of their exact
 * gradient (MATH.md section 7): the divided difference {@code f[1](a, b) = (f(a) - f(b)) / (a - b)},
 * {@code f[1](a, a) = f'(a)}.
 *
 * <p>Each scalar function is an expression in {@code x} (and its parameters). Its derivatives
 * are derived here by reverse-mode differentiation, not written by hand. {@code f[1]} has two
 * forms:
 * <ul>
 *   <li>away from ties, the closed form {@code delta(a, b) / (a - b)}, where {@code delta}
 *       is {@code f(a) - f(b)} rewritten without cancellation (through expm1 and log1p, or a
 *       conjugate), so it stays accurate to a few ulps even for tiny a - b;</li>
 *   <li>near ties, the Taylor expansion about the midpoint {@code m = (a + b)/2} in
 *       {@code h = (a - b)/2}: {@code sum_{j <= J} f^(2j+1)(m) h^(2j) / (2j+1)!}, exact at
 *       h = 0, where the closed form is 0/0.</li>
 * </ul>
 * The switch compares the expansion's truncation error, estimated by its next term, with the
 * closed form's rounding error of about 2 units in the last place:
 * {@code |f^(2J+3)(m)| h^(2J+2) <= 2u (2J+3)! |f'(m)|}, u = 2^-53. That places the switch
 * where both errors are equal, so the larger of the two, the worst case over all h, is as
 * small as it can be for the J terms kept (docs/matrix-functions.md).
 */
public final class MatrixFunctions {
    /** The argument of a scalar function. */
    public static final Expr X = Expr.variable("x");
    /** Terms of the Taylor expansion beyond the first: the series runs to h^(2J). */
    public static final int TAYLOR_TERMS = 4;
    private static final double UNIT_ROUNDOFF = 0x1p-53;

    private MatrixFunctions() {}

    /**
     * A scalar function: {@code id} as the CLI names it, {@code f} in {@link #X} and the
     * {@code parameters}, and {@code delta(a, b)}, equal to {@code f(a) - f(b)} but free of
     * cancellation.
     */
    public record ScalarFunction(String id, String title, Expr f, List<String> parameters,
            BinaryOperator<Expr> delta) {
        /** Whether the gradient needs eigenvalues > 0 (all but exp: f' is singular or f undefined at 0). */
        public boolean needsPositiveValues() {
            return !id.equals("exp");
        }

        /** f at {@code x}. */
        public Expr at(Expr x) {
            return f.substitute(Map.of(X.name(), x));
        }
    }

    /** sqrt(x), x >= 0. */
    public static ScalarFunction sqrt() {
        // sqrt a - sqrt b = (a - b) / (sqrt a + sqrt b)
        return new ScalarFunction("sqrt", "square root", Expr.sqrt(X), List.of(),
                (a, b) -> Expr.quotient(Expr.difference(a, b), Expr.sum(Expr.sqrt(a), Expr.sqrt(b))));
    }

    /** 1/sqrt(x), x > 0 (ZCA whitening). */
    public static ScalarFunction inverseSqrt() {
        // 1/sqrt a - 1/sqrt b = -(a - b) / (sqrt a sqrt b (sqrt a + sqrt b))
        return new ScalarFunction("invsqrt", "inverse square root", Expr.power(Expr.sqrt(X), -1), List.of(),
                (a, b) -> Expr.negate(Expr.quotient(Expr.difference(a, b), Expr.product(Expr.sqrt(a), Expr.sqrt(b),
                        Expr.sum(Expr.sqrt(a), Expr.sqrt(b))))));
    }

    /** log(x), x > 0. */
    public static ScalarFunction log() {
        // log a - log b = log1p((a - b) / b)
        return new ScalarFunction("log", "logarithm", Expr.log(X), List.of(),
                (a, b) -> Expr.log1p(Expr.quotient(Expr.difference(a, b), b)));
    }

    /** exp(x). */
    public static ScalarFunction exp() {
        // exp a - exp b = exp(b) expm1(a - b)
        return new ScalarFunction("exp", "exponential", Expr.exp(X), List.of(),
                (a, b) -> Expr.product(Expr.exp(b), Expr.expm1(Expr.difference(a, b))));
    }

    /** x^p, x > 0, for a real parameter p (a {@code REAL_POWER} node: its derivatives stay one term each). */
    public static ScalarFunction power() {
        Expr p = Expr.variable("p");
        // a^p - b^p = b^p expm1(p log1p((a - b) / b))
        return new ScalarFunction("pow", "power x^p", Expr.realPower(X, p), List.of("p"),
                (a, b) -> Expr.product(Expr.exp(Expr.product(p, Expr.log(b))),
                        Expr.expm1(Expr.product(p, Expr.log1p(Expr.quotient(Expr.difference(a, b), b))))));
    }

    /** Every function, in the order the docs list them. */
    public static List<ScalarFunction> all() {
        return List.of(sqrt(), inverseSqrt(), log(), exp(), power());
    }

    /** The function named {@code id} ({@code sqrt}, {@code invsqrt}, {@code log}, {@code exp}, {@code pow}). */
    public static ScalarFunction byId(String id) {
        for (ScalarFunction f : all()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown function '" + id + "'; choose sqrt, invsqrt, log, exp or pow");
    }

    /** {@code f, f', f'', ...}: {@code count} derivatives after f itself, each differentiated from the last. */
    public static List<Expr> derivatives(ScalarFunction f, int count) {
        List<Expr> d = new ArrayList<>(List.of(f.f()));
        for (int k = 0; k < count; k++) {
            Expr last = d.get(d.size() - 1);
            d.add(Simplifier.simplify(ReverseMode.gradient(last, List.of(X.name())).get(X.name())));
        }
        return d;
    }

    /** {@code f[1](a, b)} as described in the class comment. */
    public static Expr dividedDifference(ScalarFunction f, Expr a, Expr b) {
        int order = 2 * TAYLOR_TERMS + 3;
        List<Expr> d = derivatives(f, order);
        Expr m = Expr.product(Expr.HALF, Expr.sum(a, b));
        Expr h = Expr.product(Expr.HALF, Expr.difference(a, b));
        Map<String, Expr> atM = Map.of(X.name(), m);
        List<Expr> terms = new ArrayList<>();
        double factorial = 1;
        for (int j = 0; j <= TAYLOR_TERMS; j++) {
            if (j > 0) {
                factorial *= (2 * j) * (2 * j + 1);
            }
            terms.add(Expr.product(Expr.constant(1 / factorial), d.get(2 * j + 1).substitute(atM),
                    Expr.power(h, 2 * j)));
        }
        Expr taylor = Expr.sum(terms);
        double errorFactorial = factorial * (order - 1) * order;
        Expr truncation = Expr.product(Expr.abs(d.get(order).substitute(atM)), Expr.power(h, order - 1));
        Expr roundoff = Expr.product(Expr.constant(2 * UNIT_ROUNDOFF * errorFactorial),
                Expr.abs(d.get(1).substitute(atM)));
        Expr closed = Expr.quotient(f.delta().apply(a, b), Expr.difference(a, b));
        return Expr.select(truncation, Comparison.LE, roundoff, taylor, closed);
    }

    /**
     * The exact gradient of {@code L = <f(sym(A)), C>} at size n (MATH.md section 7):
     * {@code dL/dA = V (f[1] o (V^T sym(C) V)) V^T}, with inputs {@code lambda0..}, {@code v00..}
     * (as the pullback formulas) and {@code c00..} (C, any n x n matrix), outputs {@code aBar<i><j>}.
     */
    public static Formula gradient(int n, ScalarFunction f) {
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix c = SymbolicMatrix.variables("c", n).sym();
        SymbolicMatrix w = in.v().transpose().times(c).times(in.v());
        Expr a = Expr.variable("a");
        Expr b = Expr.variable("b");
        Expr dd = dividedDifference(f, a, b);
        Expr[][] x = new Expr[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = k; l < n; l++) {
                Expr d = dd.substitute(Map.of("a", in.lambda().get(k), "b", in.lambda().get(l)));
                x[k][l] = Expr.product(d, w.get(k, l));
                x[l][k] = x[k][l];
            }
        }
        SymbolicMatrix aBar = in.v().times(SymbolicMatrix.of(n, n, (k, l) -> x[k][l])).times(in.v().transpose());
        return new Formula("f-" + f.id(), "Exact gradient of <f(sym(A)), C> for f = " + f.title()
                + " (Daleckii-Krein, MATH.md section 7)", n, List.of(), EigenFormulas.symmetricOutputs(aBar));
    }
}
