package io.github.eigengrad.generator.formula;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static io.github.eigengrad.generator.expr.Expr.variable;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;
import io.github.eigengrad.generator.formula.Formula.Output;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The formulas of docs/math.md sections 3 to 5 as expressions: built here once, then simplified,
 * printed and emitted. Indices are 0-based ({@code lambda0} is docs/math.md's lambda_1).
 */
public final class EigenFormulas {
    /** docs/math.md section 4: spectra with {@code lambda_n <= 1e-12 m} are shifted. */
    public static final double SHIFT_THRESHOLD = RuleDefaults.SHIFT_THRESHOLD;
    /** docs/math.md section 4: the shifted spectrum starts at {@code s = 1e-3 m}. */
    public static final double SHIFT_FLOOR = RuleDefaults.SHIFT_FLOOR;

    private EigenFormulas() {}

    // ---- scalar building blocks ----

    /**
     * F^(K)_ji for i &lt; j, stable (docs/math.md section 4): with {@code d = mu_i - mu_j},
     * {@code p = (mu_j / mu_i)^K} by binary powering is used as {@code (1 - p) / d} where
     * {@code K p <= 1/2}; there the rounding of the ratio and of the powering (relative, at most
     * about 2K ulps of p) moves the result by at most about two ulps, and this branch costs a few
     * multiplications. Elsewhere (close pairs) {@code -expm1(K log1p(-delta)) / d} with
     * {@code delta = d / mu_i}, and {@code K / mu_i} at d = 0: finite at a tie and accurate
     * for tiny d, as r^K near 1 is never formed by multiplication there.
     */
    public static Expr seriesCoefficient(Expr muI, Expr muJ, Expr k) {
        return seriesCoefficient(muI, muJ, k, closeCoefficient(muI, muJ, k));
    }

    /**
     * {@link #seriesCoefficient} whose close-pair branch is a call of the runtime's
     * {@code RuleArithmetic.seriesCoefficient} (double-double powering instead of expm1 and
     * log1p, docs/numerics.md), defined by the same expression: the general-n double rules, where
     * the close pairs of a large spectrum made the series pullback cost about 1.2 times the
     * analytic one.
     */
    public static Expr seriesCoefficientByCall(Expr muI, Expr muJ, Expr k) {
        return seriesCoefficient(muI, muJ, k, Expr.call(CLOSE_COEFFICIENT, List.of(muI, muJ, k)));
    }

    /** The runtime's close-pair coefficient, defined (for evaluation and printing) by {@link #closeCoefficient}. */
    public static final LibraryFunction CLOSE_COEFFICIENT = LibraryFunction.define("RuleArithmetic",
            "seriesCoefficient", List.of("muI", "muJ", "k"), closeCoefficient(variable("muI"), variable("muJ"),
                    variable("k")));

    private static Expr seriesCoefficient(Expr muI, Expr muJ, Expr k, Expr close) {
        Expr d = Expr.difference(muI, muJ);
        Expr p = Expr.integerPower(Expr.quotient(muJ, muI), k);
        Expr separated = Expr.quotient(Expr.difference(Expr.ONE, p), d);
        return Expr.select(Expr.product(k, p), Comparison.LE, Expr.constant(0.5), separated, close);
    }

    /** {@code -expm1(K log1p(-delta)) / d}, and {@code K / mu_i} at d = 0. */
    private static Expr closeCoefficient(Expr muI, Expr muJ, Expr k) {
        Expr d = Expr.difference(muI, muJ);
        Expr delta = Expr.quotient(d, muI);
        Expr series = Expr.quotient(Expr.negate(Expr.expm1(Expr.product(k, Expr.log1p(Expr.negate(delta))))), d);
        return Expr.select(d, Comparison.EQ, Expr.ZERO, Expr.quotient(k, muI), series);
    }

    /**
     * {@link #seriesCoefficient} for any sign of the ratio {@code r = muJ / muI}: where r &lt; 0
     * (an unshifted indefinite spectrum) the plain {@code (1 - r^K) / (muI - muJ)}, since
     * {@code log1p(-delta)} needs {@code delta = 1 - r <= 1} (docs/math.md section 4).
     */
    public static Expr spectralCoefficient(Expr muI, Expr muJ, Expr k) {
        Expr p = Expr.integerPower(Expr.quotient(muJ, muI), k);
        Expr plain = Expr.quotient(Expr.difference(Expr.ONE, p), Expr.difference(muI, muJ));
        return Expr.select(Expr.quotient(muJ, muI), Comparison.LT, Expr.ZERO, plain, seriesCoefficient(muI, muJ, k));
    }

    /** The exact coefficient {@code 1 / (lambda_i - lambda_j)} of Eq. 10 (F_ji for i &lt; j). */
    public static Expr analyticCoefficient(Expr lambdaI, Expr lambdaJ) {
        return Expr.quotient(Expr.ONE, Expr.difference(lambdaI, lambdaJ));
    }

    /** {@code 1/(lambda_i - lambda_j)} where {@code lambda_i - lambda_j > tolerance * m}, else 0 (masked). */
    public static Expr maskedAnalyticCoefficient(Expr lambdaI, Expr lambdaJ, Expr m, Expr tolerance) {
        Expr d = Expr.difference(lambdaI, lambdaJ);
        return Expr.select(d, Comparison.GT, Expr.product(tolerance, m), Expr.quotient(Expr.ONE, d), Expr.ZERO);
    }

    /**
     * The relative truncation error of a pair, {@code r^K = exp(K log1p(-delta))} (docs/math.md
     * section 5): 1 at a tie, 0 when mu_j = 0, no repeated multiplication.
     */
    public static Expr pairError(Expr muI, Expr muJ, Expr k) {
        Expr delta = Expr.quotient(Expr.difference(muI, muJ), muI);
        return Expr.exp(Expr.product(k, Expr.log1p(Expr.negate(delta))));
    }

    /**
     * Eq. 14 per pair (docs/math.md section 5): {@code min(Kmax, max(1, ceil(ln(tol) / ln(r))))}
     * with {@code ln r = log1p(-delta)}, 1 where r = 0 and Kmax where r = 1.
     */
    public static Expr adaptiveIterations(Expr muI, Expr muJ, Expr tolerance, Expr maxIterations) {
        Expr d = Expr.difference(muI, muJ);
        Expr logR = Expr.log1p(Expr.negate(Expr.quotient(d, muI)));
        Expr rule = Expr.min(maxIterations, Expr.max(Expr.ONE, Expr.ceil(Expr.quotient(Expr.log(tolerance), logR))));
        return Expr.select(muJ, Comparison.EQ, Expr.ZERO, Expr.ONE,
                Expr.select(d, Comparison.EQ, Expr.ZERO, maxIterations, rule));
    }

    /**
     * The spectrum shift of docs/math.md section 4 for a descending spectrum with largest value
     * {@code first} and smallest {@code last}: {@code m = max(|first|, |last|)} (the largest
     * magnitude of a sorted spectrum is at one end); {@code s - last} with {@code s = 1e-3 m}
     * (1 when m = 0) if {@code last <= 1e-12 m}, else 0.
     */
    public static Expr spectrumShift(Expr first, Expr last) {
        return spectrumShiftFromMax(largestMagnitude(first, last), last);
    }

    /** {@link #spectrumShift(Expr, Expr)} of an n x n spectrum in {@code precision} ({@link #shiftThreshold}). */
    public static Expr spectrumShift(Expr first, Expr last, Precision precision, Expr n) {
        return spectrumShiftFromMax(largestMagnitude(first, last), last, shiftThreshold(precision, n));
    }

    /**
     * The relative threshold below which a spectrum is shifted (docs/math.md sections 4 and
     * 11): {@code 1e-12} in double, {@code 64 n u} in float ({@code n} a number or the size variable).
     */
    public static Expr shiftThreshold(Precision precision, Expr n) {
        return precision == Precision.DOUBLE ? constant(SHIFT_THRESHOLD)
                : Expr.product(constant(RuleDefaults.FLOAT_SHIFT_THRESHOLD_PER_SIZE), n);
    }

    /** {@code m = max(|first|, |last|)}: the largest magnitude of a descending spectrum. */
    public static Expr largestMagnitude(Expr first, Expr last) {
        return Expr.max(Expr.abs(first), Expr.abs(last));
    }

    /** The shift given {@code m = max|lambda_i|} and the smallest eigenvalue {@code last}. */
    public static Expr spectrumShiftFromMax(Expr m, Expr last) {
        return spectrumShiftFromMax(m, last, constant(SHIFT_THRESHOLD));
    }

    /** As above with the relative threshold {@code threshold} ({@link #shiftThreshold}). */
    public static Expr spectrumShiftFromMax(Expr m, Expr last, Expr threshold) {
        Expr s = Expr.select(m, Comparison.EQ, Expr.ZERO, Expr.ONE, Expr.product(constant(SHIFT_FLOOR), m));
        return Expr.select(last, Comparison.LE, Expr.product(threshold, m), Expr.difference(s, last), Expr.ZERO);
    }

    // ---- fixed-size pullbacks ----

    /** How F is formed: exactly, by the series with one K, or by the series with K per pair. */
    public sealed interface Method permits Analytic, PowerIteration, Adaptive {
        /** The format the formulas are built for: the shift threshold and the norms' floor follow it. */
        Precision precision();
    }

    /**
     * Eq. 10: F_ij = 1/(lambda_j - lambda_i). With a {@code degeneracyTolerance} (else null), a
     * pair closer than {@code degeneracyTolerance * max|lambda|} is masked: F_ij = 0 (docs/math.md
     * section 5); the caller decides beforehand whether masking is wanted or an error.
     */
    public record Analytic(Expr degeneracyTolerance, Precision precision) implements Method {
        /** The exact Eq. 10, no masking. */
        public Analytic() {
            this(null, Precision.DOUBLE);
        }

        /** In double. */
        public Analytic(Expr degeneracyTolerance) {
            this(degeneracyTolerance, Precision.DOUBLE);
        }
    }

    /** Eq. 8 for all eigenvectors with one number of terms K (a constant or a variable). */
    public record PowerIteration(Expr k, Precision precision) implements Method {
        /** In double. */
        public PowerIteration(Expr k) {
            this(k, Precision.DOUBLE);
        }
    }

    /** F^(K) with K_ij from Eq. 14. */
    public record Adaptive(Expr tolerance, Expr maxIterations, Precision precision) implements Method {
        /** In double. */
        public Adaptive(Expr tolerance, Expr maxIterations) {
            this(tolerance, maxIterations, Precision.DOUBLE);
        }
    }

    /**
     * The pullback {@code aBar = V (F o skew(V^T vBar) + diag(lambdaBar)) V^T} (Eq. 10 for the
     * analytic method, its F^(K) generalisation otherwise), with the eigenvalue term switchable
     * (off = the paper's formula). The series is formed from {@code mu = lambda + shift}.
     * Mirrored entries are one expression: the gradient is symmetric by construction.
     */
    public static Formula pullback(int n, Method method, boolean eigenvalueTerm) {
        String id = method instanceof Analytic ? "eq10" : method instanceof PowerIteration ? "eq8" : "eq14";
        String title = (method instanceof Analytic ? "Analytic pullback (Eq. 10)"
                : method instanceof PowerIteration ? "Power-iteration pullback, all eigenvectors (Eq. 8, F^(K) in "
                        + "mu = lambda + shift: power iteration on M + shift I)"
                : "Power-iteration pullback with per-pair K (Eq. 8 with Eq. 14, in mu = lambda + shift: power "
                        + "iteration on M + shift I)")
                + (eigenvalueTerm ? ", with the eigenvalue term" : ", paper mode (no eigenvalue term)");
        if (n == Formula.GENERAL) {
            return Formula.general(id, title, GeneralN.pullbackDefinitions(method, eigenvalueTerm));
        }
        EigenInputs in = EigenInputs.of(n);
        Expr shift = shift(method, in.lambda());
        SymbolicVector mu = in.lambda().map(l -> Expr.sum(l, shift));
        SymbolicMatrix g = in.v().transpose().times(in.vBar());
        // X = F o skew(G) + diag(lambdaBar), X_kl = X_lk shared
        Expr[][] x = new Expr[n][n];
        for (int k = 0; k < n; k++) {
            x[k][k] = eigenvalueTerm ? in.lambdaBar().get(k) : Expr.ZERO;
            for (int l = k + 1; l < n; l++) {
                // F_lk (l > k) approximates 1/(lambda_k - lambda_l); skew(G)_lk = (G_lk - G_kl)/2
                Expr f = coefficient(method, in.lambda(), mu, k, l);
                Expr skew = Expr.product(Expr.HALF, Expr.difference(g.get(l, k), g.get(k, l)));
                x[k][l] = Expr.product(f, skew);
                x[l][k] = x[k][l];
            }
        }
        SymbolicMatrix inner = SymbolicMatrix.of(n, n, (k, l) -> x[k][l]);
        SymbolicMatrix aBar = in.v().times(inner).times(in.v().transpose());
        return new Formula(id, title, n, GeneralN.pullbackDefinitions(method, eigenvalueTerm),
                symmetricOutputs(aBar));
    }

    /** The shift of a fixed-size spectrum under {@code method}: 0 for analytic, else {@link #spectrumShift}. */
    static Expr shift(Method method, SymbolicVector lambda) {
        int n = lambda.size();
        return method instanceof Analytic ? Expr.ZERO
                : spectrumShift(lambda.get(0), lambda.get(n - 1), method.precision(), constant(n));
    }

    /**
     * The pair factor of {@code method} for i &lt; j: F_ji, which approximates (analytic: equals,
     * or masks) {@code 1 / (lambda_i - lambda_j)}; the series in {@code mu}.
     */
    static Expr coefficient(Method method, SymbolicVector lambda, SymbolicVector mu, int i, int j) {
        if (method instanceof Analytic a) {
            return a.degeneracyTolerance() == null ? analyticCoefficient(lambda.get(i), lambda.get(j))
                    : maskedAnalyticCoefficient(lambda.get(i), lambda.get(j),
                            largestMagnitude(lambda.get(0), lambda.get(lambda.size() - 1)), a.degeneracyTolerance());
        }
        if (method instanceof PowerIteration p) {
            return seriesCoefficient(mu.get(i), mu.get(j), p.k());
        }
        Adaptive a = (Adaptive) method;
        return seriesCoefficient(mu.get(i), mu.get(j),
                adaptiveIterations(mu.get(i), mu.get(j), a.tolerance(), a.maxIterations()));
    }

    /** The names of the report outputs of a {@link #rule}, after the gradient entries. */
    public static final java.util.List<String> REPORT = java.util.List.of("shift", "iterationsUsed", "maxPairError",
            "gradientBound");

    /**
     * What a generated pullback computes: the gradient entries {@code aBar<i><j>} (i &lt;= j) of
     * {@link #pullback}, then the section-5 report: {@code shift}, {@code iterationsUsed} (K, or
     * the largest K_ij; -1 for analytic), {@code maxPairError} (the largest r^K over pairs; 0
     * for analytic) and {@code gradientBound} ({@code max F^(K)_ji ||vBar||_F}, plus
     * {@code ||lambdaBar||} with the eigenvalue term; -1 for analytic).
     */
    public static Formula rule(int n, Method method, boolean eigenvalueTerm) {
        Formula gradient = pullback(n, method, eigenvalueTerm);
        if (n == Formula.GENERAL) {
            return Formula.general("rule", gradient.title() + ", with the section-5 report",
                    GeneralN.ruleDefinitions(method, eigenvalueTerm));
        }
        EigenInputs in = EigenInputs.of(n);
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        Expr shift = shift(method, in.lambda());
        SymbolicVector mu = in.lambda().map(l -> Expr.sum(l, shift));
        exprs.add(shift);
        exprs.addAll(Report.of(method, eigenvalueTerm, spectrum(method, in, mu)));
        names.addAll(REPORT);
        List<Output> outputs = new ArrayList<>(gradient.outputs());
        outputs.addAll(outputs(names, Simplifier.simplify(exprs)));
        return new Formula("rule", gradient.title() + ", with the section-5 report", n,
                GeneralN.ruleDefinitions(method, eigenvalueTerm), outputs);
    }

    /** The report's view of a fixed-size spectrum: pairs written out, K and F^(K) inline. */
    private static Report.Spectrum spectrum(Method method, EigenInputs in, SymbolicVector mu) {
        return spectrum(method, mu, vectors -> EigenFormulas.norm(vectors ? in.vBar().entries()
                : in.lambdaBar().entries(), method.precision()));
    }

    /**
     * The report's view of a fixed-size spectrum with the norms {@code norm} gives (true: the
     * one that multiplies the largest pair factor).
     */
    static Report.Spectrum spectrum(Method method, SymbolicVector mu, java.util.function.Function<Boolean, Expr> norm) {
        int n = mu.size();
        return new Report.Spectrum() {
            @Override
            public Expr maxOverPairs(Expr start, java.util.function.Function<Report.Pair, Expr> body) {
                Expr max = start;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        Expr k = method instanceof PowerIteration p ? p.k()
                                : adaptiveIterations(mu.get(i), mu.get(j), ((Adaptive) method).tolerance(),
                                        ((Adaptive) method).maxIterations());
                        max = Expr.max(max, body.apply(new Report.Pair(mu.get(i), mu.get(j), k,
                                seriesCoefficient(mu.get(i), mu.get(j), k))));
                    }
                }
                return max;
            }

            @Override
            public Expr norm(boolean vectors) {
                return norm.apply(vectors);
            }
        };
    }

    /** The n(n+1)/2 distinct entries of a symmetric gradient, simplified, named {@code aBar<i><j>} (i <= j). */
    static List<Output> symmetricOutputs(SymbolicMatrix aBar) {
        int n = aBar.rows();
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                names.add(SymbolicMatrix.entryName(EigenInputs.A_BAR, i, j, n));
                exprs.add(aBar.get(i, j));
            }
        }
        return outputs(names, Simplifier.simplify(exprs));
    }

    static List<Output> outputs(List<String> names, List<Expr> exprs) {
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Output(names.get(i), exprs.get(i)));
        }
        return out;
    }

    /**
     * The 2-norm of {@code entries} without overflow or underflow: with {@code m = max |x|}
     * (at least the smallest double, so that all zeros give 0), {@code m sqrt(sum (x/m)^2)}.
     * Cotangents up to the double range keep a finite bound.
     */
    public static Expr norm(List<Expr> entries) {
        return norm(entries, Precision.DOUBLE);
    }

    /** {@link #norm(List)} in {@code precision}: the floor of m is the format's smallest number. */
    public static Expr norm(List<Expr> entries, Precision precision) {
        Expr m = Expr.constant(precision.minValue());
        for (Expr e : entries) {
            m = Expr.max(m, Expr.abs(e));
        }
        List<Expr> squares = new ArrayList<>();
        for (Expr e : entries) {
            squares.add(Expr.power(Expr.quotient(e, m), 2));
        }
        return Expr.product(m, Expr.sqrt(Expr.sum(squares)));
    }

    /**
     * The section-5 gradient bound {@code max_{i<j} F^(K)_ji ||vBar||_F + ||lambdaBar||_2}
     * for a fixed K.
     */
    public static Formula gradientBound(int n, Expr k) {
        EigenInputs in = EigenInputs.of(n);
        Expr shift = spectrumShift(in.lambda().get(0), in.lambda().get(n - 1));
        SymbolicVector mu = in.lambda().map(l -> Expr.sum(l, shift));
        Expr bound = Report.of(new PowerIteration(k), true, spectrum(new PowerIteration(k), in, mu)).get(2);
        return new Formula("bound", "Section 5 gradient bound", n, List.of(),
                List.of(new Output("gradientBound", Simplifier.simplify(bound))));
    }

    /** The variable {@code K}, for rules that take the number of terms as an argument. */
    public static Expr iterationsVariable() {
        return variable("K");
    }
}
