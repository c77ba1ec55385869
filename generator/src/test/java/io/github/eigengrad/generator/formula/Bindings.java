package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import java.util.HashMap;
import java.util.Map;

/** Values for the named inputs of fixed-size formulas (the names of {@link EigenInputs}). */
final class Bindings implements Expr.Environment {
    private final Map<String, Double> values = new HashMap<>();

    Bindings vector(String prefix, double[] x) {
        for (int i = 0; i < x.length; i++) {
            values.put(prefix + i, x[i]);
        }
        return this;
    }

    Bindings matrix(String prefix, double[][] x) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) {
                values.put(SymbolicMatrix.entryName(prefix, i, j, n), x[i][j]);
            }
        }
        return this;
    }

    /** An interleaved complex n x n matrix as {@code prefixRe<i><j>} and {@code prefixIm<i><j>}. */
    Bindings complexMatrix(String prefix, double[] interleaved, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                values.put(SymbolicMatrix.entryName(prefix + "Re", i, j, n), interleaved[2 * (i * n + j)]);
                values.put(SymbolicMatrix.entryName(prefix + "Im", i, j, n), interleaved[2 * (i * n + j) + 1]);
            }
        }
        return this;
    }

    Bindings scalar(String name, double x) {
        values.put(name, x);
        return this;
    }

    @Override
    public double variable(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unbound " + name);
        }
        return v;
    }

    /** The symmetric gradient from outputs {@code aBar<i><j>}, i <= j. */
    static double[][] gradient(Formula f, Expr.Environment env) {
        int n = f.size();
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i][j] = f.output(SymbolicMatrix.entryName(EigenInputs.A_BAR, i, j, n)).evaluate(env);
                g[j][i] = g[i][j];
            }
        }
        return g;
    }
}
