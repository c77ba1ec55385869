package io.github.eigengrad.generator.forward;

import static io.github.eigengrad.generator.forward.ProgramWriter.abs;
import static io.github.eigengrad.generator.forward.ProgramWriter.add;
import static io.github.eigengrad.generator.forward.ProgramWriter.c;
import static io.github.eigengrad.generator.forward.ProgramWriter.choose;
import static io.github.eigengrad.generator.forward.ProgramWriter.compare;
import static io.github.eigengrad.generator.forward.ProgramWriter.div;
import static io.github.eigengrad.generator.forward.ProgramWriter.flipSign;
import static io.github.eigengrad.generator.forward.ProgramWriter.max;
import static io.github.eigengrad.generator.forward.ProgramWriter.min;
import static io.github.eigengrad.generator.forward.ProgramWriter.mul;
import static io.github.eigengrad.generator.forward.ProgramWriter.named;
import static io.github.eigengrad.generator.forward.ProgramWriter.neg;
import static io.github.eigengrad.generator.forward.ProgramWriter.not;
import static io.github.eigengrad.generator.forward.ProgramWriter.select;
import static io.github.eigengrad.generator.forward.ProgramWriter.sqrt;
import static io.github.eigengrad.generator.forward.ProgramWriter.sub;
import static io.github.eigengrad.generator.forward.ProgramWriter.sum;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Value;

/**
 * The closed-form eigensolvers of the 2x2 and 3x3 forward pass (docs/forward-pass.md), on
 * the matrix scaled to its largest entry's binade, written once as programs: the scalar and
 * the SIMD-lane backends print them. Results {@code value<i>} are the scaled eigenvalues,
 * descending (the backend unscales them), {@code vector<r><c>} entry (r, c) of V, each column
 * in the gauge (its entry of largest magnitude, the first on ties, positive). A
 * {@link io.github.eigengrad.generator.program.Statement.Fallback} sends the matrix to Jacobi.
 */
public final class ClosedForms {
    /** The 3x3 closed form goes to Jacobi when the squared spread p^2 is at most this (a multiple of I, nearly). */
    public static final double TINY_SPREAD = 0x1p-600;
    /** ... and when the best cross product is this short (the isolated eigenvector is not determined). */
    public static final double TINY_VECTOR = 0x1p-400;
    /**
     * ... and below this ratio of the smallest to the largest |eigenvalue|, where Jacobi keeps
     * relative accuracy. Above it the closed form's error, at most about {@code 4 eps
     * lambda_max}, is within {@code 4 eps 2^10 = 4.5e-13} of every eigenvalue: the 1e-12
     * relative accuracy promised for graded positive definite input.
     */
    public static final double MIN_RATIO = 0x1p-10;
    /** Beyond this |theta| the rotation's tangent is {@code 1 / (2 |theta|)}: sqrt(theta^2 + 1) rounds to |theta|. */
    public static final double LARGE_THETA = 0x1p27;
    /**
     * g(s) = 2 cos(acos(s) / 3) on [0, 1], the largest root of x^3 - 3x - 2s: a degree-5 fit
     * (error below 1.2e-6) that one Halley step takes to full precision (cubic convergence).
     */
    static final double[] G = {0x1.bb67c1e382821p+0, 0x1.553e3957943e9p-2, -0x1.858f6ce51e6d0p-4, 0x1.68166460d48a0p-5,
        -0x1.28b12efba1fb6p-6, 0x1.03c6ee78a00fcp-8};

    /** In float (docs/math.md section 11): {@link #TINY_SPREAD} keeps p^3 and 1/p^3 inside the float range. */
    public static final double FLOAT_TINY_SPREAD = 0x1p-60;
    /** In float: {@link #TINY_VECTOR}, so that the squared reciprocal norms stay below 2^127. */
    public static final double FLOAT_TINY_VECTOR = 0x1p-40;
    /** In float: sqrt(theta^2 + 1) rounds to |theta| beyond 2^12. */
    public static final double FLOAT_LARGE_THETA = 0x1p12;

