package io.github.eigengrad.generator.expr;

/** The comparison of a {@link Op#SELECT} node. */
public enum Comparison {
    LT("<"),
    LE("<="),
    EQ("=="),
    NE("!="),
    GE(">="),
    GT(">");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The Java operator. */
    public String symbol() {
        return symbol;
    }

    /** IEEE semantics: every comparison but NE is false when an operand is NaN. */
    public boolean test(double a, double b) {
        switch (this) {
            case LT:
                return a < b;
            case LE:
                return a <= b;
            case EQ:
                return a == b;
            case NE:
                return a != b;
            case GE:
                return a >= b;
            default:
                return a > b;
        }
    }
}
