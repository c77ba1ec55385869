package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.ComplexExpr;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicComplexMatrix;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The derivatives of the complex Hermitian eigendecomposition in its phase gauge (docs/math.md
 * section 13) at a fixed size, with complex values as pairs of real expressions
 * ({@link ComplexExpr}). Inputs: {@code lambda<i>}, V as {@code vRe<i><j>}, {@code vIm<i><j>},
 * {@code lambdaBar<i>}, VBar as {@code vBarRe<i><j>}, {@code vBarIm<i><j>} (convention
 * {@code VBar = dL/dRe V + i dL/dIm V}), and for the pushforward {@code aDotRe<i><j>},
 * {@code aDotIm<i><j>}. The gauge row of column j, the first of largest modulus, is found by
 * selects on the moduli, so the formulas hold for V in the solver's gauge.
 */
public final class HermitianFormulas {
    /** The prefix of V's parts. */
    public static final String V = "v";
    /** The prefix of VBar's parts. */
    public static final String V_BAR = "vBar";
    /** The prefix of the gradient's parts, {@code aBarRe<i><j>}, {@code aBarIm<i><j>}. */
    public static final String A_BAR = "aBar";
    /** The prefix of the tangent's parts. */
    public static final String A_DOT = "aDot";
    /** The prefix of the eigenvector tangents' parts. */
    public static final String V_DOT = "vDot";

    private static final String PULLBACK_TITLE = "Hermitian pullback (docs/math.md section 13): ABar = V (F o "
            + "skewH(G) + diag(lambdaBar)) V^H, G = V^H VBar' with the phase-gauge correction";
    private static final String PUSHFORWARD_TITLE = "Hermitian pushforward (docs/math.md section 13): lambdaDot = "
            + "Re diag(W), VDot = V (F o W) + V diag(i theta), W = V^H herm(ADot) V";

    private HermitianFormulas() {}

    /**
     * The pullback {@code ABar = V (F o skewH(G) + diag(lambdaBar)) V^H}, {@code G = V^H VBar'},
     * VBar' the cotangent with the gauge correction
     * {@code VBar'_pj = VBar_pj - i Im(G0_jj) / V_pj} at the gauge row p of column j
     * ({@code G0 = V^H VBar}). Outputs {@code aBarRe<i><j>}, {@code aBarIm<i><j>} for i &lt;= j
     * (ABar is Hermitian).
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the formula
     */
    public static Formula pullback(int n, Method method, boolean eigenvalueTerm) {
        if (n == Formula.GENERAL) {
            return Formula.general("hermitian-pullback", PULLBACK_TITLE, pullbackDefinitions(method, eigenvalueTerm));
        }
        return new Formula("hermitian-pullback", PULLBACK_TITLE, n, pullbackDefinitions(method, eigenvalueTerm),
                sandwich(SymbolicComplexMatrix.variables(V, n), pullbackCore(n, method, eigenvalueTerm), n));
    }

    /** The prefix of the Hermitian core X of a staged formula, {@code xRe<k><l>}, {@code xIm<k><l>}. */
    public static final String X = "x";

    /**
     * {@link #pullback} in two stages (see {@link StagedFormula}): the Hermitian core
     * {@code X = F o skewH(G) + diag(lambdaBar)} as {@code xRe<k><l>} (k &lt;= l) and
     * {@code xIm<k><l>} (k &lt; l), then {@code ABar = V X V^H} from them.
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the two stages
     */
    public static StagedFormula pullbackStages(int n, Method method, boolean eigenvalueTerm) {
        return staged(pullbackCore(n, method, eigenvalueTerm), n);
    }

