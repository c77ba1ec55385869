package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The formulas that check and explain the rules rather than run in them: Eq. 8 in its
 * matrix-power and spectral forms, Eq. 14 per pair, the Rayleigh quotient's derived gradient
 * and the derived gradient of unrolled power-iteration steps ({@code eigengrad derive}).
 */
public final class Derivations {
    private Derivations() {}

    /**
     * Eq. 8, matrix-power form, for the dominant eigenvector {@code v_0 = (v00, v10, ...)} of
     * the symmetric {@code M} (variables {@code m<i><j>}, i &lt;= j) with eigenvalue {@code lambda0}
     * and cotangent {@code vBar00, vBar10, ...}: {@code u_0 = (I - v v^T) vBar / lambda0},
     * {@code u_{k+1} = M u_k / lambda0}, {@code aBar = sym((sum_{k<K} u_k) v^T)}, unrolled.
     */
    public static Formula matrixPowerForm(int n, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1, got " + k);
        }
        String title = "Eq. 8, matrix-power form, K = " + k + " (dominant eigenvector): power iteration on M as given, "
                + "no shift";
        if (n == Formula.GENERAL) {
            return Formula.general("eq8-power", title, GeneralN.matrixPowerDefinitions());
        }
        EigenInputs in = EigenInputs.of(n);
        SymbolicMatrix m = SymbolicMatrix.symmetricVariables("m", n);
        SymbolicVector v = in.v().column(0);
        SymbolicVector vBar = in.vBar().column(0);
        Expr lambda = in.lambda().get(0);
        Expr inverse = Expr.quotient(Expr.ONE, lambda);
        SymbolicVector u = vBar.minus(v.scale(v.dot(vBar))).scale(inverse);
        SymbolicVector sum = u;
        for (int step = 1; step < k; step++) {
            u = m.times(u).scale(inverse);
            sum = sum.plus(u);
        }
        SymbolicMatrix aBar = sum.outer(v).sym();
        return new Formula("eq8-power", title, n, GeneralN.matrixPowerDefinitions(), EigenFormulas.symmetricOutputs(aBar));
    }

    /**
     * Eq. 8, spectral form: {@code sym(sum_{i>=1} F^(K)_{i0} v_i v_i^T vBar v_0^T)}, on the
     * spectrum as given (no shift, like the matrix-power form: the two agree term by term).
     * An indefinite spectrum has ratios r = lambda_i / lambda_0 &lt; 0, where the stable form's
     * log1p(-delta) is undefined; there the plain (1 - r^K)/(1 - r) is used, which has no
     * cancellation for r &lt; 0 ({@link EigenFormulas#spectralCoefficient}).
     */
    public static Formula spectralForm(int n, Expr k) {
        String title = "Eq. 8, spectral form (dominant eigenvector): power iteration on M as given, no shift";
        if (n == Formula.GENERAL) {
            return Formula.general("eq8-spectral", title, GeneralN.spectralDefinitions());
        }
        EigenInputs in = EigenInputs.of(n);
        SymbolicVector v0 = in.v().column(0);
        SymbolicVector vBar = in.vBar().column(0);
        SymbolicMatrix sum = SymbolicMatrix.zero(n, n);
        for (int i = 1; i < n; i++) {
            SymbolicVector vi = in.v().column(i);
            Expr c = Expr.product(EigenFormulas.spectralCoefficient(in.lambda().get(0), in.lambda().get(i), k), vi.dot(vBar));
            sum = sum.plus(vi.outer(v0).scale(c));
        }
        return new Formula("eq8-spectral", title, n, GeneralN.spectralDefinitions(),
                EigenFormulas.symmetricOutputs(sum.sym()));
    }

    /**
     * Eq. 14 and the section-5 report for every pair i &lt; j: {@code K<i><j>} (adaptive K),
     * {@code pairError<i><j>} (r^K at that K), and {@code shift}.
     */
    public static Formula iterationRule(int n, Expr tolerance, Expr maxIterations) {
        String title = "Eq. 14: per-pair K, pair error r^K and spectrum shift";
        if (n == Formula.GENERAL) {
            return Formula.general("eq14", title, GeneralN.iterationRuleDefinitions());
        }
        EigenInputs in = EigenInputs.of(n);
        Expr shift = EigenFormulas.spectrumShift(in.lambda().get(0), in.lambda().get(n - 1));
        SymbolicVector mu = in.lambda().map(l -> Expr.sum(l, shift));
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        names.add("shift");
        exprs.add(shift);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Expr k = EigenFormulas.adaptiveIterations(mu.get(i), mu.get(j), tolerance, maxIterations);
                names.add("K" + i + j);
                exprs.add(k);
                names.add("pairError" + i + j);
                exprs.add(EigenFormulas.pairError(mu.get(i), mu.get(j), k));
            }
        }
        return new Formula("eq14", title, n, GeneralN.iterationRuleDefinitions(),
                EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    /**
     * The Rayleigh quotient {@code lambda = v^T sym(A) v} over independent entries
     * {@code a<i><j>} and its gradient, derived by {@link ReverseMode}: outputs {@code lambda}
     * and {@code dLambda_da<i><j>}, which simplify to {@code v_i v_j}.
     */
    public static Formula rayleighQuotient(int n) {
        SymbolicMatrix a = SymbolicMatrix.variables("a", n);
        SymbolicVector v = SymbolicVector.variables("v", n);
        Expr lambda = v.dot(a.sym().times(v));
        List<String> names = new ArrayList<>(List.of("lambda"));
        List<Expr> exprs = new ArrayList<>(List.of(lambda));
        List<String> variables = entryNames("a", n);
        Map<String, Expr> gradient = ReverseMode.gradient(lambda, variables);
        for (String name : variables) {
            names.add("dLambda_d" + name);
            exprs.add(gradient.get(name));
        }
        return new Formula("rayleigh", "Rayleigh quotient lambda = v^T sym(A) v and its derived gradient", n,
                List.of(), EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    /**
     * K unrolled power-iteration steps {@code v <- M v / ||M v||} on {@code M = sym(A)} over the
     * n^2 independent entries {@code a<i><j>}, from the frozen start {@code s0, s1, ...}, and the
     * gradient of {@code L = vBar . v^(K)} (cotangent {@code vBar00, vBar10, ...}) derived by
     * {@link ReverseMode}: outputs {@code dL_da<i><j>}. The generator re-derives Eq. 8 this way.
     */
    public static Formula powerIterationSteps(int n, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1, got " + k);
        }
        SymbolicMatrix m = SymbolicMatrix.variables("a", n).sym();
        SymbolicVector v = SymbolicVector.variables("s", n);
        for (int step = 0; step < k; step++) {
            SymbolicVector w = m.times(v);
            v = w.scale(Expr.quotient(Expr.ONE, w.norm()));
        }
        Expr loss = v.dot(EigenInputs.of(n).vBar().column(0));
        List<String> variables = entryNames("a", n);
        Map<String, Expr> gradient = ReverseMode.gradient(loss, variables);
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (String name : variables) {
            names.add("dL_d" + name);
            exprs.add(gradient.get(name));
        }
        return new Formula("pi-steps", "Gradient of " + k + " unrolled power-iteration steps on M = sym(A) as given, "
                + "derived", n, List.of(),
                EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    private static List<String> entryNames(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                names.add(SymbolicMatrix.entryName(prefix, i, j, n));
            }
        }
        return names;
    }
}
