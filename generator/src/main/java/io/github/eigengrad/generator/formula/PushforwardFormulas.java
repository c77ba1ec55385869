package io.github.eigengrad.generator.formula;

import static io.github.eigengrad.generator.expr.Expr.entry;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;
import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.formula.Formula.Output;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward mode (docs/math.md section 9): the pushforward {@code aDot -> (lambdaDot, vDot)} of
 * the symmetric eigendecomposition, {@code W = V^T sym(aDot) V}, {@code lambdaDot_i = W_ii},
 * {@code vDot = V (F o W)}, with the pair factor F of the pullback of the same method
 * ({@link EigenFormulas#coefficient}, {@link GeneralN#pairFactorDefinitions}): so it is the
 * exact transpose of that pullback, and finite at ties for the series methods.
 */
public final class PushforwardFormulas {
    /** The names of the report outputs of a {@link #rule}, after the tangents. */
    public static final List<String> REPORT = List.of("shift", "iterationsUsed", "maxPairError", "vectorsDotBound");

    private PushforwardFormulas() {}

    /** The title of the pushforward of {@code method}. */
    static String title(Method method, boolean eigenvalueTerm) {
        String f = method instanceof Analytic ? "analytic F (Eq. 10)"
                : method instanceof EigenFormulas.PowerIteration ? "F^(K) (Eq. 8) in mu = lambda + shift"
                : "F^(K) with per-pair K (Eq. 14) in mu = lambda + shift";
        return "Pushforward (JVP) lambdaDot = diag(W), vDot = V (F o W), W = V^T sym(aDot) V, with the " + f
                + (eigenvalueTerm ? "" : ", paper mode (lambdaDot = 0)");
    }

    /**
     * The pushforward at size n: outputs {@code lambdaDot<i>}, then {@code vDot<i><j>}; for
     * {@link Formula#GENERAL} its index-notation definitions.
     */
    public static Formula pushforward(int n, Method method, boolean eigenvalueTerm) {
        String id = "jvp";
        if (n == Formula.GENERAL) {
            return Formula.general(id, title(method, eigenvalueTerm), definitions(method, eigenvalueTerm));
        }
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix w = symmetricW(in.v(), EigenInputs.tangent(n));
        SymbolicVector mu = shifted(method, in.lambda());
        Expr[][] y = new Expr[n][n];
        for (int k = 0; k < n; k++) {
            y[k][k] = Expr.ZERO;
            for (int l = k + 1; l < n; l++) {
                // F_lk (l > k) approximates 1/(lambda_k - lambda_l); F_kl = -F_lk
                y[l][k] = Expr.product(EigenFormulas.coefficient(method, in.lambda(), mu, k, l), w.get(k, l));
                y[k][l] = Expr.negate(y[l][k]);
            }
        }
        SymbolicMatrix vDot = in.v().times(SymbolicMatrix.of(n, n, (k, l) -> y[k][l]));
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(EigenInputs.LAMBDA_DOT + i);
            exprs.add(eigenvalueTerm ? w.get(i, i) : Expr.ZERO);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                names.add(SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n));
                exprs.add(vDot.get(i, j));
            }
        }
        return new Formula(id, title(method, eigenvalueTerm), n, definitions(method, eigenvalueTerm),
                EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    /**
     * The pushforward with the section-9 report: {@code shift}, {@code iterationsUsed},
     * {@code maxPairError} as for the pullback, and {@code vectorsDotBound}
     * {@code = max |F_ij| ||W - diag(W)||_F} (-1 for analytic).
     */
    public static Formula rule(int n, Method method, boolean eigenvalueTerm) {
        Formula tangents = pushforward(n, method, eigenvalueTerm);
        String title = tangents.title() + ", with the section-9 report";
        if (n == Formula.GENERAL) {
            return Formula.general("jvp-rule", title, ruleDefinitions(method, eigenvalueTerm));
        }
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix w = symmetricW(in.v(), EigenInputs.tangent(n));
        List<Expr> offDiagonal = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    offDiagonal.add(w.get(Math.min(i, j), Math.max(i, j)));
                }
            }
        }
        List<Output> outputs = new ArrayList<>(tangents.outputs());
        outputs.addAll(reportOutputs(in, method, offDiagonal, null));
        return new Formula("jvp-rule", title, n, ruleDefinitions(method, eigenvalueTerm), outputs);
    }

    /**
     * The report outputs ({@link #REPORT}) of a fixed-size pushforward: the shift, K used, the
     * largest r^K, and the bound {@code max|F| norm(offDiagonal)}, plus {@code extra} when given.
     */
    static List<Output> reportOutputs(EigenInputs in, Method method, List<Expr> offDiagonal, Expr extra) {
        SymbolicVector mu = shifted(method, in.lambda());
        List<Expr> exprs = new ArrayList<>();
        exprs.add(EigenFormulas.shift(method, in.lambda()));
        exprs.addAll(Report.of(method, extra != null, EigenFormulas.spectrum(method, mu,
                vectors -> vectors ? EigenFormulas.norm(offDiagonal, method.precision()) : extra)));
        return EigenFormulas.outputs(REPORT, Simplifier.simplify(exprs));
    }

    /** {@code mu = lambda + shift} for a series method, lambda for analytic. */
    private static SymbolicVector shifted(Method method, SymbolicVector lambda) {
        if (method instanceof Analytic) {
            return lambda;
        }
        Expr shift = EigenFormulas.shift(method, lambda);
        return lambda.map(l -> Expr.sum(l, shift));
    }

    /**
     * {@code W = V^T sym(aDot) V} with {@code W_lk} the same expression as {@code W_kl}: the
     * symmetric part first, then {@code T = sym(aDot) V}, then {@code V^T T}.
     */
    static SymbolicMatrix symmetricW(SymbolicMatrix v, SymbolicMatrix aDot) {
        int n = v.rows();
        SymbolicMatrix full = v.transpose().times(aDot.sym().times(v));
        return SymbolicMatrix.of(n, n, (k, l) -> full.get(Math.min(k, l), Math.max(k, l)));
    }

    /**
     * General n: {@code Ms = sym(ADot)}, {@code T = Ms V}, {@code W = V^T T}, the pair factor F,
     * {@code Y = F o W}, {@code vDot = V Y} (three O(n^3) products, as the pullback), and
     * {@code lambdaDot[k] = W[k][k]} (0 in paper mode).
     */
    static List<IndexDefinition> definitions(Method method, boolean eigenvalueTerm) {
        Expr i = GeneralN.I;
        Expr j = GeneralN.J;
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        List<IndexDefinition> d = new ArrayList<>();
        GeneralN.symmetricSandwich(d, "ADot", "Ms", "T", "W");
        GeneralN.pairFactorDefinitions(method, d);
        d.add(IndexDefinition.of("Y", Expr.product(entry("F", k, l), entry("W", k, l)), "k", "l"));
        d.add(IndexDefinition.of(EigenInputs.V_DOT, GeneralN.overAll("k", Expr.product(GeneralN.v(i, k),
                entry("Y", k, j))), "i", "j"));
        d.add(IndexDefinition.of(EigenInputs.LAMBDA_DOT, eigenvalueTerm ? entry("W", k, k) : Expr.ZERO, "k"));
        return d;
    }

    /** {@link #definitions} followed by the report, as {@link #rule}. */
    public static List<IndexDefinition> ruleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(definitions(method, eigenvalueTerm));
        Expr offDiagonal = Expr.select(GeneralN.I, Comparison.EQ, GeneralN.K_INDEX, Expr.ZERO,
                entry("W", GeneralN.I, GeneralN.K_INDEX));
        d.addAll(GeneralN.reportDefinitions(method, false, "vectorsDotBound",
                vectors -> GeneralN.scaledNorm("wMax", offDiagonal, method.precision(), "i", "k")));
        return d;
    }
}