    /** The stages of {@code V X V^H} for the Hermitian core {@code x}: its upper triangle, then the sandwich. */
    static StagedFormula staged(ComplexExpr[][] x, int n) {
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        ComplexExpr[][] cut = new ComplexExpr[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = k; l < n; l++) {
                Expr re = Expr.variable(SymbolicMatrix.entryName(X + "Re", k, l, n));
                names.add(re.name());
                exprs.add(x[k][l].re());
                Expr im = Expr.ZERO;
                if (k < l) {
                    im = Expr.variable(SymbolicMatrix.entryName(X + "Im", k, l, n));
                    names.add(im.name());
                    exprs.add(x[k][l].im());
                }
                cut[k][l] = new ComplexExpr(re, im);
                cut[l][k] = cut[k][l].conj();
            }
        }
        return new StagedFormula(EigenFormulas.outputs(names, Simplifier.simplify(exprs)),
                sandwich(SymbolicComplexMatrix.variables(V, n), cut, n));
    }

    /** {@code X = F o skewH(G) + diag(lambdaBar)} of {@link #pullback}, Hermitian. */
    private static ComplexExpr[][] pullbackCore(int n, Method method, boolean eigenvalueTerm) {
        SymbolicVector lambda = SymbolicVector.variables(EigenInputs.LAMBDA, n);
        SymbolicVector lambdaBar = SymbolicVector.variables(EigenInputs.LAMBDA_BAR, n);
        SymbolicComplexMatrix v = SymbolicComplexMatrix.variables(V, n);
        SymbolicComplexMatrix vBar = SymbolicComplexMatrix.variables(V_BAR, n);
        ComplexExpr[][] corrected = corrected(v, vBar, n);
        SymbolicComplexMatrix g = v.hermitianTranspose().times(SymbolicComplexMatrix.of(n, n, (i, j) -> corrected[i][j]));
        SymbolicVector mu = shifted(method, lambda);
        ComplexExpr[][] x = new ComplexExpr[n][n];
        for (int k = 0; k < n; k++) {
            x[k][k] = ComplexExpr.real(eigenvalueTerm ? lambdaBar.get(k) : Expr.ZERO);
            for (int l = k + 1; l < n; l++) {
                // F_lk approximates 1/(lambda_k - lambda_l); X_lk = F_lk skewH(G)_lk, X_kl = conj(X_lk)
                Expr f = EigenFormulas.coefficient(method, lambda, mu, k, l);
                x[l][k] = g.get(l, k).minus(g.get(k, l).conj()).times(Expr.product(Expr.HALF, f));
                x[k][l] = x[l][k].conj();
            }
        }
        return x;
    }

    /**
     * {@code V X V^H} for a Hermitian X as outputs {@code aBarRe<i><j>}, {@code aBarIm<i><j>}
     * for i &lt;= j, the diagonal real.
     */
    static List<Formula.Output> sandwich(SymbolicComplexMatrix v, ComplexExpr[][] x, int n) {
        SymbolicComplexMatrix aBar = v.times(SymbolicComplexMatrix.of(n, n, (k, l) -> x[k][l]))
                .times(v.hermitianTranspose());
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                names.add(SymbolicMatrix.entryName(A_BAR + "Re", i, j, n));
                exprs.add(aBar.get(i, j).re());
                names.add(SymbolicMatrix.entryName(A_BAR + "Im", i, j, n));
                exprs.add(i == j ? Expr.ZERO : aBar.get(i, j).im());
            }
        }
        return EigenFormulas.outputs(names, Simplifier.simplify(exprs));
    }

    /**
     * VBar' of {@link #pullback}: column j of VBar less {@code i Im(G0_jj) / V_pj} at its gauge
     * row p.
     */
    private static ComplexExpr[][] corrected(SymbolicComplexMatrix v, SymbolicComplexMatrix vBar, int n) {
        Expr[][] gauge = gaugeIndicators(v, n);
        ComplexExpr[][] corrected = new ComplexExpr[n][n];
        for (int j = 0; j < n; j++) {
            List<ComplexExpr> terms = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                terms.add(v.get(m, j).conj().times(vBar.get(m, j)));
            }
            Expr c = Expr.quotient(ComplexExpr.sum(terms).im(), gaugeValue(v, gauge, j, n));
            for (int m = 0; m < n; m++) {
                corrected[m][j] = new ComplexExpr(vBar.get(m, j).re(), Expr.difference(vBar.get(m, j).im(),
                        Expr.product(gauge[m][j], c)));
            }
        }
        return corrected;
    }

    /**
     * What a fixed-size complex pullback rule computes: {@link #pullback} and the report of
     * {@link #pullbackRuleDefinitions} ({@code shift}, {@code iterationsUsed},
     * {@code maxPairError}, {@code gradientBound = max|F| ||VBar'||_F} + {@code ||lambdaBar||_2}).
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the formula
     */
    public static Formula pullbackRule(int n, Method method, boolean eigenvalueTerm) {
        Formula gradient = pullback(n, method, eigenvalueTerm);
        SymbolicVector lambda = SymbolicVector.variables(EigenInputs.LAMBDA, n);
        SymbolicVector lambdaBar = SymbolicVector.variables(EigenInputs.LAMBDA_BAR, n);
        ComplexExpr[][] corrected = corrected(SymbolicComplexMatrix.variables(V, n),
                SymbolicComplexMatrix.variables(V_BAR, n), n);
        List<Expr> parts = new ArrayList<>();
        for (ComplexExpr[] row : corrected) {
            for (ComplexExpr z : row) {
                parts.add(z.re());
                parts.add(z.im());
            }
        }
        List<Formula.Output> outputs = new ArrayList<>(gradient.outputs());
        outputs.addAll(report(lambda, method, eigenvalueTerm, EigenFormulas.REPORT, vectors -> vectors
                ? EigenFormulas.norm(parts, method.precision())
                : EigenFormulas.norm(lambdaBar.entries(), method.precision())));
        return new Formula("hermitian-rule", gradient.title() + ", with the section-5 report", n,
                pullbackRuleDefinitions(method, eigenvalueTerm), outputs);
    }

    /**
     * What a fixed-size complex pushforward rule computes: {@link #pushforward} and the report of
     * {@link #pushforwardRuleDefinitions} (the bound {@code (1 + sqrt(n)) max|F| ||offdiag W||_F}).
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the formula
     */
    public static Formula pushforwardRule(int n, Method method, boolean eigenvalueTerm) {
        Formula tangents = pushforward(n, method, eigenvalueTerm);
        SymbolicVector lambda = SymbolicVector.variables(EigenInputs.LAMBDA, n);
        SymbolicComplexMatrix v = SymbolicComplexMatrix.variables(V, n);
        SymbolicComplexMatrix w = v.hermitianTranspose().times(SymbolicComplexMatrix.variables(A_DOT, n)
                .hermitianPart()).times(v);
        List<Expr> offDiagonal = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    offDiagonal.add(w.get(i, j).re());
                    offDiagonal.add(w.get(i, j).im());
                }
            }
        }
        Expr factor = Expr.sum(Expr.ONE, Expr.sqrt(Expr.constant(n)));
        List<Formula.Output> outputs = new ArrayList<>(tangents.outputs());
        outputs.addAll(report(lambda, method, false, PushforwardFormulas.REPORT, vectors -> Expr.product(factor,
                EigenFormulas.norm(offDiagonal, method.precision()))));
        return new Formula("hermitian-jvp-rule", tangents.title() + ", with the report", n,
                pushforwardRuleDefinitions(method, eigenvalueTerm), outputs);
    }

    /** The report outputs named {@code names}: the shift, then {@link Report#of} with the norms given. */
    private static List<Formula.Output> report(SymbolicVector lambda, Method method, boolean withValues,
            List<String> names, java.util.function.Function<Boolean, Expr> norm) {
        List<Expr> exprs = new ArrayList<>();
        exprs.add(EigenFormulas.shift(method, lambda));
        exprs.addAll(Report.of(method, withValues, EigenFormulas.spectrum(method, shifted(method, lambda), norm)));
        return EigenFormulas.outputs(names, Simplifier.simplify(exprs));
    }

    /**
     * The pushforward along ADot (any complex matrix; its Hermitian part acts):
     * {@code W = V^H herm(ADot) V}, {@code lambdaDot = Re diag(W)},
     * {@code VDot = V (F o W) + V diag(i theta)} with
     * {@code theta_j = -Im((V (F o W))_pj) / V_pj}, which keeps the gauge entry real. Outputs
     * {@code lambdaDot<i>}, {@code vDotRe<i><j>}, {@code vDotIm<i><j>}.
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the formula
     */
    public static Formula pushforward(int n, Method method, boolean eigenvalueTerm) {
        if (n == Formula.GENERAL) {
            return Formula.general("hermitian-pushforward", PUSHFORWARD_TITLE, pushforwardDefinitions(method,
                    eigenvalueTerm));
        }
        SymbolicComplexMatrix v = SymbolicComplexMatrix.variables(V, n);
        SymbolicComplexMatrix w = tangentW(v, n);
        Expr[] wDiagonal = new Expr[n];
        for (int i = 0; i < n; i++) {
            wDiagonal[i] = w.get(i, i).re();
        }
        return new Formula("hermitian-pushforward", PUSHFORWARD_TITLE, n, pushforwardDefinitions(method,
                eigenvalueTerm), pushforwardTail(v, pushforwardCore(w, n, method), wDiagonal, n, eigenvalueTerm));
    }

    /**
     * {@link #pushforward} in two stages (see {@link StagedFormula}): the skew-Hermitian core
     * {@code Y = F o W} as {@code yRe<l><k>}, {@code yIm<l><k>} (l &gt; k) and
     * {@code Re diag(W)} as {@code wDiag<i>}, then the tangents from them.
     *
     * @param n the size, at least 1
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the two stages
     */
    public static StagedFormula pushforwardStages(int n, Method method, boolean eigenvalueTerm) {
        SymbolicComplexMatrix v = SymbolicComplexMatrix.variables(V, n);
        SymbolicComplexMatrix w = tangentW(v, n);
        ComplexExpr[][] y = pushforwardCore(w, n, method);
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        ComplexExpr[][] cutY = new ComplexExpr[n][n];
        Expr[] cutDiagonal = new Expr[n];
        for (int k = 0; k < n; k++) {
            cutY[k][k] = ComplexExpr.ZERO;
            for (int l = k + 1; l < n; l++) {
                Expr re = Expr.variable(SymbolicMatrix.entryName("yRe", l, k, n));
                Expr im = Expr.variable(SymbolicMatrix.entryName("yIm", l, k, n));
                names.addAll(List.of(re.name(), im.name()));
                exprs.addAll(List.of(y[l][k].re(), y[l][k].im()));
                cutY[l][k] = new ComplexExpr(re, im);
                cutY[k][l] = ComplexExpr.ZERO.minus(cutY[l][k].conj()); // Y_kl = -F_lk W_kl = -conj(Y_lk)
            }
        }
        for (int i = 0; i < n; i++) {
            cutDiagonal[i] = Expr.ZERO;
            if (eigenvalueTerm) {
                cutDiagonal[i] = Expr.variable("wDiag" + i);
                names.add("wDiag" + i);
                exprs.add(w.get(i, i).re());
            }
        }
        return new StagedFormula(EigenFormulas.outputs(names, Simplifier.simplify(exprs)),
                pushforwardTail(v, cutY, cutDiagonal, n, eigenvalueTerm));
    }

    /** {@code W = V^H herm(ADot) V}. */
    private static SymbolicComplexMatrix tangentW(SymbolicComplexMatrix v, int n) {
        return v.hermitianTranspose().times(SymbolicComplexMatrix.variables(A_DOT, n).hermitianPart()).times(v);
    }

    /** {@code Y = F o W} with a zero diagonal: {@code Y_lk = F_lk W_lk}, {@code Y_kl = -F_lk W_kl}. */
    private static ComplexExpr[][] pushforwardCore(SymbolicComplexMatrix w, int n, Method method) {
        SymbolicVector lambda = SymbolicVector.variables(EigenInputs.LAMBDA, n);
        SymbolicVector mu = shifted(method, lambda);
        ComplexExpr[][] y = new ComplexExpr[n][n];
        for (int k = 0; k < n; k++) {
            y[k][k] = ComplexExpr.ZERO;
            for (int l = k + 1; l < n; l++) {
                Expr f = EigenFormulas.coefficient(method, lambda, mu, k, l); // F_lk
                y[l][k] = w.get(l, k).times(f);
                y[k][l] = w.get(k, l).times(Expr.negate(f));
            }
        }
        return y;
    }

    /**
     * The tangents from the core: {@code lambdaDot = Re diag(W)} (given as {@code wDiagonal}),
     * {@code Omega = V Y}, theta at the gauge rows, {@code VDot = Omega + i V diag(theta)}.
     */
    private static List<Formula.Output> pushforwardTail(SymbolicComplexMatrix v, ComplexExpr[][] y, Expr[] wDiagonal,
            int n, boolean eigenvalueTerm) {
        SymbolicComplexMatrix omega = v.times(SymbolicComplexMatrix.of(n, n, (k, l) -> y[k][l]));
        Expr[][] gauge = gaugeIndicators(v, n);
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(EigenInputs.LAMBDA_DOT + i);
            exprs.add(eigenvalueTerm ? wDiagonal[i] : Expr.ZERO);
        }
        Expr[] theta = new Expr[n];
        for (int j = 0; j < n; j++) {
            List<Expr> atGauge = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                atGauge.add(Expr.product(gauge[m][j], omega.get(m, j).im()));
            }
            theta[j] = Expr.negate(Expr.quotient(Expr.sum(atGauge), gaugeValue(v, gauge, j, n)));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ComplexExpr vDot = omega.get(i, j).plus(v.get(i, j).timesI().times(theta[j]));
                names.add(SymbolicMatrix.entryName(V_DOT + "Re", i, j, n));
                exprs.add(vDot.re());
                names.add(SymbolicMatrix.entryName(V_DOT + "Im", i, j, n));
                exprs.add(vDot.im());
            }
        }
        return EigenFormulas.outputs(names, Simplifier.simplify(exprs));
    }

    /**
     * The pullback for any n in index notation, complex values as pairs of real arrays: inputs
     * {@code lambda[k]}, {@code Vr}, {@code Vi}, {@code lambdaBar[k]}, {@code VBr}, {@code VBi};
     * the gauge rows ({@link #gaugeDefinitions}), the corrected imaginary part {@code VBi2} of
     * VBar', {@code G = V^H VBar'}, F, {@code X = F o skewH(G) + diag(lambdaBar)},
     * {@code Y = X V^H} and {@code aBarRe}, {@code aBarIm} {@code = V Y}: three complex O(n^3)
     * products.
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the definitions
     */
    public static List<IndexDefinition> pullbackDefinitions(Method method, boolean eigenvalueTerm) {
        Expr i = GeneralN.I;
        Expr j = GeneralN.J;
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        Expr m = GeneralN.M_INDEX;
        List<IndexDefinition> d = new ArrayList<>(gaugeDefinitions());
        // Im(G0_jj) / V_pj, and VBar' = VBar - i (that) e_p in column j
        d.add(IndexDefinition.of("gaugeShift", Expr.quotient(GeneralN.overAll("m", Expr.difference(
                Expr.product(Expr.entry("Vr", m, j), Expr.entry("VBi", m, j)),
                Expr.product(Expr.entry("Vi", m, j), Expr.entry("VBr", m, j)))), Expr.entry("gaugeValue", j)), "j"));
        d.add(IndexDefinition.of("VBi2", Expr.difference(Expr.entry("VBi", m, j), Expr.product(Expr.entry("gauge", m, j),
                Expr.entry("gaugeShift", j))), "m", "j"));
        d.add(IndexDefinition.of("Gr", GeneralN.overAll("m", Expr.sum(Expr.product(Expr.entry("Vr", m, k),
                Expr.entry("VBr", m, l)), Expr.product(Expr.entry("Vi", m, k), Expr.entry("VBi2", m, l)))), "k", "l"));
        d.add(IndexDefinition.of("Gi", GeneralN.overAll("m", Expr.difference(Expr.product(Expr.entry("Vr", m, k),
                Expr.entry("VBi2", m, l)), Expr.product(Expr.entry("Vi", m, k), Expr.entry("VBr", m, l)))), "k", "l"));
        GeneralN.pairFactorDefinitions(method, d);
        Expr xr = Expr.product(Expr.entry("F", k, l), Expr.HALF, Expr.difference(Expr.entry("Gr", k, l),
                Expr.entry("Gr", l, k)));
        if (eigenvalueTerm) {
            xr = Expr.sum(xr, Expr.select(k, Comparison.EQ, l, Expr.entry("lambdaBar", k), Expr.ZERO));
        }
        d.add(IndexDefinition.of("Xr", xr, "k", "l"));
        d.add(IndexDefinition.of("Xi", Expr.product(Expr.entry("F", k, l), Expr.HALF, Expr.sum(Expr.entry("Gi", k, l),
                Expr.entry("Gi", l, k))), "k", "l"));
        backTransform(d);
        return d;
    }

    /**
     * The pushforward for any n in index notation: the Hermitian part {@code (Msr, Msi)} of
     * ADot {@code (ADr, ADi)}, {@code T = Ms V}, {@code W = V^H T}, F, {@code Y = F o W},
     * {@code Om = V Y}, the gauge rows, {@code theta[j] = -Im(Om_pj) / V_pj},
     * {@code vDot = Om + i V diag(theta)} and {@code lambdaDot = Re diag(W)}.
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
        Expr m = GeneralN.M_INDEX;
        List<IndexDefinition> d = new ArrayList<>();
        hermitianSandwich(d, "ADr", "ADi", "Msr", "Msi");
        GeneralN.pairFactorDefinitions(method, d);
        d.add(IndexDefinition.of("Yr", Expr.product(Expr.entry("F", k, l), Expr.entry("Wr", k, l)), "k", "l"));
        d.add(IndexDefinition.of("Yi", Expr.product(Expr.entry("F", k, l), Expr.entry("Wi", k, l)), "k", "l"));
        d.add(IndexDefinition.of("Omr", GeneralN.overAll("k", Expr.difference(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Yr", k, j)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Yi", k, j)))), "i", "j"));
        d.add(IndexDefinition.of("Omi", GeneralN.overAll("k", Expr.sum(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Yi", k, j)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Yr", k, j)))), "i", "j"));
        d.addAll(gaugeDefinitions());
        d.add(IndexDefinition.of("theta", Expr.negate(Expr.quotient(GeneralN.overAll("m", Expr.product(
                Expr.entry("gauge", m, j), Expr.entry("Omi", m, j))), Expr.entry("gaugeValue", j))), "j"));
        d.add(IndexDefinition.of(V_DOT + "Re", Expr.difference(Expr.entry("Omr", i, j), Expr.product(Expr.entry("Vi", i, j),
                Expr.entry("theta", j))), "i", "j"));
        d.add(IndexDefinition.of(V_DOT + "Im", Expr.sum(Expr.entry("Omi", i, j), Expr.product(Expr.entry("Vr", i, j),
                Expr.entry("theta", j))), "i", "j"));
        d.add(IndexDefinition.of(EigenInputs.LAMBDA_DOT, eigenvalueTerm ? Expr.entry("Wr", k, k) : Expr.ZERO, "k"));
        return d;
    }

    /**
     * {@link #pullbackDefinitions} with the section-5 report of a rule: the shift, K used, the
     * largest r^K, and {@code gradientBound = max|F| ||VBar'||_F} (+ {@code ||lambdaBar||_2} with
     * the eigenvalue term), V being unitary.
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the definitions
     */
    public static List<IndexDefinition> pullbackRuleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(pullbackDefinitions(method, eigenvalueTerm));
        Expr modulus = Expr.sqrt(Expr.sum(Expr.product(Expr.entry("VBr", GeneralN.I, GeneralN.K_INDEX),
                Expr.entry("VBr", GeneralN.I, GeneralN.K_INDEX)), Expr.product(Expr.entry("VBi2", GeneralN.I,
                GeneralN.K_INDEX), Expr.entry("VBi2", GeneralN.I, GeneralN.K_INDEX))));
        d.addAll(GeneralN.reportDefinitions(method, eigenvalueTerm, "gradientBound", vectors -> vectors
                ? GeneralN.scaledNorm("vBarMax", modulus, method.precision(), "i", "k")
                : GeneralN.scaledNorm("lambdaBarMax", Expr.entry("lambdaBar", GeneralN.K_INDEX), method.precision(),
                        "k")));
        return d;
    }

    /**
     * {@link #pushforwardDefinitions} with the report: the shift, K used, the largest r^K, and
     * {@code vectorsDotBound = (1 + sqrt(n)) max|F| ||offdiag(W)||_F}: {@code ||V (F o W)||_F} is at
     * most {@code max|F| ||offdiag W||_F}, and the gauge term {@code ||theta||_2} at most
     * {@code sqrt(n)} times that, the gauge entry having modulus at least {@code 1/sqrt(n)}.
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaDot is formed
     * @return the definitions
     */
    public static List<IndexDefinition> pushforwardRuleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(pushforwardDefinitions(method, eigenvalueTerm));
        Expr i = GeneralN.I;
        Expr k = GeneralN.K_INDEX;
        Expr offDiagonal = Expr.select(i, Comparison.EQ, k, Expr.ZERO, Expr.sqrt(Expr.sum(Expr.product(
                Expr.entry("Wr", i, k), Expr.entry("Wr", i, k)), Expr.product(Expr.entry("Wi", i, k),
                Expr.entry("Wi", i, k)))));
        d.addAll(GeneralN.reportDefinitions(method, false, "vectorsDotBound", vectors -> {
            GeneralN.Norm w = GeneralN.scaledNorm("wMax", offDiagonal, method.precision(), "i", "k");
            return new GeneralN.Norm(w.scale(), Expr.product(Expr.sum(Expr.ONE, Expr.sqrt(GeneralN.N)), w.value()));
        }));
        return d;
    }

    /**
     * {@code (sr, si) = herm(X)} of the complex input {@code (xr, xi)}, then {@code T = herm(X) V}
     * and {@code W = V^H T} as {@code (Tr, Ti)}, {@code (Wr, Wi)}: two complex O(n^3) products.
     */
    static void hermitianSandwich(List<IndexDefinition> d, String xr, String xi, String sr, String si) {
        Expr i = GeneralN.I;
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        d.add(IndexDefinition.of(sr, Expr.product(Expr.HALF, Expr.sum(Expr.entry(xr, k, l),
                Expr.entry(xr, l, k))), "k", "l"));
        d.add(IndexDefinition.of(si, Expr.product(Expr.HALF, Expr.difference(Expr.entry(xi, k, l),
                Expr.entry(xi, l, k))), "k", "l"));
        d.add(IndexDefinition.of("Tr", GeneralN.overAll("k", Expr.difference(Expr.product(Expr.entry(sr, i, k),
                Expr.entry("Vr", k, l)), Expr.product(Expr.entry(si, i, k), Expr.entry("Vi", k, l)))), "i", "l"));
        d.add(IndexDefinition.of("Ti", GeneralN.overAll("k", Expr.sum(Expr.product(Expr.entry(sr, i, k),
                Expr.entry("Vi", k, l)), Expr.product(Expr.entry(si, i, k), Expr.entry("Vr", k, l)))), "i", "l"));
        d.add(IndexDefinition.of("Wr", GeneralN.overAll("i", Expr.sum(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Tr", i, l)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Ti", i, l)))), "k", "l"));
        d.add(IndexDefinition.of("Wi", GeneralN.overAll("i", Expr.difference(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Ti", i, l)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Tr", i, l)))), "k", "l"));
    }

    /**
     * {@code Y = X V^H} and {@code (aBarRe, aBarIm) = V Y} from the complex {@code (Xr, Xi)}: two
     * complex O(n^3) products.
     */
    static void backTransform(List<IndexDefinition> d) {
        Expr i = GeneralN.I;
        Expr j = GeneralN.J;
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        // Y = X V^H: (V^H)_lj = conj(V_jl)
        d.add(IndexDefinition.of("Yr", GeneralN.overAll("l", Expr.sum(Expr.product(Expr.entry("Xr", k, l),
                Expr.entry("Vr", j, l)), Expr.product(Expr.entry("Xi", k, l), Expr.entry("Vi", j, l)))), "k", "j"));
        d.add(IndexDefinition.of("Yi", GeneralN.overAll("l", Expr.difference(Expr.product(Expr.entry("Xi", k, l),
                Expr.entry("Vr", j, l)), Expr.product(Expr.entry("Xr", k, l), Expr.entry("Vi", j, l)))), "k", "j"));
        d.add(IndexDefinition.of(A_BAR + "Re", GeneralN.overAll("k", Expr.difference(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Yr", k, j)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Yi", k, j)))), "i", "j"));
        d.add(IndexDefinition.of(A_BAR + "Im", GeneralN.overAll("k", Expr.sum(Expr.product(Expr.entry("Vr", i, k),
                Expr.entry("Yi", k, j)), Expr.product(Expr.entry("Vi", i, k), Expr.entry("Yr", k, j)))), "i", "j"));
    }

    /**
     * The gauge rows for any n: {@code sq[m][j] = |V_mj|^2}, the threshold {@code colMax[j]}
     * ({@code 1 - GAUGE_TIE} times the column maximum), the running maximum down the column,
     * {@code gauge[m][j]} 1 at the first row reaching the threshold (0 elsewhere), and
     * {@code gaugeValue[j] = V_pj}.
     */
    static List<IndexDefinition> gaugeDefinitions() {
        Expr j = GeneralN.J;
        Expr m = GeneralN.M_INDEX;
        List<IndexDefinition> d = new ArrayList<>();
        d.add(IndexDefinition.of("sq", Expr.sum(Expr.product(Expr.entry("Vr", m, j), Expr.entry("Vr", m, j)),
                Expr.product(Expr.entry("Vi", m, j), Expr.entry("Vi", m, j))), "m", "j"));
        d.add(IndexDefinition.of("colMax", Expr.product(Expr.constant(1 - GAUGE_TIE),
                GeneralN.overAllMax("m", Expr.entry("sq", m, j))), "j"));
        Expr previous = Expr.entry("runMax", Expr.difference(m, Expr.ONE), j);
        d.add(IndexDefinition.of("runMax", Expr.select(m, Comparison.EQ, Expr.ZERO, Expr.entry("sq", m, j),
                Expr.max(previous, Expr.entry("sq", m, j))), "m", "j"));
        // the first row reaching (1 - GAUGE_TIE) times the maximum: every earlier row below it
        Expr first = Expr.select(m, Comparison.EQ, Expr.ZERO, Expr.ONE, Expr.select(previous, Comparison.LT,
                Expr.entry("colMax", j), Expr.ONE, Expr.ZERO));
        d.add(IndexDefinition.of("gauge", Expr.select(Expr.entry("sq", m, j), Comparison.LT, Expr.entry("colMax", j),
                Expr.ZERO, first), "m", "j"));
        d.add(IndexDefinition.of("gaugeValue", GeneralN.overAll("m", Expr.product(Expr.entry("gauge", m, j),
                Expr.entry("Vr", m, j))), "j"));
        return d;
    }

    /** {@code mu = lambda + shift} for a series method, lambda for analytic. */
    private static SymbolicVector shifted(Method method, SymbolicVector lambda) {
        Expr shift = EigenFormulas.shift(method, lambda);
        return lambda.map(l -> Expr.sum(l, shift));
    }

    /** Squared moduli within this fraction of a column's largest count as tied (the runtime's {@code GAUGE_TIE}). */
    public static final double GAUGE_TIE = 0x1p-40;

    /**
     * {@code g[m][j]} is 1 when row m is the gauge row of column j: the first whose squared
     * modulus reaches {@code (1 - GAUGE_TIE)} times the column's largest (0 elsewhere), by
     * selects, as the solver picks it.
     */
    static Expr[][] gaugeIndicators(SymbolicComplexMatrix v, int n) {
        Expr[][] g = new Expr[n][n];
        for (int j = 0; j < n; j++) {
            Expr largest = v.get(0, j).modulusSquared();
            for (int m = 1; m < n; m++) {
                largest = Expr.max(largest, v.get(m, j).modulusSquared());
            }
            Expr threshold = Expr.product(Expr.constant(1 - GAUGE_TIE), largest);
            Expr earlier = Expr.ZERO; // 1 once a row has reached the threshold
            for (int m = 0; m < n; m++) {
                Expr reaches = Expr.select(v.get(m, j).modulusSquared(), Comparison.LT, threshold, Expr.ZERO, Expr.ONE);
                g[m][j] = Expr.select(earlier, Comparison.GT, Expr.ZERO, Expr.ZERO, reaches);
                earlier = Expr.max(earlier, reaches);
            }
        }
        return g;
    }

    /** {@code V_pj} at the gauge row p of column j (real and positive in the gauge). */
    private static Expr gaugeValue(SymbolicComplexMatrix v, Expr[][] gauge, int j, int n) {
        List<Expr> terms = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            terms.add(Expr.product(gauge[m][j], v.get(m, j).re()));
        }
        return Expr.sum(terms);
    }
}
