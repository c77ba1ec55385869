package io.github.eigengrad.generator.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An immutable rows x cols matrix of scalar expressions, for fixed sizes. Operations build
 * entries through {@link Expr}'s factories, so the structural zeros of identity, diagonal
 * and masked matrices fold away ({@code x * 0 = 0}, {@code x + 0 = x}) and never reach the
 * output; the mirrored entries of a symmetric matrix are one shared node.
 */
public final class SymbolicMatrix {
    /** An entry as a function of its row and column. */
    @FunctionalInterface
    public interface EntryFunction {
        Expr at(int row, int col);
    }

    private final int rows;
    private final int cols;
    private final Expr[] entries;

    private SymbolicMatrix(int rows, int cols, Expr[] entries) {
        this.rows = rows;
        this.cols = cols;
        this.entries = entries;
    }

    public static SymbolicMatrix of(int rows, int cols, EntryFunction entry) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a matrix needs at least one row and column, got " + rows + " x " + cols);
        }
        Expr[] e = new Expr[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e[i * cols + j] = entry.at(i, j);
            }
        }
        return new SymbolicMatrix(rows, cols, e);
    }

    /** The name of entry (i, j) of a matrix named {@code prefix}: {@code prefix01}, or {@code prefix1_12} past 10. */
    public static String entryName(String prefix, int i, int j, int n) {
        return n <= 10 ? prefix + i + j : prefix + i + "_" + j;
    }

    /** An n x n matrix of independent variables {@code prefix00, prefix01, ...}. */
    public static SymbolicMatrix variables(String prefix, int n) {
        return of(n, n, (i, j) -> Expr.variable(entryName(prefix, i, j, n)));
    }

    /** A symmetric n x n matrix whose entries (i, j) and (j, i) are the one variable {@code prefix<min><max>}. */
    public static SymbolicMatrix symmetricVariables(String prefix, int n) {
        return of(n, n, (i, j) -> Expr.variable(entryName(prefix, Math.min(i, j), Math.max(i, j), n)));
    }

    public static SymbolicMatrix identity(int n) {
        return of(n, n, (i, j) -> i == j ? Expr.ONE : Expr.ZERO);
    }

    public static SymbolicMatrix zero(int rows, int cols) {
        return of(rows, cols, (i, j) -> Expr.ZERO);
    }

    public static SymbolicMatrix diagonal(SymbolicVector d) {
        return of(d.size(), d.size(), (i, j) -> i == j ? d.get(i) : Expr.ZERO);
    }

    /** The matrix whose columns are {@code columns}. */
    public static SymbolicMatrix ofColumns(List<SymbolicVector> columns) {
        int n = columns.get(0).size();
        return of(n, columns.size(), (i, j) -> columns.get(j).get(i));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public Expr get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") of a " + rows + " x " + cols + " matrix");
        }
        return entries[i * cols + j];
    }

    /** The entries row-major. */
    public List<Expr> entries() {
        return List.of(entries);
    }

    public SymbolicVector column(int j) {
        return SymbolicVector.of(rows, i -> get(i, j));
    }

    public SymbolicMatrix transpose() {
        return of(cols, rows, (i, j) -> get(j, i));
    }

    public SymbolicMatrix times(SymbolicMatrix o) {
        if (cols != o.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + " x " + cols + " by " + o.rows + " x " + o.cols);
        }
        return of(rows, o.cols, (i, j) -> {
            List<Expr> terms = new ArrayList<>(cols);
            for (int k = 0; k < cols; k++) {
                terms.add(Expr.product(get(i, k), o.get(k, j)));
            }
            return Expr.sum(terms);
        });
    }

    public SymbolicVector times(SymbolicVector v) {
        if (cols != v.size()) {
            throw new IllegalArgumentException("cannot multiply " + rows + " x " + cols + " by a vector of " + v.size());
        }
        return SymbolicVector.of(rows, i -> {
            List<Expr> terms = new ArrayList<>(cols);
            for (int k = 0; k < cols; k++) {
                terms.add(Expr.product(get(i, k), v.get(k)));
            }
            return Expr.sum(terms);
        });
    }

    public SymbolicMatrix plus(SymbolicMatrix o) {
        requireShape(o);
        return of(rows, cols, (i, j) -> Expr.sum(get(i, j), o.get(i, j)));
    }

    public SymbolicMatrix minus(SymbolicMatrix o) {
        requireShape(o);
        return of(rows, cols, (i, j) -> Expr.difference(get(i, j), o.get(i, j)));
    }

    /** The entrywise (Hadamard) product. */
    public SymbolicMatrix hadamard(SymbolicMatrix o) {
        requireShape(o);
        return of(rows, cols, (i, j) -> Expr.product(get(i, j), o.get(i, j)));
    }

    public SymbolicMatrix scale(Expr c) {
        return map(e -> Expr.product(c, e));
    }

    public SymbolicMatrix map(UnaryOperator<Expr> f) {
        return of(rows, cols, (i, j) -> f.apply(get(i, j)));
    }

    public Expr trace() {
        List<Expr> d = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, cols); i++) {
            d.add(get(i, i));
        }
        return Expr.sum(d);
    }

    /** {@code (X + X^T) / 2}. */
    public SymbolicMatrix sym() {
        return plus(transpose()).scale(Expr.HALF);
    }

    /** {@code (X - X^T) / 2}. */
    public SymbolicMatrix skew() {
        return minus(transpose()).scale(Expr.HALF);
    }

    public double[][] evaluate(Expr.Environment env) {
        double[][] m = new double[rows][cols];
        java.util.Map<Expr, Double> memo = new java.util.IdentityHashMap<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = get(i, j).evaluate(env, memo);
            }
        }
        return m;
    }

    private void requireShape(SymbolicMatrix o) {
        if (o.rows != rows || o.cols != cols) {
            throw new IllegalArgumentException("shapes differ: " + rows + " x " + cols + " and " + o.rows + " x " + o.cols);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicMatrix && ((SymbolicMatrix) o).rows == rows
                && java.util.Arrays.equals(((SymbolicMatrix) o).entries, entries);
    }

    @Override
    public int hashCode() {
        return 31 * rows + java.util.Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return rows + " x " + cols + " " + entries();
    }
}
