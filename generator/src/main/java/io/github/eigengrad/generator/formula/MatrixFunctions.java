package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Matrix functions {@code f(M) = V f(Lambda) V^T} and the building block of their exact
 * gradient (docs/math.md section 7): the divided difference {@code f[1](a, b) = (f(a) - f(b)) / (a - b)},
 * {@code f[1](a, a) = f'(a)}.
 *
 * <p>Each scalar function is an expression in {@code x} (and its parameters). Its derivatives
 * are derived here by reverse-mode differentiation, not written by hand. {@code f[1]} has two
 * forms:
 * <ul>
 *   <li>away from ties, a closed form of {@code (f(a) - f(b)) / (a - b)} rewritten without
 *       cancellation (through expm1 and log1p, or a conjugate) and without an intermediate
 *       that under- or overflows where f[1] itself is representable;</li>
 *   <li>near ties, the Taylor expansion about the midpoint {@code m = (a + b)/2} in
 *       {@code h = (a - b)/2}: {@code sum_{j <= J} f^(2j+1)(m) h^(2j) / (2j+1)!}, exact at
 *       h = 0, where the closed form is 0/0.</li>
 * </ul>
 * The expansion is written in a scale-free variable: every function here has derivatives
 * {@code f^(k)(m) = s(m) f^(k)(x0) w^(1-k)} with a scale {@code s(m)} (for a power
 * {@code m^(q-1)}, for log {@code 1/m}, for exp {@code exp(m)}) and, for the scale-invariant
 * functions, x0 = 1 and w = m (u = h/m), for exp x0 = 0 and w = 1 (u = h). So
 * {@code f[1] = s(m) sum_j f^(2j+1)(x0) u^(2j) / (2j+1)!}: no power of m or h that could
 * overflow or underflow, only numbers |u| &lt;= 1 and one representable scale.
 * The switch compares the expansion's truncation error, estimated by its next term, with the
 * closed form's rounding error of about 2 units in the last place:
 * {@code |f^(2J+3)(x0)| u^(2J+2) <= 2u (2J+3)! |f'(x0)|}, u = 2^-53. That places the switch
 * where both errors are equal, so the larger of the two, the worst case over all h, is as
 * small as it can be for the J terms kept (docs/matrix-functions.md).
 */
public final class MatrixFunctions {
    /** The argument of a scalar function. */
    public static final Expr X = Expr.variable("x");
    /** Terms of the Taylor expansion beyond the first: the series runs to h^(2J). */
    public static final int TAYLOR_TERMS = 4;

    private MatrixFunctions() {}

    /**
     * A scalar function: {@code id} as the CLI names it, {@code f} in {@link #X} and the
     * {@code parameters}; {@code closed(a, b)}, equal to {@code (f(a) - f(b)) / (a - b)} for
     * a != b but free of cancellation and of spurious under- and overflow; and the scaling of
     * its derivatives (see the class comment): {@code scale} in {@link #X}, and whether the
     * expansion variable is relative ({@code h/m}, derivatives taken at x0 = 1) or absolute
     * ({@code h}, at x0 = 0); {@code closedSecond}, a cancellation-free f[2] where one exists;
     * {@code secondApart}, the runtime's {@code RuleArithmetic} method that forms f[2] apart from
     * ties without cancellation (in double) where the plain quotient of f[1] cancels too much, or
     * null; the format its divided differences are built for; {@code library}, for a user's
     * function (docs/math.md section 14), the class whose static methods {@code firstDifference},
     * {@code secondDifference} and {@code checkValues} generated code calls ({@link #CALLBACK}: the methods
     * of a {@code ScalarFunction} argument named {@code function}), null for the built-ins, whose
     * divided differences the generator writes out.
     */
    public record ScalarFunction(String id, String title, Expr f, List<String> parameters,
            BinaryOperator<Expr> closed, Expr scale, boolean relative, SecondDifference closedSecond,
            String secondApart, Precision precision, String library) {
        /** Whether the gradient needs eigenvalues > 0 (the built-ins but exp: f' is singular or f undefined at 0). */
        public boolean needsPositiveValues() {
            return library == null && !id.equals("exp");
        }

        /** Whether this is a user's function, whose divided differences are calls of {@link #library}. */
        public boolean isUser() {
            return library != null;
        }

        /** Whether f[1] and f[2] are calls on a {@code ScalarFunction} argument (see {@link #CALLBACK}). */
        public boolean isCallback() {
            return CALLBACK.equals(library);
        }

        /** f at {@code x}. */
        public Expr at(Expr x) {
            return f.substitute(Map.of(X.name(), x));
        }

        /** The point x0 at which the expansion's coefficients are taken: 1 if relative, else 0. */
        public Expr expansionPoint() {
            return relative ? Expr.ONE : Expr.ZERO;
        }
    }

    /**
     * A closed form of {@code f[2](hi, mid, lo)} for {@code hi >= mid >= lo} free of
     * cancellation everywhere, ties included (then no expansion is needed).
     */
    @FunctionalInterface
    public interface SecondDifference {
        Expr apply(Expr hi, Expr mid, Expr lo);
    }

    /**
     * f of a built-in, parsed from the text a user would write (docs/math.md section 14): the
     * built-ins are users' functions whose divided differences have closed forms of their own.
     */
    private static Expr builtIn(String text, String... parameters) {
        return ExpressionParser.parseSymbolic(text, List.of(parameters), null, false, null, false).f();
    }

    /** sqrt(x), x >= 0. */
    public static ScalarFunction sqrt() {
        return sqrt(Precision.DOUBLE);
    }

    /** sqrt(x) for {@code precision}. */
    public static ScalarFunction sqrt(Precision precision) {
        // (sqrt a - sqrt b) / (a - b) = 1 / (sqrt a + sqrt b)
        return new ScalarFunction("sqrt", "square root", builtIn("sqrt(x)"), List.of(),
                (a, b) -> Expr.quotient(Expr.ONE, Expr.sum(Expr.sqrt(a), Expr.sqrt(b))),
                Expr.quotient(Expr.ONE, Expr.sqrt(X)), true,
                // f[2] = -1 / ((A + B)(B + C)(A + C)) with A = sqrt(hi) ...: divided in turn, so that no
                // product of three sums under- or overflows where f[2] is representable
                (hi, mid, lo) -> {
                    Expr a = Expr.sqrt(hi);
                    Expr b = Expr.sqrt(mid);
                    Expr c = Expr.sqrt(lo);
                    return Expr.negate(Expr.quotient(Expr.quotient(Expr.quotient(Expr.ONE, Expr.sum(a, b)),
                            Expr.sum(b, c)), Expr.sum(a, c)));
                }, null, precision, null);
    }

    /** 1/sqrt(x), x > 0 (ZCA whitening). */
    public static ScalarFunction inverseSqrt() {
        return inverseSqrt(Precision.DOUBLE);
    }

    /** 1/sqrt(x) for {@code precision}. */
    public static ScalarFunction inverseSqrt(Precision precision) {
        // (1/sqrt a - 1/sqrt b) / (a - b) = -(1/sqrt a)(1/sqrt b) / (sqrt a + sqrt b), no product of three roots
        return new ScalarFunction("invsqrt", "inverse square root", builtIn("sqrt(x)^-1"), List.of(),
                (a, b) -> Expr.negate(Expr.quotient(Expr.product(Expr.power(Expr.sqrt(a), -1),
                        Expr.power(Expr.sqrt(b), -1)), Expr.sum(Expr.sqrt(a), Expr.sqrt(b)))),
                Expr.quotient(Expr.power(Expr.sqrt(X), -1), X), true,
                // f[2] = (A + B + C) / ((A + B)(B + C)(A + C) A B C), divided in turn (see sqrt)
                (hi, mid, lo) -> {
                    Expr a = Expr.sqrt(hi);
                    Expr b = Expr.sqrt(mid);
                    Expr c = Expr.sqrt(lo);
                    Expr q = Expr.quotient(Expr.quotient(Expr.quotient(Expr.sum(a, b, c), Expr.sum(a, b)),
                            Expr.sum(b, c)), Expr.sum(a, c));
                    return Expr.quotient(Expr.quotient(Expr.quotient(q, a), b), c);
                }, null, precision, null);
    }

    /** log(x), x > 0. */
    public static ScalarFunction log() {
        return log(Precision.DOUBLE);
    }

    /** log(x) for {@code precision}. */
    public static ScalarFunction log(Precision precision) {
        // log a - log b = log1p((a - b) / b); when (a - b) / b overflows, log a - log b exceeds 700
        // and has no cancellation
        return new ScalarFunction("log", "logarithm", builtIn("log(x)"), List.of(), (a, b) -> {
            Expr d = Expr.difference(a, b);
            Expr r = Expr.quotient(d, b);
            return Expr.select(r, Comparison.LE, Expr.constant(precision.large()), Expr.quotient(Expr.log1p(r), d),
                    Expr.quotient(Expr.difference(Expr.log(a), Expr.log(b)), d));
        }, Expr.quotient(Expr.ONE, X), true, null, null, precision, null);
    }

    /** exp(x). */
    public static ScalarFunction exp() {
        return exp(Precision.DOUBLE);
    }

    /** exp(x) for {@code precision}. */
    public static ScalarFunction exp(Precision precision) {
        // exp a - exp b = exp(b) expm1(a - b) for |a - b| <= 1; beyond, exp a - exp b has no
        // cancellation, and exp(b) expm1(a - b) could be 0 * infinity
        return new ScalarFunction("exp", "exponential", builtIn("exp(x)"), List.of(), (a, b) -> {
            Expr d = Expr.difference(a, b);
            return Expr.select(Expr.abs(d), Comparison.LE, Expr.ONE,
                    Expr.quotient(Expr.product(Expr.exp(b), Expr.expm1(d)), d),
                    Expr.quotient(Expr.difference(Expr.exp(a), Expr.exp(b)), d));
        }, Expr.exp(X), false, null, null, precision, null);
    }

    /** x^p, x > 0, for a real parameter p (a {@code REAL_POWER} node: its derivatives stay one term each). */
    public static ScalarFunction power() {
        return power(Precision.DOUBLE);
    }

    /** x^p for {@code precision}. */
    public static ScalarFunction power(Precision precision) {
        Expr p = Expr.variable("p");
        // with r = (a - b)/b and t = p log1p(r): (a^p - b^p)/(a - b) = b^(p-1) expm1(t) / r, which
        // keeps b^(p-1) representable where b^p underflows; for |t| > 1, a^p - b^p has no cancellation
        // and the plain quotient serves while a^p and b^p are normal numbers; beyond (a^p underflowed
        // at 1e-200 for p = 2.2), in ratios: hi^(p-1) (1 - s^p)/(1 - s) with s = lo/hi for p > 0,
        // lo^(p-1) (q^p - 1)/(q - 1) with q = hi/lo otherwise. Apart from ties, f[2] of f[1] cancels by
        // about 2 / (|p - 1| u): the runtime forms it in double-double (RuleArithmetic.powSecondApart)
        return new ScalarFunction("pow", "power x^p", builtIn("x^p", "p"), List.of("p"), (a, b) -> {
            Expr d = Expr.difference(a, b);
            Expr r = Expr.quotient(d, b);
            Expr t = Expr.product(p, Expr.log1p(r));
            Expr scaled = Expr.quotient(Expr.product(shiftedPower(b, p, -1), Expr.expm1(t)), r);
            Expr hi = Expr.max(a, b);
            Expr lo = Expr.min(a, b);
            Expr down = Expr.quotient(lo, hi);
            Expr up = Expr.quotient(hi, lo);
            Expr positive = Expr.quotient(Expr.product(shiftedPower(hi, p, -1),
                    Expr.difference(Expr.ONE, Expr.realPower(down, p))), Expr.difference(Expr.ONE, down));
            Expr negative = Expr.quotient(Expr.product(shiftedPower(lo, p, -1),
                    Expr.difference(Expr.realPower(up, p), Expr.ONE)), Expr.difference(up, Expr.ONE));
            Expr ratios = Expr.select(p, Comparison.GT, Expr.ZERO, positive, negative);
            Expr ap = Expr.realPower(a, p);
            Expr bp = Expr.realPower(b, p);
            Expr plain = Expr.select(Expr.min(ap, bp), Comparison.GE, Expr.constant(precision.tiny()),
                    Expr.select(Expr.max(ap, bp), Comparison.LE, Expr.constant(precision.large()),
                            Expr.quotient(Expr.difference(ap, bp), d), ratios), ratios);
            return Expr.select(Expr.abs(t), Comparison.LE, Expr.ONE, scaled, plain);
        }, shiftedPower(X, p, -1), true, null, "powSecondApart", precision, null);
    }

    /**
     * {@code x^(p + c)} for a whole c by the runtime's {@code RuleArithmetic.shiftedPower}: the
     * exponent {@code p + c} is not always a double (p = 0.3: p - 1 is rounded), and x^q turns an
     * exponent error e into a relative error {@code e |log x|}, some 200 units at x = 1e200; the
     * helper multiplies back {@code x^e} for the rounding error e. The body, for evaluation here,
     * is the plain power.
     */
    static Expr shiftedPower(Expr x, Expr p, int c) {
        LibraryFunction helper = LibraryFunction.define("RuleArithmetic", "shiftedPower", List.of("x", "p", "c"),
                Expr.realPower(Expr.variable("x"), Expr.sum(Expr.variable("p"), Expr.variable("c"))));
        return Expr.call(helper, List.of(x, p, Expr.constant(c)));
    }

    /**
     * The {@link ScalarFunction#library} of a function known only at run time: generated code
     * calls {@code function.first(a, b)} and {@code function.second(a, b, c)} on a parameter
     * {@code ScalarFunction function} (the runtime's {@code MatrixFunctionGeneralCallback}).
     */
    public static final String CALLBACK = "function";

    /**
     * A user's function (docs/math.md section 14): f in {@link #X} and its parameters, whose
     * divided differences are the static methods {@code firstDifference(a, b, params...)} and
     * {@code secondDifference(a, b, c, params...)} of {@code library} (a class name, qualified outside the
     * runtime's generated package), built by the runtime's recipe (SpectralDifferences) from the
     * generated f and its Taylor series.
     *
     * @param name the function's name, a Java identifier starting in upper case (e.g. Xlogx)
     * @param title what it is, for Javadoc (e.g. {@code x*log(x)})
     * @param f f(x)
     * @param parameters the parameters' names, in order
     * @param library the class holding first, second and checkValues
     * @return the function, double precision
     */
    public static ScalarFunction user(String name, String title, Expr f, List<String> parameters, String library) {
        return new ScalarFunction(name, title, f, parameters, null, null, false, null, null, Precision.DOUBLE, library);
    }

    /** The function of {@link #CALLBACK}: any runtime {@code ScalarFunction}, f[1] and f[2] by its methods. */
    public static ScalarFunction callback() {
        return new ScalarFunction("Callback", "a ScalarFunction argument", X, List.of(), null, null, false, null, null,
                Precision.DOUBLE, CALLBACK);
    }

    /** Every function, in the order the docs list them. */
    public static List<ScalarFunction> all() {
        return all(Precision.DOUBLE);
    }

    /** Every function for {@code precision}. */
    public static List<ScalarFunction> all(Precision precision) {
        return List.of(sqrt(precision), inverseSqrt(precision), log(precision), exp(precision), power(precision));
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

    /**
     * The scale {@code s(m)} at the midpoint {@code m = b + h}. For exp (the one absolute
     * function, whose scale is multiplicative) {@code exp(b) exp(h)}: {@code m = (a + b)/2} is
     * rounded, and exp turns its absolute error into a relative one (at |m| = 80 in float, about
     * 60 units), while b is exact and h = (a - b)/2 is exact near ties.
     */
    private static Expr scaleAtMidpoint(ScalarFunction f, Expr m, Expr b, Expr h) {
        if (f.relative()) {
            return f.scale().substitute(Map.of(X.name(), m));
        }
        return Expr.product(f.scale().substitute(Map.of(X.name(), b)), f.scale().substitute(Map.of(X.name(), h)));
    }

    /** {@code f[1](a, b)} as described in the class comment (a user's function: a call of its {@code first}). */
    public static Expr dividedDifference(ScalarFunction f, Expr a, Expr b) {
        if (f.isUser()) {
            List<Expr> args = new ArrayList<>(List.of(a, b));
            f.parameters().forEach(p -> args.add(Expr.variable(p)));
            return Expr.call(firstDifferenceFunction(f), args);
        }
        int order = 2 * TAYLOR_TERMS + 3;
        List<Expr> d = derivatives(f, order);
        Map<String, Expr> atX0 = Map.of(X.name(), f.expansionPoint());
        Expr m = Expr.product(Expr.HALF, Expr.sum(a, b));
        Expr h = Expr.product(Expr.HALF, Expr.difference(a, b));
        Expr u = f.relative() ? Expr.quotient(h, m) : h;
        List<Expr> terms = new ArrayList<>();
        double factorial = 1;
        for (int j = 0; j <= TAYLOR_TERMS; j++) {
            if (j > 0) {
                factorial *= (2 * j) * (2 * j + 1);
            }
            terms.add(Expr.product(Expr.constant(1 / factorial), Simplifier.simplify(d.get(2 * j + 1).substitute(atX0)),
                    Expr.power(u, 2 * j)));
        }
        Expr taylor = Expr.product(scaleAtMidpoint(f, m, b, h), Expr.sum(terms));
        double errorFactorial = factorial * (order - 1) * order;
        Expr truncation = Expr.product(Expr.abs(Simplifier.simplify(d.get(order).substitute(atX0))),
                Expr.power(u, order - 1));
        Expr roundoff = Expr.product(Expr.constant(2 * f.precision().unitRoundoff() * errorFactorial),
                Expr.abs(Simplifier.simplify(d.get(1).substitute(atX0))));
        return Expr.select(truncation, Comparison.LE, roundoff, taylor, f.closed().apply(a, b));
    }

    /**
     * The expansion of f[2] is used up to this scale-free half-spread u (h/m for the relative
     * functions, h for exp): beyond, the closed form's cancellation, about {@code 2^-52 |f'| / u}
     * relative, costs at most a few units in the last place; the number of terms is chosen so
     * that the expansion reaches it.
     */
    public static final double SECOND_SWITCH_RELATIVE = 0.5;
    /** As {@link #SECOND_SWITCH_RELATIVE} for exp, in h itself. */
    public static final double SECOND_SWITCH_ABSOLUTE = 1.0;
    /**
     * Up to this u a short expansion serves (about a dozen terms instead of fifty): the triples
     * inside a cluster of close eigenvalues, the common case of a Hessian-vector product.
     */
    public static final double SECOND_SHORT_RELATIVE = 0.05;
    /** As {@link #SECOND_SHORT_RELATIVE} for exp. */
    public static final double SECOND_SHORT_ABSOLUTE = 0.1;

    /** {@code f[1]} as a library function {@code <id>Difference(a, b[, p])}, the method generated code calls. */
    public static LibraryFunction firstDifferenceFunction(ScalarFunction f) {
        List<String> parameters = new ArrayList<>(List.of("a", "b"));
        parameters.addAll(f.parameters());
        if (f.isUser()) {
            return LibraryFunction.opaque(f.library(), f.isCallback() ? "first" : "firstDifference", parameters);
        }
        return LibraryFunction.define(libraryClass(f), f.id() + "Difference", parameters,
                dividedDifference(f, Expr.variable("a"), Expr.variable("b")));
    }

    /** {@code f[2]} as a library function {@code <id>Second(a, b, c[, p])} (see {@link #secondDividedDifference}). */
    public static LibraryFunction secondDifferenceFunction(ScalarFunction f) {
        List<String> parameters = new ArrayList<>(List.of("a", "b", "c"));
        parameters.addAll(f.parameters());
        if (f.isUser()) {
            return LibraryFunction.opaque(f.library(), f.isCallback() ? "second" : "secondDifference", parameters);
        }
        return LibraryFunction.define(libraryClass(f), f.id() + "Second", parameters,
                secondDividedDifference(f, Expr.variable("a"), Expr.variable("b"), Expr.variable("c")));
    }

    /**
     * The runtime class of the generated scalar functions of f's format: {@code DividedDifferences[Float]};
     * a user's {@link ScalarFunction#library}.
     */
    public static String libraryClass(ScalarFunction f) {
        if (f.isUser()) {
            return f.library();
        }
        return "DividedDifferences" + f.precision().suffix();
    }

    /** A call of {@code f[2]} on three values (and the function's parameters). */
    public static Expr second(ScalarFunction f, Expr a, Expr b, Expr c) {
        List<Expr> args = new ArrayList<>(List.of(a, b, c));
        for (String p : f.parameters()) {
            args.add(Expr.variable(p));
        }
        return Expr.call(secondDifferenceFunction(f), args);
    }

    /**
     * The second divided difference {@code f[2](a, b, c)} (docs/math.md section 10), symmetric,
     * with {@code f[2](a, a, a) = f''(a)/2}. The arguments are sorted first ({@code hi >= mid >=
     * lo}, by min and max: exact), so the division is by the widest difference. A function with
     * a cancellation-free closed form (sqrt, invsqrt) uses it everywhere. The others use
     * {@code (f[1](hi, mid) - f[1](mid, lo)) / (hi - lo)} apart and, near ties, the expansion
     * about {@code m = (hi + lo)/2}: with {@code h = (hi - lo)/2}, {@code e = mid - m} and the
     * scale-free {@code u = h/m}, {@code w = e/m} (exp: u = h, w = e),
     * <pre>f[2] = (s(m)/m) sum_k c_k h_k(u, w),  c_k = f^(k+2)(x0) / (k+2)!</pre>
     * (exp: {@code s(m)} alone), where {@code h_k} is the complete homogeneous polynomial of degree
     * k in the three scaled offsets (u, w, -u) (the divided difference of x^(k+2)): the odd powers
     * of u cancel between u and -u, so the series is {@code sum_j w^j P_j(u^2)} with
     * {@code P_j(v) = sum_i c_(j+2i) v^i}, evaluated by Horner's rule in w over Horner's rule in v. The switch compares the truncation
     * error, estimated by the next term, with the closed form's rounding error; a short expansion
     * is tried first, for the closest triples.
     */
    public static Expr secondDividedDifference(ScalarFunction f, Expr a, Expr b, Expr c) {
        Expr hi = Expr.max(Expr.max(a, b), c);
        Expr lo = Expr.min(Expr.min(a, b), c);
        Expr mid = Expr.max(Expr.min(a, b), Expr.min(Expr.max(a, b), c));
        if (f.closedSecond() != null) {
            return f.closedSecond().apply(hi, mid, lo);
        }
        List<Expr> parameters = f.parameters().stream().map(Expr::variable).toList();
        List<Expr> args = new ArrayList<>(List.of(hi, mid, lo));
        args.addAll(parameters);
        boolean accurateApart = f.precision() == Precision.DOUBLE && f.secondApart() != null;
        Expr closed;
        if (f.precision() != Precision.DOUBLE) {
            // apart, the closed form cancels by a factor of about 2 |f'| / (|f''| u); in float that can
            // exceed the contract's 8 eps_f (pow near u = 1), so the double f[2] serves, rounded once
            closed = Expr.call(secondDifferenceFunction(byId(f.id())), args);
        } else if (accurateApart) {
            // the runtime helper; its body here is the plain form, for evaluation
            List<String> names = new ArrayList<>(List.of("a", "b", "c"));
            names.addAll(f.parameters());
            LibraryFunction apart = LibraryFunction.define("RuleArithmetic", f.secondApart(), names,
                    plainSecond(f, Expr.variable("a"), Expr.variable("b"), Expr.variable("c")));
            closed = Expr.call(apart, args);
        } else {
            closed = plainSecond(f, hi, mid, lo);
        }
        Expr m = Expr.product(Expr.HALF, Expr.sum(hi, lo));
        Expr h = Expr.product(Expr.HALF, Expr.difference(hi, lo));
        Expr e = Expr.difference(mid, m);
        Expr u = f.relative() ? Expr.quotient(h, m) : h;
        Expr w = f.relative() ? Expr.quotient(e, m) : e;
        Expr scale = scaleAtMidpoint(f, m, lo, h);
        Expr firstAtX0 = Simplifier.simplify(derivatives(f, 1).get(1).substitute(Map.of(X.name(), f.expansionPoint())));
        Expr leading = secondCoefficients(f, 0).get(0); // c_0 = f''(x0)/2: f[2] is about c_0 scale
        // a short expansion for the closest triples (those of a cluster), a long one up to the switch
        double[] reach = f.relative() ? new double[] {SECOND_SHORT_RELATIVE, SECOND_SWITCH_RELATIVE}
                : new double[] {SECOND_SHORT_ABSOLUTE, SECOND_SWITCH_ABSOLUTE};
        Expr result = closed;
        for (int level = reach.length - 1; level >= 0; level--) {
            // the last expansion is weighed against the closed form's error (about 2u |f'| / u, so one
            // more power of u); a shorter one, and one followed by an accurate closed form, against
            // rounding of the result itself (2u |c_0|: near p = 1, f[2] of x^p vanishes with c_0)
            boolean balanced = level == reach.length - 1 && !accurateApart;
            int terms = secondTerms(f, reach[level], balanced);
            Expr roundoff = Expr.product(Expr.constant(2 * f.precision().unitRoundoff()),
                    Expr.abs(balanced ? firstAtX0 : leading));
            List<Expr> coefficients = secondCoefficients(f, terms + 2);
            Expr u2 = Expr.power(u, 2);
            // sum_k c_k h_k(u, w) with h_k(u, w, -u) = sum over j = k (mod 2) of w^j u^(k-j), regrouped as
            // sum_j w^j P_j(u^2), P_j(v) = sum_i c_(j+2i) v^i: Horner in w over Horner in v, so the small
            // terms are summed first and the leading coefficient last (a few units of rounding in all)
            Expr series = null;
            for (int j = terms; j >= 0; j--) {
                Expr p = null;
                for (int k = j + 2 * ((terms - j) / 2); k >= j; k -= 2) {
                    p = p == null ? coefficients.get(k) : Expr.sum(coefficients.get(k), Expr.product(u2, p));
                }
                series = series == null ? p : Expr.sum(p, Expr.product(w, series));
            }
            Expr taylor = Expr.product(f.relative() ? Expr.quotient(scale, m) : scale, series);
            Expr truncation = Expr.product(Expr.sum(
                    Expr.product(Expr.constant(bound(terms + 1)), Expr.abs(coefficients.get(terms + 1))),
                    Expr.product(Expr.constant(bound(terms + 2)), Expr.abs(coefficients.get(terms + 2)), u)),
                    Expr.power(u, balanced ? terms + 2 : terms + 1));
            result = Expr.select(truncation, Comparison.LE, roundoff, taylor, result);
        }
        return result;
    }

    /** {@code (f[1](hi, mid) - f[1](mid, lo)) / (hi - lo)}. */
    private static Expr plainSecond(ScalarFunction f, Expr hi, Expr mid, Expr lo) {
        LibraryFunction first = firstDifferenceFunction(f);
        List<Expr> parameters = f.parameters().stream().map(Expr::variable).toList();
        return Expr.quotient(Expr.difference(call(first, hi, mid, parameters), call(first, mid, lo, parameters)),
                Expr.difference(hi, lo));
    }

    private static Expr call(LibraryFunction f, Expr a, Expr b, List<Expr> parameters) {
        List<Expr> args = new ArrayList<>(List.of(a, b));
        args.addAll(parameters);
        return Expr.call(f, args);
    }

    /** {@code |h_k(u, w, -u)| <= (floor(k/2) + 1) u^k} for |w| <= u. */
    private static double bound(int k) {
        return k / 2 + 1;
    }

    /** {@code c_k = f^(k+2)(x0) / (k+2)!} for k = 0..count, in the function's parameters. */
    static List<Expr> secondCoefficients(ScalarFunction f, int count) {
        List<Expr> d = derivatives(f, count + 2);
        Map<String, Expr> atX0 = Map.of(X.name(), f.expansionPoint());
        List<Expr> c = new ArrayList<>();
        double factorial = 2;
        for (int k = 0; k <= count; k++) {
            if (k > 0) {
                factorial *= k + 2;
            }
            c.add(Simplifier.simplify(Expr.product(Expr.constant(1 / factorial), d.get(k + 2).substitute(atX0))));
        }
        return c;
    }

    /**
     * The number of terms after the first of f[2]'s expansion: the fewest for which the switch
     * lies at or beyond {@code target} in u (truncation = rounding of the result, {@code 2u |c_0|};
     * {@code balanced}: truncation = the closed form's error, {@code 2u |f'| / u}), the
     * coefficients of pow taken at p = 1/2.
     */
    static int secondTerms(ScalarFunction f, double target, boolean balanced) {
        int max = 80;
        List<Expr> c = secondCoefficients(f, max + 2);
        Expr.Environment at = name -> 0.5;
        double first = balanced
                ? Math.abs(derivatives(f, 1).get(1).substitute(Map.of(X.name(), f.expansionPoint())).evaluate(at))
                : Math.abs(c.get(0).evaluate(at));
        for (int terms = 2; terms <= max; terms++) {
            double next = bound(terms + 1) * Math.abs(c.get(terms + 1).evaluate(at))
                    + bound(terms + 2) * Math.abs(c.get(terms + 2).evaluate(at)) * target;
            if (next * Math.pow(target, balanced ? terms + 2 : terms + 1) <= 2 * f.precision().unitRoundoff() * first) {
                return terms;
            }
        }
        throw new IllegalStateException("the expansion of f[2] for " + f.id() + " does not reach " + target);
    }

    /**
     * The exact gradient of {@code L = <f(sym(A)), C>} at size n (docs/math.md section 7):
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
                + " (Daleckii-Krein, docs/math.md section 7)", n, List.of(), EigenFormulas.symmetricOutputs(aBar));
    }

    /**
     * Below this scale-free spread {@code u} of a pair (i, j) ({@code (l_i - l_j)/(l_i + l_j)},
     * for exp {@code (l_i - l_j)/2}) the general-n Hessian-vector product sums f[2] term by term;
     * above, it uses {@code f[2](l_i, l_k, l_j) = (D_ik - D_jk)/(l_i - l_j)} with D = f[1], whose
     * cancellation then costs at most a factor {@code 1/u} of rounding.
     */
    public static final double CLOSE_PAIR = 0.05;

    /**
     * The Hessian-vector product of {@code L(A) = <f(sym(A)), C>} along {@code aDot} at size n
     * (docs/math.md section 10): {@code gDot = V H V^T},
     * {@code H_ij = sum_k f[2](l_i, l_k, l_j) (W_ik Z_kj + Z_ik W_kj)} with {@code W = V^T sym(aDot) V},
     * {@code Z = V^T sym(C) V}; inputs as {@link #gradient} and {@code aDot00..}, outputs
     * {@code gDot<i><j>} (i &lt;= j). Each distinct triple of eigenvalues is one call of f[2].
     */
    public static Formula hessianVector(int n, ScalarFunction f) {
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix z = PushforwardFormulas.symmetricW(in.v(), SymbolicMatrix.variables("c", n));
        SymbolicMatrix w = PushforwardFormulas.symmetricW(in.v(), EigenInputs.tangent(n));
        Expr[][] h = new Expr[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                List<Expr> terms = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    int[] t = {i, k, j};
                    java.util.Arrays.sort(t);
                    Expr f2 = second(f, in.lambda().get(t[0]), in.lambda().get(t[1]), in.lambda().get(t[2]));
                    terms.add(Expr.product(f2, Expr.sum(Expr.product(w.get(i, k), z.get(k, j)),
                            Expr.product(z.get(i, k), w.get(k, j)))));
                }
                h[i][j] = Expr.sum(terms);
                h[j][i] = h[i][j];
            }
        }
        SymbolicMatrix gDot = in.v().times(SymbolicMatrix.of(n, n, (k, l) -> h[k][l])).times(in.v().transpose());
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                names.add(SymbolicMatrix.entryName(GRADIENT_DOT, i, j, n));
                exprs.add(gDot.get(i, j));
            }
        }
        return new Formula("hvp-" + f.id(), "Hessian-vector product of <f(sym(A)), C> along aDot for f = " + f.title()
                + " (docs/math.md section 10)", n, GeneralN.hessianVectorDefinitions(f),
                EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    /** The name of the Hessian-vector product's entries, {@code gDot<row><col>}. */
    public static final String GRADIENT_DOT = "gDot";

    /** The scale-free spread of the pair (a, b) that {@link #CLOSE_PAIR} bounds. */
    static Expr spread(ScalarFunction f, Expr a, Expr b) {
        Expr d = Expr.abs(Expr.difference(a, b));
        if (f.isUser()) {
            // no scale of its own: absolute near 0, relative far from it
            return Expr.quotient(d, Expr.max(Expr.ONE, Expr.sum(Expr.abs(a), Expr.abs(b))));
        }
        return f.relative() ? Expr.quotient(d, Expr.sum(Expr.abs(a), Expr.abs(b))) : Expr.product(Expr.HALF, d);
    }
}
