package io.github.eigengrad.generator.expr;

/**
 * A complex scalar expression as a pair of real ones, {@code re + i im}: complex values in the
 * formula library are lowered to pairs of real expressions as they are built, so the
 * simplifier, CSE, the printers and the emitters see real arithmetic only (docs/math.md
 * section 13). Conjugation is the negation of the imaginary part, which the simplifier folds
 * ({@code conj(conj(z)) = z} exactly); a real value has the structural zero as its imaginary
 * part, which products and sums fold away.
 *
 * @param re the real part
 * @param im the imaginary part
 */
public record ComplexExpr(Expr re, Expr im) {
    public static final ComplexExpr ZERO = new ComplexExpr(Expr.ZERO, Expr.ZERO);

    public ComplexExpr {
        java.util.Objects.requireNonNull(re, "re");
        java.util.Objects.requireNonNull(im, "im");
    }

    /** A real value. */
    public static ComplexExpr real(Expr x) {
        return new ComplexExpr(x, Expr.ZERO);
    }

    public ComplexExpr plus(ComplexExpr z) {
        return new ComplexExpr(Expr.sum(re, z.re), Expr.sum(im, z.im));
    }

    public ComplexExpr minus(ComplexExpr z) {
        return new ComplexExpr(Expr.difference(re, z.re), Expr.difference(im, z.im));
    }

    public ComplexExpr times(ComplexExpr z) {
        return new ComplexExpr(Expr.difference(Expr.product(re, z.re), Expr.product(im, z.im)),
                Expr.sum(Expr.product(re, z.im), Expr.product(im, z.re)));
    }

    /** This times a real value. */
    public ComplexExpr times(Expr x) {
        return new ComplexExpr(Expr.product(re, x), Expr.product(im, x));
    }

    /** The complex conjugate. */
    public ComplexExpr conj() {
        return new ComplexExpr(re, Expr.negate(im));
    }

    /** {@code i z}. */
    public ComplexExpr timesI() {
        return new ComplexExpr(Expr.negate(im), re);
    }

    /** {@code |z|^2}, real. */
    public Expr modulusSquared() {
        return Expr.sum(Expr.product(re, re), Expr.product(im, im));
    }

    /** The sum of the terms. */
    public static ComplexExpr sum(java.util.List<ComplexExpr> terms) {
        java.util.List<Expr> r = new java.util.ArrayList<>();
        java.util.List<Expr> i = new java.util.ArrayList<>();
        for (ComplexExpr t : terms) {
            r.add(t.re);
            i.add(t.im);
        }
        return new ComplexExpr(Expr.sum(r), Expr.sum(i));
    }
}