    private ClosedForms() {}

    private static double tinySpread(Precision precision) {
        return precision == Precision.FLOAT ? FLOAT_TINY_SPREAD : TINY_SPREAD;
    }

    private static double tinyVector(Precision precision) {
        return precision == Precision.FLOAT ? FLOAT_TINY_VECTOR : TINY_VECTOR;
    }

    private static double largeTheta(Precision precision) {
        return precision == Precision.FLOAT ? FLOAT_LARGE_THETA : LARGE_THETA;
    }

    private static ProgramWriter writer(Precision precision) {
        return new ProgramWriter(ElementType.of(precision));
    }

    /** A result of a closed form: scaled eigenvalue {@code row} ({@code value}), or entry (row, col) of V. */
    public record Output(boolean value, int row, int col) {}

    private static String valueName(int i) {
        return "value" + i;
    }

    private static String vectorName(int row, int col) {
        return "vector" + row + col;
    }

    /** What the result named {@code name} holds (the names this class gives its results). */
    public static Output output(String name) {
        if (name.startsWith("value")) {
            return new Output(true, Integer.parseInt(name.substring(5)), 0);
        }
        if (name.startsWith("vector") && name.length() == 8) {
            return new Output(false, name.charAt(6) - '0', name.charAt(7) - '0');
        }
        throw new IllegalArgumentException("not a result of a closed form: " + name);
    }

    /** The inputs of the 3x3 programs: the scaled symmetric matrix's upper triangle. */
    public static final String[] MATRIX3 = {"a00", "a11", "a22", "a01", "a02", "a12"};

    /**
     * The most isolated eigenvalue of the scaled 3x3 matrix, result {@code lambda}: from the
     * normalised characteristic cubic (polynomial start, one Halley step; no acos), the top one
     * when {@code det(A - qI) >= 0}, else the bottom one. Falls back (a multiple of I) when
     * the spread is tiny.
     */
    public static Program isolatedEigenvalue() {
        return isolatedEigenvalue(Precision.DOUBLE);
    }

    /** {@link #isolatedEigenvalue()} in {@code precision} (its thresholds of range). */
    public static Program isolatedEigenvalue(Precision precision) {
        ProgramWriter w = writer(precision);
        Value a00 = named("a00");
        Value a11 = named("a11");
        Value a22 = named("a22");
        Value a01 = named("a01");
        Value a02 = named("a02");
        Value a12 = named("a12");
        Value q = w.let("q", div(sum(a00, a11, a22), c(3)));
        Value b00 = w.let("b00", sub(a00, q));
        Value b11 = w.let("b11", sub(a11, q));
        Value b22 = w.let("b22", sub(a22, q));
        Value p2 = w.let("p2", add(sum(mul(b00, b00), mul(b11, b11), mul(b22, b22)),
                mul(c(2), sum(mul(a01, a01), mul(a02, a02), mul(a12, a12)))));
        w.fallback(not(compare(p2, Comparison.GT, c(tinySpread(precision))))); // keeps p^3 and 1/p^3 in range
        Value p = w.let("p", sqrt(div(p2, c(6))));
        // B = (A - qI) / p has ||B||_F^2 = 6 and characteristic polynomial x^3 - 3x - det(B)
        Value det = w.let("det", add(sub(mul(b00, sub(mul(b11, b22), mul(a12, a12))),
                mul(a01, sub(mul(a01, b22), mul(a12, a02)))), mul(a02, sub(mul(a01, a12), mul(b11, a02)))));
        Value half = w.let("half", div(mul(c(3), det), mul(p2, p)));
        Value r0 = w.let("r0", abs(half));
        Value r = w.let("r", select(r0, Comparison.GT, c(1), c(1), r0)); // rounding
        Value r2 = w.let("r2", mul(r, r));
        // Estrin's scheme: a shorter dependent chain than Horner's
        Value x0 = w.let("x0", add(add(c(G[0]), mul(c(G[1]), r)), mul(r2, add(add(c(G[2]), mul(c(G[3]), r)),
                mul(r2, add(c(G[4]), mul(c(G[5]), r)))))));
        Value f = w.let("f", sub(mul(x0, sub(mul(x0, x0), c(3))), mul(c(2), r)));
        Value df = w.let("df", mul(c(3), sub(mul(x0, x0), c(1))));
        Value x = w.let("x", sub(x0, div(mul(mul(c(2), f), df), sub(mul(mul(c(2), df), df), mul(mul(c(6), x0), f)))));
        Value px = w.let("px", mul(p, x));
        w.result("lambda", select(half, Comparison.GE, c(0), add(q, px), sub(q, px)));
        return w.build();
    }

