package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The derivatives of the generalised problem {@code A v = lambda B v} (docs/math.md section
 * 12) at a fixed size, from the standard formulas by substitution, as the runtime composes the
 * standard rules: {@code ABar} is the standard pullback at the B-orthonormal V;
 * {@code BBar = -V (F o skew(G diag(l)) + diag(l o lambdaBar + diag(G)/2)) V^T}, the standard
 * pullback of the cotangents {@code (l o lambdaBar + diag(G)/2, vBar diag(l))} negated; the
 * tangents are the standard ones along aDot less those along bDot with column j scaled by
 * {@code l_j}, less {@code V diag(WB_jj)/2}.
 */
public final class GeneralizedFormulas {
    /** The name of the cotangent of B's entries, {@code bBar<i><j>}. */
    public static final String B_BAR = "bBar";
    /** The name of the tangent of B, {@code bDot<i><j>}. */
    public static final String B_DOT = "bDot";

    private GeneralizedFormulas() {}

    /**
     * The generalised pullback at size n: outputs {@code aBar<i><j>} and {@code bBar<i><j>}
     * (i &lt;= j), inputs as the standard pullback's.
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the formula
     */
    public static Formula pullback(int n, Method method, boolean eigenvalueTerm) {
        if (n == Formula.GENERAL) {
            return Formula.general("generalized-pullback", "Generalised pullback (docs/math.md section 12) for any n, "
                    + "fused: aBar = sym(V Z V^T), bBar = -sym(V (Z diag(l) + diag(G)/2) V^T), Z = F o G + "
                    + "diag(lambdaBar)", GeneralN.generalizedPullbackDefinitions(method, eigenvalueTerm));
        }
        Formula standard = EigenFormulas.pullback(n, method, eigenvalueTerm);
        EigenInputs in = EigenInputs.of(n);
        Map<String, Expr> cotangents = new HashMap<>();
        Expr[] halfG = new Expr[n];
        for (int j = 0; j < n; j++) {
            List<Expr> terms = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                terms.add(Expr.product(in.v().get(k, j), in.vBar().get(k, j)));
            }
            halfG[j] = Expr.product(Expr.HALF, Expr.sum(terms));
            cotangents.put(in.lambdaBar().get(j).name(), Expr.sum(Expr.product(in.lambda().get(j),
                    in.lambdaBar().get(j)), halfG[j]));
            for (int i = 0; i < n; i++) {
                cotangents.put(in.vBar().get(i, j).name(), Expr.product(in.vBar().get(i, j), in.lambda().get(j)));
            }
        }
        List<Formula.Output> outputs = new ArrayList<>(standard.outputs());
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (Formula.Output o : standard.outputs()) {
            Expr b = Expr.negate(o.expr().substitute(cotangents));
            if (!eigenvalueTerm) { // paper mode drops lambdaBar, not the diag(G)/2 term
                b = Expr.difference(b, diagonalTerm(in, halfG, o.name(), n));
            }
            names.add(B_BAR + o.name().substring(EigenInputs.A_BAR.length()));
            exprs.add(b);
        }
        outputs.addAll(EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
        return new Formula("generalized-pullback", "Generalised pullback (docs/math.md section 12): " + standard.title()
                + " for dL/dA; dL/dB = -V (F o skew(G diag(l)) + diag(l o lambdaBar + diag(G)/2)) V^T", n,
                GeneralN.generalizedPullbackDefinitions(method, eigenvalueTerm), outputs);
    }

    /**
     * {@link #pullback} followed by the section-5 report of the standard rule at the same
     * (lambda, V), as {@link EigenFormulas#rule}: what a generalised rule is emitted from.
     *
     * @param n the size, at least 1, or {@link Formula#GENERAL}
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the formula
     */
    public static Formula rule(int n, Method method, boolean eigenvalueTerm) {
        if (n == Formula.GENERAL) {
            return Formula.general("generalized-rule", "Generalised pullback with the section-5 report",
                    GeneralN.generalizedRuleDefinitions(method, eigenvalueTerm));
        }
        Formula gradients = pullback(n, method, eigenvalueTerm);
        List<Formula.Output> outputs = new ArrayList<>(gradients.outputs());
        for (Formula.Output o : EigenFormulas.rule(n, method, eigenvalueTerm).outputs()) {
            if (EigenFormulas.REPORT.contains(o.name())) {
                outputs.add(o);
            }
        }
        return new Formula("generalized-rule", gradients.title() + ", with the section-5 report", n,
                GeneralN.generalizedRuleDefinitions(method, eigenvalueTerm), outputs);
    }

