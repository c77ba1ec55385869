package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.ComplexExpr;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicComplexMatrix;
import io.github.eigengrad.generator.expr.SymbolicVector;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matrix functions of a complex Hermitian matrix (docs/math.md section 13):
 * {@code f(M) = V f(Lambda) V^H}, and the exact gradient of {@code L = Re <f(herm(A)), C>}
 * ({@code <X, Y> = sum conj(X_ij) Y_ij}, any complex C), which is
 * {@code ABar = V (f[1] o (V^H herm(C) V)) V^H} in the convention
 * {@code ABar = dL/dRe A + i dL/dIm A}. f[1] is real and symmetric, so the map
 * {@code C -> ABar} is self-adjoint for {@code Re <., .>}: it is also the Frechet derivative of
 * f along {@code herm(ADot)}. f(M) does not depend on the phases of V, so no gauge enters. The
 * divided differences are those of {@link MatrixFunctions}. Inputs as {@link HermitianFormulas}
 * ({@code lambda<i>}, {@code vRe<i><j>}, {@code vIm<i><j>}) and C as {@code cRe<i><j>},
 * {@code cIm<i><j>}.
 */
public final class HermitianMatrixFunctions {
    /** The prefix of C's parts. */
    public static final String C = "c";

    private HermitianMatrixFunctions() {}

    /**
     * The gradient at size n: outputs {@code aBarRe<i><j>}, {@code aBarIm<i><j>} for i &lt;= j
     * (ABar is Hermitian; its diagonal is real).
     *
     * @param n the size, at least 1, or {@link Formula#GENERAL} for the index-notation definitions
     * @param f the scalar function
     * @return the formula
     */
    public static Formula gradient(int n, ScalarFunction f) {
        String title = "Exact gradient of Re <f(herm(A)), C> for f = " + f.title() + " of a complex Hermitian matrix "
                + "(Daleckii-Krein, docs/math.md section 13): ABar = V (f[1] o (V^H herm(C) V)) V^H";
        if (n == Formula.GENERAL) {
            return Formula.general("hermitian-f-" + f.id(), title, gradientDefinitions(f));
        }
        return new Formula("hermitian-f-" + f.id(), title, n, gradientDefinitions(f),
                HermitianFormulas.sandwich(SymbolicComplexMatrix.variables(HermitianFormulas.V, n), core(n, f), n));
    }

    /**
     * {@link #gradient} in two stages (see {@link StagedFormula}): the Hermitian core
     * {@code X = f[1] o (V^H herm(C) V)}, then {@code V X V^H}.
     *
     * @param n the size, at least 1
     * @param f the scalar function
     * @return the two stages
     */
    public static StagedFormula gradientStages(int n, ScalarFunction f) {
        return HermitianFormulas.staged(core(n, f), n);
    }

    /** {@code X = f[1] o (V^H herm(C) V)}, Hermitian with a real diagonal. */
    private static ComplexExpr[][] core(int n, ScalarFunction f) {
        SymbolicVector lambda = SymbolicVector.variables(EigenInputs.LAMBDA, n);
        SymbolicComplexMatrix v = SymbolicComplexMatrix.variables(HermitianFormulas.V, n);
        SymbolicComplexMatrix c = SymbolicComplexMatrix.variables(C, n);
        SymbolicComplexMatrix w = v.hermitianTranspose().times(c.hermitianPart()).times(v);
        Expr dd = MatrixFunctions.dividedDifference(f, Expr.variable("a"), Expr.variable("b"));
        ComplexExpr[][] x = new ComplexExpr[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = k; l < n; l++) {
                Expr d = dd.substitute(Map.of("a", lambda.get(k), "b", lambda.get(l)));
                // W is Hermitian: its diagonal is real, X_lk = conj(X_kl)
                x[k][l] = k == l ? ComplexExpr.real(Expr.product(d, w.get(k, k).re())) : w.get(k, l).times(d);
                x[l][k] = x[k][l].conj();
            }
        }
        return x;
    }

    /**
     * The gradient for any n in index notation: C as {@code (Cr, Ci)}, V as {@code (Vr, Vi)};
     * {@code herm(C)}, {@code W = V^H herm(C) V}, {@code D = f[1]}, {@code X = D o W} with a
     * real diagonal, {@code Y = X V^H} and {@code (aBarRe, aBarIm) = V Y}: four complex O(n^3)
     * products.
     *
     * @param f the scalar function
     * @return the definitions
     */
    public static List<IndexDefinition> gradientDefinitions(ScalarFunction f) {
        Expr k = GeneralN.K_INDEX;
        Expr l = GeneralN.L;
        List<IndexDefinition> d = new ArrayList<>();
        HermitianFormulas.hermitianSandwich(d, "Cr", "Ci", "Csr", "Csi");
        d.add(GeneralN.dividedDifferences(f));
        d.add(IndexDefinition.of("Xr", Expr.product(Expr.entry("D", k, l), Expr.entry("Wr", k, l)), "k", "l"));
        d.add(IndexDefinition.of("Xi", Expr.select(k, Comparison.EQ, l, Expr.ZERO, Expr.product(Expr.entry("D", k, l),
                Expr.entry("Wi", k, l))), "k", "l"));
        HermitianFormulas.backTransform(d);
        return d;
    }
}