    /**
     * The rest of the 3x3 closed form from the isolated eigenvalue {@code lambda}: its
     * eigenvector from the largest cross product of two rows of {@code A - lambda I}, the other
     * two pairs from the closed-form 2x2 problem of A compressed to the orthogonal complement,
     * then {@link #finish3}. Falls back when the cross product is too short to fix the vector or
     * an eigenvalue is below 2^-10 of the largest. The vectors are normalised only at the end,
     * so the square roots and divisions run beside the products: the dependent chain sets the
     * latency.
     */
    public static Program closedForm3() {
        return closedForm3(Precision.DOUBLE);
    }

    /** {@link #closedForm3()} in {@code precision}. */
    public static Program closedForm3(Precision precision) {
        ProgramWriter w = writer(precision);
        Value a00 = named("a00");
        Value a11 = named("a11");
        Value a22 = named("a22");
        Value a01 = named("a01");
        Value a02 = named("a02");
        Value a12 = named("a12");
        Value lambda = named("lambda");
        // lambda = q + p x for the top eigenvalue, q - p x for the bottom one
        String top = w.test("top", compare(lambda, Comparison.GE, div(sum(a00, a11, a22), c(3))));
        Value d00 = w.let("d00", sub(a00, lambda));
        Value d11 = w.let("d11", sub(a11, lambda));
        Value d22 = w.let("d22", sub(a22, lambda));
        // rows of A - lambda I: their pairwise cross products are multiples of the eigenvector
        Value[] x = {w.let("x0", sub(mul(a01, a12), mul(a02, d11))), w.let("x1", sub(mul(a01, d22), mul(a02, a12))),
            w.let("x2", sub(mul(d11, d22), mul(a12, a12)))};
        Value[] y = {w.let("y0", sub(mul(a02, a01), mul(d00, a12))), w.let("y1", sub(mul(a02, a02), mul(d00, d22))),
            w.let("y2", sub(mul(a12, a02), mul(a01, d22)))};
        Value[] z = {w.let("z0", sub(mul(d00, d11), mul(a01, a01))), w.let("z1", sub(mul(d00, a12), mul(a01, a02))),
            w.let("z2", sub(mul(a01, a12), mul(d11, a02)))};
        Value[] norm = new Value[3];
        for (int k = 0; k < 3; k++) {
            norm[k] = w.let("n" + k, sum(mul(x[k], x[k]), mul(y[k], y[k]), mul(z[k], z[k])));
        }
        String take1 = w.test("take1", compare(norm[1], Comparison.GT, norm[0]));
        Value vx1 = w.let("vx1", choose(take1, x[1], x[0]));
        Value vy1 = w.let("vy1", choose(take1, y[1], y[0]));
        Value vz1 = w.let("vz1", choose(take1, z[1], z[0]));
        Value nv1 = w.let("nv1", choose(take1, norm[1], norm[0]));
        String take2 = w.test("take2", compare(norm[2], Comparison.GT, nv1));
        Value vx = w.let("vx", choose(take2, x[2], vx1));
        Value vy = w.let("vy", choose(take2, y[2], vy1));
        Value vz = w.let("vz", choose(take2, z[2], vz1));
        Value nv = w.let("nv", choose(take2, norm[2], nv1));
        w.fallback(not(compare(nv, Comparison.GT, c(tinyVector(precision))))); // keeps the products below in range
        // u is orthogonal to v; w = v x u
        String xz = w.test("xz", compare(abs(vx), Comparison.GT, abs(vy)));
        Value ux = w.let("ux", choose(xz, neg(vz), c(0)));
        Value uy = w.let("uy", choose(xz, c(0), vz));
        Value uz = w.let("uz", choose(xz, vx, neg(vy)));
        Value nu = w.let("nu", sum(mul(ux, ux), mul(uy, uy), mul(uz, uz)));
        Value wx = w.let("wx", sub(mul(vy, uz), mul(vz, uy)));
        Value wy = w.let("wy", sub(mul(vz, ux), mul(vx, uz)));
        Value wz = w.let("wz", sub(mul(vx, uy), mul(vy, ux)));
        Value iv = w.let("iv", div(c(1), sqrt(nv)));
        Value iu = w.let("iu", div(c(1), sqrt(nu)));
        Value iw = w.let("iw", mul(iv, iu));
        Value lv = w.let("lv", div(sum(mul(vx, sum(mul(a00, vx), mul(a01, vy), mul(a02, vz))),
                mul(vy, sum(mul(a01, vx), mul(a11, vy), mul(a12, vz))),
                mul(vz, sum(mul(a02, vx), mul(a12, vy), mul(a22, vz)))), nv));
        Value aux = w.let("aux", sum(mul(a00, ux), mul(a01, uy), mul(a02, uz)));
        Value auy = w.let("auy", sum(mul(a01, ux), mul(a11, uy), mul(a12, uz)));
        Value auz = w.let("auz", sum(mul(a02, ux), mul(a12, uy), mul(a22, uz)));
        Value awx = w.let("awx", sum(mul(a00, wx), mul(a01, wy), mul(a02, wz)));
        Value awy = w.let("awy", sum(mul(a01, wx), mul(a11, wy), mul(a12, wz)));
        Value awz = w.let("awz", sum(mul(a02, wx), mul(a12, wy), mul(a22, wz)));
        Value buu = w.let("buu", div(sum(mul(ux, aux), mul(uy, auy), mul(uz, auz)), nu));
        Value bww = w.let("bww", mul(sum(mul(wx, awx), mul(wy, awy), mul(wz, awz)), mul(iw, iw)));
        Value buw = w.let("buw", div(mul(sum(mul(ux, awx), mul(uy, awy), mul(uz, awz), mul(wx, aux), mul(wy, auy),
                mul(wz, auz)), mul(iu, iw)), c(2)));
        Value[] v = {w.let("vxn", mul(vx, iv)), w.let("vyn", mul(vy, iv)), w.let("vzn", mul(vz, iv))};
        Value[] u = {w.let("uxn", mul(ux, iu)), w.let("uyn", mul(uy, iu)), w.let("uzn", mul(uz, iu))};
        Value[] ww = {w.let("wxn", mul(wx, iw)), w.let("wyn", mul(wy, iw)), w.let("wzn", mul(wz, iw))};
        // the 2x2 [[buu, buw], [buw, bww]] in closed form: (c, s) is the eigenvector of the larger
        // eigenvalue, taken from whichever column of B - lambda_+ I has no cancellation
        Value h = w.let("h", div(sub(buu, bww), c(2)));
        Value mean = w.let("mean", div(add(buu, bww), c(2)));
        Value rad = w.let("rad", sqrt(add(mul(h, h), mul(buw, buw))));
        Value big = w.let("big", add(abs(h), rad));
        Value n = w.let("n", sqrt(add(mul(big, big), mul(buw, buw))));
        String positive = w.test("positive", compare(n, Comparison.GT, c(0)));
        Value in = w.let("in", choose(positive, div(c(1), n), c(0)));
        String upper = w.test("upper", compare(h, Comparison.GE, c(0)));
        Value bigIn = w.let("bigIn", mul(big, in));
        Value buwIn = w.let("buwIn", mul(buw, in));
        Value cs = w.let("cs", choose(upper, choose(positive, bigIn, c(1)), buwIn));
        Value sn = w.let("sn", choose(upper, buwIn, bigIn));
        Value hi = w.let("hi", add(mean, rad));
        Value lo = w.let("lo", sub(mean, rad));
        Value largest = w.let("largest", max(abs(lv), max(abs(hi), abs(lo))));
        Value smallest = w.let("smallest", min(abs(lv), min(abs(hi), abs(lo))));
        w.fallback(compare(smallest, Comparison.LT, mul(c(MIN_RATIO), largest)));
        // columns: hi = c u + s w, lo = -s u + c w
        Value[] hv = new Value[3];
        Value[] lvv = new Value[3];
        String[] axes = {"x", "y", "z"};
        for (int k = 0; k < 3; k++) {
            hv[k] = w.let("h" + axes[k], add(mul(cs, u[k]), mul(sn, ww[k])));
        }
        for (int k = 0; k < 3; k++) {
            lvv[k] = w.let("l" + axes[k], sub(mul(cs, ww[k]), mul(sn, u[k])));
        }
        // (lv, hi, lo) with columns (v, h, l) for the top eigenvalue, else (hi, lo, lv) with (h, l, v)
        Value[] d = {w.let("e0", choose(top, lv, hi)), w.let("e1", choose(top, hi, lo)), w.let("e2", choose(top, lo, lv))};
        Value[][] columns = new Value[3][3];
        for (int k = 0; k < 3; k++) {
            columns[0][k] = w.let("c0" + axes[k], choose(top, v[k], hv[k]));
            columns[1][k] = w.let("c1" + axes[k], choose(top, hv[k], lvv[k]));
            columns[2][k] = w.let("c2" + axes[k], choose(top, lvv[k], v[k]));
        }
        finish3(w, d, columns);
        return w.build();
    }

