package io.github.eigengrad.generator.parse;

/**
 * A user's expression that cannot become a function of x: the 1-based character column of
 * the problem (0 when it concerns the whole expression, such as a parameter that is not used)
 * and what is wrong.
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String problem;

    public ExpressionException(int column, String problem) {
        super(column > 0 ? "column " + column + ": " + problem : problem);
        this.column = column;
        this.problem = problem;
    }

    /** The 1-based column of the problem, or 0 for the expression as a whole. */
    public int column() {
        return column;
    }

    /** What is wrong, without the column. */
    public String problem() {
        return problem;
    }
}