    /** {@code (V diag(G_jj/2) V^T)_ij} for the output named {@code aBar<i><j>}. */
    private static Expr diagonalTerm(EigenInputs in, Expr[] halfG, String name, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (SymbolicMatrix.entryName(EigenInputs.A_BAR, i, j, n).equals(name)) {
                    List<Expr> terms = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        terms.add(Expr.product(in.v().get(i, k), halfG[k], in.v().get(j, k)));
                    }
                    return Expr.sum(terms);
                }
            }
        }
        throw new IllegalStateException("no entry named " + name);
    }

    /**
     * The generalised pushforward at size n: inputs as the standard pushforward's plus
     * {@code bDot<i><j>}, outputs {@code lambdaDot<i>} and {@code vDot<i><j>}.
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the formula
     */
    public static Formula pushforward(int n, Method method, boolean eigenvalueTerm) {
        if (n == Formula.GENERAL) {
            return Formula.general("generalized-pushforward", PUSHFORWARD_TITLE,
                    pushforwardDefinitions(method, eigenvalueTerm));
        }
        Formula standard = PushforwardFormulas.pushforward(n, method, eigenvalueTerm);
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix bDot = SymbolicMatrix.variables(B_DOT, n);
        SymbolicMatrix aDot = EigenInputs.tangent(n);
        Map<String, Expr> toB = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                toB.put(aDot.get(i, j).name(), bDot.get(i, j));
            }
        }
        SymbolicMatrix wb = PushforwardFormulas.symmetricW(in.v(), bDot);
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (Formula.Output o : standard.outputs()) {
            Expr alongB = o.expr().substitute(toB);
            names.add(o.name());
            if (o.name().startsWith(EigenInputs.LAMBDA_DOT)) {
                int i = Integer.parseInt(o.name().substring(EigenInputs.LAMBDA_DOT.length()));
                exprs.add(eigenvalueTerm ? Expr.difference(o.expr(), Expr.product(in.lambda().get(i), alongB))
                        : Expr.ZERO);
            } else {
                int[] ij = entry(o.name(), n);
                exprs.add(Expr.difference(o.expr(), Expr.sum(Expr.product(alongB, in.lambda().get(ij[1])),
                        Expr.product(Expr.HALF, in.v().get(ij[0], ij[1]), wb.get(ij[1], ij[1])))));
            }
        }
        return new Formula("generalized-pushforward", PUSHFORWARD_TITLE + "; " + standard.title(), n,
                pushforwardDefinitions(method, eigenvalueTerm), EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    private static final String PUSHFORWARD_TITLE = "Generalised pushforward (docs/math.md section 12) along (aDot, "
            + "bDot): lambdaDot_i = WA_ii - l_i WB_ii, vDot = V Omega with Omega_ij = F_ij (WA_ij - l_j WB_ij), "
            + "Omega_jj = -WB_jj/2";

    /**
     * The generalised pushforward with the report of a generalised rule: {@code shift},
     * {@code iterationsUsed}, {@code maxPairError} as the standard rule's, and
     * {@code vectorsDotBound}, a bound on {@code ||Omega||_F}:
     * {@code max|F| ||offdiag(WA - WB diag(l))||_F + ||diag(WB)||_2 / 2} (-1 for analytic; the
     * caller multiplies by a bound on {@code ||V||_2}).
     *
     * @param n the size, at least 1, or {@link Formula#GENERAL}
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the formula
     */
    public static Formula pushforwardRule(int n, Method method, boolean eigenvalueTerm) {
        Formula tangents = pushforward(n, method, eigenvalueTerm);
        String title = tangents.title() + ", with the report";
        if (n == Formula.GENERAL) {
            return Formula.general("generalized-jvp-rule", title, pushforwardRuleDefinitions(method, eigenvalueTerm));
        }
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix wa = PushforwardFormulas.symmetricW(in.v(), EigenInputs.tangent(n));
        SymbolicMatrix wb = PushforwardFormulas.symmetricW(in.v(), SymbolicMatrix.variables(B_DOT, n));
        List<Expr> offDiagonal = new ArrayList<>();
        List<Expr> diagonal = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            diagonal.add(wb.get(i, i));
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    offDiagonal.add(Expr.difference(wa.get(i, j), Expr.product(wb.get(i, j), in.lambda().get(j))));
                }
            }
        }
        List<Formula.Output> outputs = new ArrayList<>(tangents.outputs());
        outputs.addAll(PushforwardFormulas.reportOutputs(in, method, offDiagonal,
                Expr.product(Expr.HALF, EigenFormulas.norm(diagonal, method.precision()))));
        return new Formula("generalized-jvp-rule", title, n, pushforwardRuleDefinitions(method, eigenvalueTerm),
                outputs);
    }

    /**
     * The fused generalised pushforward for any n in five O(n^3) products: {@code WA} and
     * {@code WB} as the standard pushforward's W of aDot and of bDot, F,
     * {@code Y = F o (WA - WB diag(lambda)) - diag(WB_kk)/2}, {@code vDot = V Y} and
     * {@code lambdaDot[k] = WA[k][k] - lambda[k] WB[k][k]} (0 in paper mode).
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the definitions
     */
    public static List<IndexDefinition> pushforwardDefinitions(Method method, boolean eigenvalueTerm) {
        Expr i = GeneralN.I;
        Expr j = GeneralN.J;
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        List<IndexDefinition> d = new ArrayList<>();
        GeneralN.symmetricSandwich(d, "ADot", "Ms", "T", "W");
        GeneralN.symmetricSandwich(d, "BDot", "MsB", "TB", "WB");
        GeneralN.pairFactorDefinitions(method, d);
        Expr offDiagonal = Expr.product(Expr.entry("F", k, l), Expr.difference(Expr.entry("W", k, l),
                Expr.product(Expr.entry("WB", k, l), GeneralN.lambda(l))));
        d.add(IndexDefinition.of("Y", Expr.sum(offDiagonal, Expr.select(k, Comparison.EQ, l,
                Expr.product(Expr.constant(-0.5), Expr.entry("WB", k, k)), Expr.ZERO)), "k", "l"));
        d.add(IndexDefinition.of(EigenInputs.V_DOT, GeneralN.overAll("k", Expr.product(GeneralN.v(i, k),
                Expr.entry("Y", k, j))), "i", "j"));
        d.add(IndexDefinition.of(EigenInputs.LAMBDA_DOT, eigenvalueTerm ? Expr.difference(Expr.entry("W", k, k),
                Expr.product(GeneralN.lambda(k), Expr.entry("WB", k, k))) : Expr.ZERO, "k"));
        return d;
    }

    /** {@link #pushforwardDefinitions} followed by the report of {@link #pushforwardRule}. */
    public static List<IndexDefinition> pushforwardRuleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(pushforwardDefinitions(method, eigenvalueTerm));
        Expr offDiagonal = Expr.select(GeneralN.I, Comparison.EQ, GeneralN.K_INDEX, Expr.ZERO,
                Expr.difference(Expr.entry("W", GeneralN.I, GeneralN.K_INDEX), Expr.product(Expr.entry("WB", GeneralN.I,
                        GeneralN.K_INDEX), GeneralN.lambda(GeneralN.K_INDEX))));
        d.addAll(GeneralN.reportDefinitions(method, true, "vectorsDotBound", vectors -> {
            if (vectors) {
                return GeneralN.scaledNorm("wMax", offDiagonal, method.precision(), "i", "k");
            }
            GeneralN.Norm diagonal = GeneralN.scaledNorm("wbMax", Expr.entry("WB", GeneralN.K_INDEX, GeneralN.K_INDEX),
                    method.precision(), "k");
            return new GeneralN.Norm(diagonal.scale(), Expr.product(Expr.HALF, diagonal.value()));
        }));
        return d;
    }

    private static int[] entry(String name, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n).equals(name)) {
                    return new int[] {i, j};
                }
            }
        }
        throw new IllegalStateException("no entry named " + name);
    }
}