    /** The inputs of {@link #finish3()}: the diagonal, then V row-major. */
    public static final String[] FINISH3 = {"a00", "a11", "a22", "v00", "v01", "v02", "v10", "v11", "v12", "v20", "v21",
        "v22"};

    /** Sorts the eigenpairs (a diagonal and the columns of V) descending and fixes each column's gauge. */
    public static Program finish3() {
        return finish3(Precision.DOUBLE);
    }

    /** {@link #finish3()} in {@code precision}. */
    public static Program finish3(Precision precision) {
        ProgramWriter w = writer(precision);
        Value[] d = {named("a00"), named("a11"), named("a22")};
        Value[][] columns = new Value[3][3];
        for (int col = 0; col < 3; col++) {
            for (int row = 0; row < 3; row++) {
                columns[col][row] = named("v" + row + col);
            }
        }
        finish3(w, d, columns);
        return w.build();
    }

    /** The sorting network (0, 1), (1, 2), (0, 1) carrying the columns, then the gauge of each column. */
    private static void finish3(ProgramWriter w, Value[] d, Value[][] columns) {
        int[][] network = {{0, 1}, {1, 2}, {0, 1}};
        for (int step = 0; step < network.length; step++) {
            int i = network[step][0];
            int j = network[step][1];
            String swap = w.test("swap" + step, compare(d[i], Comparison.LT, d[j]));
            Value di = d[i];
            d[i] = w.let("d" + i + "s" + step, choose(swap, d[j], di));
            d[j] = w.let("d" + j + "s" + step, choose(swap, di, d[j]));
            for (int k = 0; k < 3; k++) {
                Value ci = columns[i][k];
                columns[i][k] = w.let("c" + i + k + "s" + step, choose(swap, columns[j][k], ci));
                columns[j][k] = w.let("c" + j + k + "s" + step, choose(swap, ci, columns[j][k]));
            }
        }
        for (int i = 0; i < 3; i++) {
            w.result(valueName(i), d[i]);
        }
        for (int col = 0; col < 3; col++) {
            Value[] v = columns[col];
            // the entry of largest magnitude (the first on ties) decides the sign; it is at least
            // 1/sqrt(3) in magnitude (a unit column), so never 0 or NaN, as the flip requires
            Value top = w.let("top" + col, select(abs(v[1]), Comparison.GT, abs(v[0]), v[1], v[0]));
            Value largest = w.let("largest" + col, select(abs(v[2]), Comparison.GT, abs(top), v[2], top));
            for (int row = 0; row < 3; row++) {
                w.result(vectorName(row, col), flipSign(v[row], largest));
            }
        }
    }

