package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cholesky reduction of the generalised problem (docs/math.md section 12) at a fixed size,
 * for straight-line code: from the lower triangles of the (scaled, symmetric) A and B, the
 * Cholesky pivots {@code d_j} (checked by the caller), {@code W = L^-1} and
 * {@code C = W A W^T}; and the back transformation {@code V = W^T U}.
 */
public final class GeneralizedReduction {
    /** Prefixes of the inputs and outputs. */
    public static final String A = "a";
    public static final String B = "b";
    public static final String PIVOT = "d";
    public static final String INVERSE = "w";
    public static final String REDUCED = "c";
    public static final String EIGENVECTORS = "u";
    public static final String VECTORS = "v";

    private GeneralizedReduction() {}

    /**
     * Outputs {@code d<j>} (the pivots before their square roots), {@code w<i><j>} (i &gt;= j,
     * the entries of {@code L^-1}) and {@code c<i><j>} (i &lt;= j, of the symmetric C).
     *
     * @param n the size, 2 to 4
     * @return the formula
     */
    public static Formula reduction(int n) {
        SymbolicMatrix a = SymbolicMatrix.of(n, n, (i, j) -> Expr.variable(SymbolicMatrix.entryName(A, Math.max(i, j),
                Math.min(i, j), n)));
        SymbolicMatrix b = SymbolicMatrix.of(n, n, (i, j) -> Expr.variable(SymbolicMatrix.entryName(B, Math.max(i, j),
                Math.min(i, j), n)));
        Expr[][] l = new Expr[n][n];
        Expr[] d = new Expr[n];
        for (int j = 0; j < n; j++) {
            List<Expr> pivot = new ArrayList<>(List.of(b.get(j, j)));
            for (int k = 0; k < j; k++) {
                pivot.add(Expr.negate(Expr.power(l[j][k], 2)));
            }
            d[j] = Expr.sum(pivot);
            l[j][j] = Expr.sqrt(d[j]);
            for (int i = j + 1; i < n; i++) {
                List<Expr> s = new ArrayList<>(List.of(b.get(i, j)));
                for (int k = 0; k < j; k++) {
                    s.add(Expr.negate(Expr.product(l[i][k], l[j][k])));
                }
                l[i][j] = Expr.quotient(Expr.sum(s), l[j][j]);
            }
        }
        Expr[][] w = new Expr[n][n]; // L^-1, lower: w_jj = 1/l_jj, w_ij = -(sum_{j<=k<i} l_ik w_kj) / l_ii
        for (int j = 0; j < n; j++) {
            w[j][j] = Expr.quotient(Expr.ONE, l[j][j]);
            for (int i = j + 1; i < n; i++) {
                List<Expr> s = new ArrayList<>();
                for (int k = j; k < i; k++) {
                    s.add(Expr.product(l[i][k], w[k][j]));
                }
                w[i][j] = Expr.negate(Expr.quotient(Expr.sum(s), l[i][i]));
            }
            for (int i = 0; i < j; i++) {
                w[i][j] = Expr.ZERO;
            }
        }
        SymbolicMatrix wm = SymbolicMatrix.of(n, n, (i, j) -> w[i][j]);
        SymbolicMatrix c = wm.times(a).times(wm.transpose());
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            names.add(PIVOT + j);
            exprs.add(d[j]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                names.add(SymbolicMatrix.entryName(INVERSE, i, j, n));
                exprs.add(w[i][j]);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                names.add(SymbolicMatrix.entryName(REDUCED, i, j, n));
                exprs.add(c.get(i, j));
            }
        }
        return new Formula("generalized-reduction", "Cholesky reduction of A v = lambda B v: pivots, L^-1 and "
                + "C = L^-1 A L^-T (docs/math.md section 12)", n, List.of(),
                EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }

    /**
     * Outputs {@code v<i><j>} of {@code V = W^T U} from {@code w<i><j>} (i &gt;= j, W lower) and U.
     *
     * @param n the size, 2 to 4
     * @return the formula
     */
    public static Formula backTransform(int n) {
        SymbolicMatrix w = SymbolicMatrix.of(n, n, (i, j) -> i >= j
                ? Expr.variable(SymbolicMatrix.entryName(INVERSE, i, j, n)) : Expr.ZERO);
        SymbolicMatrix v = w.transpose().times(SymbolicMatrix.variables(EIGENVECTORS, n));
        List<String> names = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                names.add(SymbolicMatrix.entryName(VECTORS, i, j, n));
                exprs.add(v.get(i, j));
            }
        }
        return new Formula("generalized-back-transform", "V = L^-T U of A v = lambda B v (docs/math.md section 12)", n,
                List.of(), EigenFormulas.outputs(names, Simplifier.simplify(exprs)));
    }
}
