package io.github.eigengrad.generator.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable rows x cols matrix of {@link ComplexExpr}, for fixed sizes: the complex
 * counterpart of {@link SymbolicMatrix}, with the Hermitian transpose. Entries are pairs of real
 * expressions, so products lower to real arithmetic as they are built.
 */
public final class SymbolicComplexMatrix {
    /** An entry as a function of its row and column. */
    @FunctionalInterface
    public interface EntryFunction {
        ComplexExpr at(int row, int col);
    }

    private final int rows;
    private final int cols;
    private final ComplexExpr[] entries;

    private SymbolicComplexMatrix(int rows, int cols, ComplexExpr[] entries) {
        this.rows = rows;
        this.cols = cols;
        this.entries = entries;
    }

    public static SymbolicComplexMatrix of(int rows, int cols, EntryFunction entry) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a matrix needs at least one row and column, got " + rows + " x " + cols);
        }
        ComplexExpr[] e = new ComplexExpr[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e[i * cols + j] = entry.at(i, j);
            }
        }
        return new SymbolicComplexMatrix(rows, cols, e);
    }

    /**
     * An n x n matrix of independent variables: entry (i, j) is {@code prefixRe<i><j> + i
     * prefixIm<i><j>} (names as {@link SymbolicMatrix#entryName}).
     */
    public static SymbolicComplexMatrix variables(String prefix, int n) {
        return of(n, n, (i, j) -> new ComplexExpr(Expr.variable(SymbolicMatrix.entryName(prefix + "Re", i, j, n)),
                Expr.variable(SymbolicMatrix.entryName(prefix + "Im", i, j, n))));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public ComplexExpr get(int i, int j) {
        return entries[i * cols + j];
    }

    public SymbolicComplexMatrix times(SymbolicComplexMatrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + "x" + cols + " by " + other.rows + "x"
                    + other.cols);
        }
        return of(rows, other.cols, (i, j) -> {
            List<ComplexExpr> terms = new ArrayList<>();
            for (int k = 0; k < cols; k++) {
                terms.add(get(i, k).times(other.get(k, j)));
            }
            return ComplexExpr.sum(terms);
        });
    }

    /** The conjugate transpose. */
    public SymbolicComplexMatrix hermitianTranspose() {
        return of(cols, rows, (i, j) -> get(j, i).conj());
    }

    /** {@code (X + X^H)/2}. */
    public SymbolicComplexMatrix hermitianPart() {
        return of(rows, cols, (i, j) -> get(i, j).plus(get(j, i).conj()).times(Expr.HALF));
    }
}