    /** The inputs of {@link #tangent()}. */
    public static final String[] TANGENT = {"app", "aqq", "apq"};

    /**
     * The tangent of the Jacobi rotation that zeroes a_pq, the smaller root: {@code 1 / (2
     * |theta|)} beyond {@link #LARGE_THETA} (no square root, no overflow), else
     * {@code sign(theta) / (|theta| + sqrt(theta^2 + 1))}; result {@code t}.
     */
    public static Program tangent() {
        return tangent(Precision.DOUBLE);
    }

    /** {@link #tangent()} in {@code precision}. */
    public static Program tangent(Precision precision) {
        ProgramWriter w = writer(precision);
        w.result("t", tangent(w, named("app"), named("aqq"), named("apq"), precision));
        return w.build();
    }

    private static Value tangent(ProgramWriter w, Value app, Value aqq, Value apq, Precision precision) {
        Value theta = w.let("theta", div(sub(aqq, app), mul(c(2), apq)));
        Value absTheta = w.let("absTheta", abs(theta));
        Value t = w.let("t0", select(absTheta, Comparison.GT, c(largeTheta(precision)), div(c(0.5), absTheta),
                div(c(1), add(absTheta, sqrt(add(mul(theta, theta), c(1)))))));
        return w.let("t", select(theta, Comparison.LT, c(0), neg(t), t));
    }

    /** The inputs of {@link #closedForm2()}: the scaled symmetric matrix's upper triangle. */
    public static final String[] MATRIX2 = {"a00", "a11", "a01"};

    /** The 2x2 problem: one Jacobi rotation (none when a01 = 0), sorted, in the gauge. */
    public static Program closedForm2() {
        return closedForm2(Precision.DOUBLE);
    }

    /** {@link #closedForm2()} in {@code precision}. */
    public static Program closedForm2(Precision precision) {
        ProgramWriter w = writer(precision);
        Value a00 = named("a00");
        Value a11 = named("a11");
        Value a01 = named("a01");
        String rotate = w.test("rotate", compare(a01, Comparison.NE, c(0)));
        Value t = tangent(w, a00, a11, a01, precision);
        Value cr = w.let("cr", div(c(1), sqrt(add(mul(t, t), c(1)))));
        Value cs = w.let("cs", choose(rotate, cr, c(1)));
        Value sn = w.let("sn", choose(rotate, mul(t, cr), c(0)));
        Value b00 = w.let("b00", choose(rotate, sub(a00, mul(t, a01)), a00));
        Value b11 = w.let("b11", choose(rotate, add(a11, mul(t, a01)), a11));
        // V = [[c, s], [-s, c]]; order descending
        String swap = w.test("swap", compare(b00, Comparison.LT, b11));
        w.result(valueName(0), choose(swap, b11, b00));
        w.result(valueName(1), choose(swap, b00, b11));
        Value x0 = w.let("x0", choose(swap, sn, cs));
        Value y0 = w.let("y0", choose(swap, cs, neg(sn)));
        Value x1 = w.let("x1", choose(swap, cs, sn));
        Value y1 = w.let("y1", choose(swap, neg(sn), cs));
        Value sign0 = w.let("sign0", select(select(abs(y0), Comparison.GT, abs(x0), y0, x0), Comparison.LT, c(0), c(-1),
                c(1)));
        Value sign1 = w.let("sign1", select(select(abs(y1), Comparison.GT, abs(x1), y1, x1), Comparison.LT, c(0), c(-1),
                c(1)));
        w.result(vectorName(0, 0), mul(sign0, x0));
        w.result(vectorName(1, 0), mul(sign0, y0));
        w.result(vectorName(0, 1), mul(sign1, x1));
        w.result(vectorName(1, 1), mul(sign1, y1));
        return w.build();
    }
}
