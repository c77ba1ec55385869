package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.Pullback3PowerIterationLanes;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 3x3 batch on SIMD lanes (the incubating {@code jdk.incubator.vector}): the forward
 * closed form of {@link SmallEigensolver} and the generated power-iteration pullback, each on
 * {@link #LANES} matrices at a time, with the results of the scalar code bit for bit. Every
 * lane operation is the scalar operation it replaces (IEEE add, multiply, divide and square
 * root are exactly rounded, and Java never fuses them), and every branch of the scalar code
 * becomes a blend. Matrices the lanes do not finish (zero, Jacobi cases, an eigenvalue
 * beyond the double range, a flagged pullback) are redone by the scalar code, which throws
 * what it throws. Loaded only where the JVM has the module ({@link VectorKernel3#load}).
 */
final class Batch3Lanes implements VectorKernel3 {
    private static final VectorSpecies<Double> SPECIES = Pullback3PowerIterationLanes.SPECIES;
    /** Matrices per lane group. */
    static final int LANES = SPECIES.length();
    /** Gather offsets of the lanes' matrices: matrix l at 9 l. */
    private static final int[] MATRIX_BLOCKS = IntStream.range(0, LANES).map(l -> 9 * l).toArray();
    /** Gather offsets of the lanes' values: matrix l at 3 l. */
    private static final int[] VALUE_BLOCKS = IntStream.range(0, LANES).map(l -> 3 * l).toArray();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(0));

    /** Instantiated by name ({@link VectorKernel3#load}). */
    public Batch3Lanes() {}

    /** Per-thread scratch of the lanes for one chunk, reused from chunk to chunk. */
    private static final class Scratch {
        final int capacity;
        /** The forward's results by lane group: 12 rows of LANES (values, then V row-major) per group. */
        final double[] rows;
        /** A lane group's gradient rows (stride LANES). */
        final double[] gradient = new double[Pullback3PowerIterationLanes.GRADIENT_ROWS * LANES];
        final double[] pullbackScratch = new double[Pullback3PowerIterationLanes.SCRATCH_LENGTH];
        /** The 9 entries of a lane group's matrices, as rows of LANES. */
        final double[] entries = new double[9 * LANES];
        /** Per lane group: the matrices left to the scalar code (by the first stage, then by any). */
        final long[] flagged;

        Scratch(int capacity) {
            this.capacity = capacity;
            rows = new double[12 * capacity];
            flagged = new long[capacity / LANES + 1];
        }
    }

    private static Scratch scratch(int count) {
        Scratch s = SCRATCH.get();
        if (s.capacity < count) {
            s = new Scratch((count + LANES - 1) / LANES * LANES);
            SCRATCH.set(s);
        }
        return s;
    }

    @Override
    public int decompose(double[] a, int first, int count, double epsilon, double symmetryTolerance,
            double[] values, double[] vectors) {
        SmallEigensolver.Chunk3 s = SmallEigensolver.chunk3(count);
        Scratch rows = scratch(count);
        int full = count - count % LANES;
        // the scalar batch checks every matrix of the chunk first: so do the lanes, and the
        // scalar check of a flagged matrix throws what the scalar batch throws
        for (int g = 0; g < full; g += LANES) {
            long flagged = scale(a, first + g, g, s, rows.entries);
            for (long m = flagged; m != 0; m &= m - 1) {
                check(a, first + g + Long.numberOfTrailingZeros(m), symmetryTolerance);
            }
            rows.flagged[g / LANES] = flagged;
        }
        for (int b = full; b < count; b++) {
            check(a, first + b, symmetryTolerance);
        }
        for (int g = 0; g < full; g += LANES) {
            isolated(s, g);
        }
        int scalarCount = 0;
        for (int g = 0; g < full; g += LANES) {
            long scalar = closedForm(s, g, epsilon, rows.rows, 12 * g) | rows.flagged[g / LANES];
            rows.flagged[g / LANES] = scalar; // decomposeAndPullback reads which lanes' rows are stale
            store(rows.rows, 12 * g, values, 3 * (first + g), vectors, 9 * (first + g));
            for (long m = scalar; m != 0; m &= m - 1) {
                solve(a, first + g + Long.numberOfTrailingZeros(m), epsilon, symmetryTolerance, values, vectors);
                scalarCount++;
            }
        }
        for (int b = full; b < count; b++) {
            solve(a, first + b, epsilon, symmetryTolerance, values, vectors);
        }
        return scalarCount + count - full;
    }

    /** The scalar input check of matrix b, naming it. */
    private static void check(double[] a, int b, double symmetryTolerance) {
        try {
            SmallInputCheck.check3(a, 9 * b, symmetryTolerance);
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /** Matrix b by the single call (its check has passed): what the lanes leave. */
    private static void solve(double[] a, int b, double epsilon, double symmetryTolerance, double[] values,
            double[] vectors) {
        try {
            SmallEigensolver.decompose(3, a, 9 * b, epsilon, symmetryTolerance, values, 3 * b, vectors, 9 * b);
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /**
     * The first stage of the scalar chunk (check and scale) for matrices {@code b} to
     * {@code b + LANES - 1} (column g of the chunk): the scaled symmetric part and 2^exponent of
     * each. Returns the matrices it leaves to the scalar code, all but the plain case: an entry
     * not finite, the two triangles not equal to the bit, or the largest |a_ij| zero or
     * subnormal.
     */
    private static long scale(double[] a, int b, int g, SmallEigensolver.Chunk3 s, double[] entries) {
        // one gather per entry, in a loop: C1 gives up on a method with many gathers written out
        for (int k = 0; k < 9; k++) {
            DoubleVector.fromArray(SPECIES, a, 9 * b + k, MATRIX_BLOCKS, 0).intoArray(entries, k * LANES);
        }
        DoubleVector x0 = DoubleVector.fromArray(SPECIES, entries, 0);
        DoubleVector x1 = DoubleVector.fromArray(SPECIES, entries, LANES);
        DoubleVector x2 = DoubleVector.fromArray(SPECIES, entries, 2 * LANES);
        DoubleVector x3 = DoubleVector.fromArray(SPECIES, entries, 3 * LANES);
        DoubleVector x4 = DoubleVector.fromArray(SPECIES, entries, 4 * LANES);
        DoubleVector x5 = DoubleVector.fromArray(SPECIES, entries, 5 * LANES);
        DoubleVector x6 = DoubleVector.fromArray(SPECIES, entries, 6 * LANES);
        DoubleVector x7 = DoubleVector.fromArray(SPECIES, entries, 7 * LANES);
        DoubleVector x8 = DoubleVector.fromArray(SPECIES, entries, 8 * LANES);
        DoubleVector max = x0.abs().max(x1.abs()).max(x2.abs().max(x3.abs())).max(x4.abs().max(x5.abs()))
                .max(x6.abs().max(x7.abs())).max(x8.abs());
        VectorMask<Double> plain = max.compare(VectorOperators.LE, Double.MAX_VALUE)
                .and(max.compare(VectorOperators.GE, Double.MIN_NORMAL))
                .and(x1.compare(VectorOperators.EQ, x3)).and(x2.compare(VectorOperators.EQ, x6))
                .and(x5.compare(VectorOperators.EQ, x7));
        // the exponent e of max, and 2^-(e/2), 2^-(e - e/2) (Java's division) and 2^e from bits
        LongVector e = max.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 52).sub(1023);
        // e / 2 rounded toward zero, by logical shifts only (AVX2 has no 64-bit arithmetic shift):
        // floor((e + [e < 0]) / 2), taken on e + 2048 >= 0
        LongVector half = e.add(e.lanewise(VectorOperators.LSHR, 63)).add(2048).lanewise(VectorOperators.LSHR, 1)
                .sub(1024);
        DoubleVector f1 = half.neg().add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector f2 = e.sub(half).neg().add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector scale = e.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        x0.mul(f1).mul(f2).intoArray(s.a00, g);
        x4.mul(f1).mul(f2).intoArray(s.a11, g);
        x8.mul(f1).mul(f2).intoArray(s.a22, g);
        x1.mul(f1).mul(f2).add(x3.mul(f1).mul(f2)).div(2).intoArray(s.a01, g);
        x2.mul(f1).mul(f2).add(x6.mul(f1).mul(f2)).div(2).intoArray(s.a02, g);
        x5.mul(f1).mul(f2).add(x7.mul(f1).mul(f2)).div(2).intoArray(s.a12, g);
        scale.intoArray(s.scale, g);
        VectorMask<Double> flagged = plain.not();
        return flagged.anyTrue() ? flagged.toLong() : 0;
    }

    /**
     * A lane group's 12 rows from {@code base} (the values, then V row-major, each LANES wide)
     * into the flat arrays.
     */
    private static void store(double[] rows, int base, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset) {
        for (int l = 0; l < LANES; l++) {
            int c = base + l;
            int vo = valuesOffset + 3 * l;
            values[vo] = rows[c];
            values[vo + 1] = rows[LANES + c];
            values[vo + 2] = rows[2 * LANES + c];
            int wo = vectorsOffset + 9 * l;
            for (int k = 0; k < 9; k++) {
                vectors[wo + k] = rows[(3 + k) * LANES + c];
            }
        }
    }

    /**
     * {@code isolatedEigenvalue} of the scaled matrices g to g + LANES - 1, into
     * {@code s.lambda}: NaN where the scalar code returns NaN (a multiple of the identity).
     */
    private static void isolated(SmallEigensolver.Chunk3 s, int g) {
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, s.a00, g);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, s.a11, g);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, s.a22, g);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, s.a01, g);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, s.a02, g);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, s.a12, g);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2);
        DoubleVector three = DoubleVector.broadcast(SPECIES, 3);
        DoubleVector q = a00.add(a11).add(a22).div(three);
        DoubleVector b00 = a00.sub(q);
        DoubleVector b11 = a11.sub(q);
        DoubleVector b22 = a22.sub(q);
        DoubleVector p2 = b00.mul(b00).add(b11.mul(b11)).add(b22.mul(b22))
                .add(two.mul(a01.mul(a01).add(a02.mul(a02)).add(a12.mul(a12))));
        VectorMask<Double> identity = p2.compare(VectorOperators.GT, ClosedForm3.TINY_SPREAD).not();
        DoubleVector p = p2.div(6).lanewise(VectorOperators.SQRT);
        DoubleVector det = b00.mul(b11.mul(b22).sub(a12.mul(a12))).sub(a01.mul(a01.mul(b22).sub(a12.mul(a02))))
                .add(a02.mul(a01.mul(a12).sub(b11.mul(a02))));
        DoubleVector half = three.mul(det).div(p2.mul(p));
        DoubleVector r = half.abs();
        r = r.blend(one, r.compare(VectorOperators.GT, 1));
        DoubleVector r2 = r.mul(r);
        DoubleVector x = DoubleVector.broadcast(SPECIES, ClosedForm3.G0).add(DoubleVector.broadcast(SPECIES, ClosedForm3.G1).mul(r)).add(r2.mul(DoubleVector.broadcast(SPECIES, ClosedForm3.G2).add(DoubleVector.broadcast(SPECIES, ClosedForm3.G3).mul(r))
                .add(r2.mul(DoubleVector.broadcast(SPECIES, ClosedForm3.G4).add(DoubleVector.broadcast(SPECIES, ClosedForm3.G5).mul(r))))));
        DoubleVector f = x.mul(x.mul(x).sub(three)).sub(two.mul(r));
        DoubleVector df = three.mul(x.mul(x).sub(one));
        x = x.sub(two.mul(f).mul(df).div(two.mul(df).mul(df).sub(DoubleVector.broadcast(SPECIES, 6).mul(x).mul(f))));
        DoubleVector px = p.mul(x);
        DoubleVector lambda = q.sub(px).blend(q.add(px), half.compare(VectorOperators.GE, 0));
        lambda.blend(DoubleVector.broadcast(SPECIES, Double.NaN), identity).intoArray(s.lambda, g);
    }

    /**
     * The rest of the closed form of {@code SmallEigensolver} on the scaled matrices g to
     * g + LANES - 1 from {@code s.lambda}, written to the output rows in column g + l. Returns
     * the lanes to finish in scalar: the zero matrix, a NaN isolated eigenvalue, the Jacobi
     * cases and unscaled values that overflow.
     */
    private static long closedForm(SmallEigensolver.Chunk3 s, int g, double epsilon, double[] out, int base) {
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, s.a00, g);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, s.a11, g);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, s.a22, g);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, s.a01, g);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, s.a02, g);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, s.a12, g);
        DoubleVector zero = DoubleVector.broadcast(SPECIES, 0);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2);
        DoubleVector three = DoubleVector.broadcast(SPECIES, 3);
        DoubleVector lambda = DoubleVector.fromArray(SPECIES, s.lambda, g);
        VectorMask<Double> scalar = lambda.compare(VectorOperators.NE, lambda);
        // closedForm3
        VectorMask<Double> top = lambda.compare(VectorOperators.GE, a00.add(a11).add(a22).div(three));
        DoubleVector d00 = a00.sub(lambda);
        DoubleVector d11 = a11.sub(lambda);
        DoubleVector d22 = a22.sub(lambda);
        DoubleVector x0 = a01.mul(a12).sub(a02.mul(d11));
        DoubleVector y0 = a02.mul(a01).sub(d00.mul(a12));
        DoubleVector z0 = d00.mul(d11).sub(a01.mul(a01));
        DoubleVector x1 = a01.mul(d22).sub(a02.mul(a12));
        DoubleVector y1 = a02.mul(a02).sub(d00.mul(d22));
        DoubleVector z1 = d00.mul(a12).sub(a01.mul(a02));
        DoubleVector x2 = d11.mul(d22).sub(a12.mul(a12));
        DoubleVector y2 = a12.mul(a02).sub(a01.mul(d22));
        DoubleVector z2 = a01.mul(a12).sub(d11.mul(a02));
        DoubleVector n0 = x0.mul(x0).add(y0.mul(y0)).add(z0.mul(z0));
        DoubleVector n1 = x1.mul(x1).add(y1.mul(y1)).add(z1.mul(z1));
        DoubleVector n2 = x2.mul(x2).add(y2.mul(y2)).add(z2.mul(z2));
        VectorMask<Double> take1 = n1.compare(VectorOperators.GT, n0);
        DoubleVector vx = x0.blend(x1, take1);
        DoubleVector vy = y0.blend(y1, take1);
        DoubleVector vz = z0.blend(z1, take1);
        DoubleVector nv = n0.blend(n1, take1);
        VectorMask<Double> take2 = n2.compare(VectorOperators.GT, nv);
        vx = vx.blend(x2, take2);
        vy = vy.blend(y2, take2);
        vz = vz.blend(z2, take2);
        nv = nv.blend(n2, take2);
        scalar = scalar.or(nv.compare(VectorOperators.GT, ClosedForm3.TINY_VECTOR).not());
        VectorMask<Double> xz = vx.abs().compare(VectorOperators.GT, vy.abs());
        DoubleVector ux = zero.blend(vz.neg(), xz);
        DoubleVector uy = vz.blend(zero, xz);
        DoubleVector uz = vy.neg().blend(vx, xz);
        DoubleVector nu = ux.mul(ux).add(uy.mul(uy)).add(uz.mul(uz));
        DoubleVector wx = vy.mul(uz).sub(vz.mul(uy));
        DoubleVector wy = vz.mul(ux).sub(vx.mul(uz));
        DoubleVector wz = vx.mul(uy).sub(vy.mul(ux));
        DoubleVector iv = one.div(nv.lanewise(VectorOperators.SQRT));
        DoubleVector iu = one.div(nu.lanewise(VectorOperators.SQRT));
        DoubleVector iw = iv.mul(iu);
        DoubleVector lv = vx.mul(a00.mul(vx).add(a01.mul(vy)).add(a02.mul(vz)))
                .add(vy.mul(a01.mul(vx).add(a11.mul(vy)).add(a12.mul(vz))))
                .add(vz.mul(a02.mul(vx).add(a12.mul(vy)).add(a22.mul(vz)))).div(nv);
        DoubleVector aux = a00.mul(ux).add(a01.mul(uy)).add(a02.mul(uz));
        DoubleVector auy = a01.mul(ux).add(a11.mul(uy)).add(a12.mul(uz));
        DoubleVector auz = a02.mul(ux).add(a12.mul(uy)).add(a22.mul(uz));
        DoubleVector awx = a00.mul(wx).add(a01.mul(wy)).add(a02.mul(wz));
        DoubleVector awy = a01.mul(wx).add(a11.mul(wy)).add(a12.mul(wz));
        DoubleVector awz = a02.mul(wx).add(a12.mul(wy)).add(a22.mul(wz));
        DoubleVector buu = ux.mul(aux).add(uy.mul(auy)).add(uz.mul(auz)).div(nu);
        DoubleVector bww = wx.mul(awx).add(wy.mul(awy)).add(wz.mul(awz)).mul(iw.mul(iw));
        DoubleVector buw = ux.mul(awx).add(uy.mul(awy)).add(uz.mul(awz)).add(wx.mul(aux)).add(wy.mul(auy))
                .add(wz.mul(auz)).mul(iu.mul(iw)).div(two);
        vx = vx.mul(iv);
        vy = vy.mul(iv);
        vz = vz.mul(iv);
        ux = ux.mul(iu);
        uy = uy.mul(iu);
        uz = uz.mul(iu);
        wx = wx.mul(iw);
        wy = wy.mul(iw);
        wz = wz.mul(iw);
        DoubleVector h = buu.sub(bww).div(two);
        DoubleVector mean = buu.add(bww).div(two);
        DoubleVector rad = h.mul(h).add(buw.mul(buw)).lanewise(VectorOperators.SQRT);
        DoubleVector big = h.abs().add(rad);
        DoubleVector n = big.mul(big).add(buw.mul(buw)).lanewise(VectorOperators.SQRT);
        VectorMask<Double> positive = n.compare(VectorOperators.GT, 0);
        DoubleVector in = zero.blend(one.div(n), positive);
        VectorMask<Double> hNonNegative = h.compare(VectorOperators.GE, 0);
        DoubleVector bigIn = big.mul(in);
        DoubleVector buwIn = buw.mul(in);
        DoubleVector c = buwIn.blend(one.blend(bigIn, positive), hNonNegative);
        DoubleVector sn = bigIn.blend(buwIn, hNonNegative);
        DoubleVector hi = mean.add(rad);
        DoubleVector lo = mean.sub(rad);
        DoubleVector largest = lv.abs().max(hi.abs().max(lo.abs()));
        DoubleVector smallest = lv.abs().min(hi.abs().min(lo.abs()));
        scalar = scalar.or(smallest.compare(VectorOperators.LT, DoubleVector.broadcast(SPECIES, ClosedForm3.CLOSED_FORM_MIN_RATIO).mul(largest)));
        DoubleVector hx = c.mul(ux).add(sn.mul(wx));
        DoubleVector hy = c.mul(uy).add(sn.mul(wy));
        DoubleVector hz = c.mul(uz).add(sn.mul(wz));
        DoubleVector lx = c.mul(wx).sub(sn.mul(ux));
        DoubleVector ly = c.mul(wy).sub(sn.mul(uy));
        DoubleVector lz = c.mul(wz).sub(sn.mul(uz));
        // finish3: (lv, hi, lo) with columns (v, h, l) when top, else (hi, lo, lv) with (h, l, v)
        DoubleVector d0 = hi.blend(lv, top);
        DoubleVector d1 = lo.blend(hi, top);
        DoubleVector d2 = lv.blend(lo, top);
        DoubleVector c0x = hx.blend(vx, top);
        DoubleVector c0y = hy.blend(vy, top);
        DoubleVector c0z = hz.blend(vz, top);
        DoubleVector c1x = lx.blend(hx, top);
        DoubleVector c1y = ly.blend(hy, top);
        DoubleVector c1z = lz.blend(hz, top);
        DoubleVector c2x = vx.blend(lx, top);
        DoubleVector c2y = vy.blend(ly, top);
        DoubleVector c2z = vz.blend(lz, top);
        // the sorting network of finish3: swap (0, 1), (1, 2), (0, 1) where the first is smaller
        VectorMask<Double> swap = d0.compare(VectorOperators.LT, d1);
        DoubleVector t = d0;
        d0 = d0.blend(d1, swap);
        d1 = d1.blend(t, swap);
        t = c0x;
        c0x = c0x.blend(c1x, swap);
        c1x = c1x.blend(t, swap);
        t = c0y;
        c0y = c0y.blend(c1y, swap);
        c1y = c1y.blend(t, swap);
        t = c0z;
        c0z = c0z.blend(c1z, swap);
        c1z = c1z.blend(t, swap);
        swap = d1.compare(VectorOperators.LT, d2);
        t = d1;
        d1 = d1.blend(d2, swap);
        d2 = d2.blend(t, swap);
        t = c1x;
        c1x = c1x.blend(c2x, swap);
        c2x = c2x.blend(t, swap);
        t = c1y;
        c1y = c1y.blend(c2y, swap);
        c2y = c2y.blend(t, swap);
        t = c1z;
        c1z = c1z.blend(c2z, swap);
        c2z = c2z.blend(t, swap);
        swap = d0.compare(VectorOperators.LT, d1);
        t = d0;
        d0 = d0.blend(d1, swap);
        d1 = d1.blend(t, swap);
        t = c0x;
        c0x = c0x.blend(c1x, swap);
        c1x = c1x.blend(t, swap);
        t = c0y;
        c0y = c0y.blend(c1y, swap);
        c1y = c1y.blend(t, swap);
        t = c0z;
        c0z = c0z.blend(c1z, swap);
        c1z = c1z.blend(t, swap);
        DoubleVector scale = DoubleVector.fromArray(SPECIES, s.scale, g);
        DoubleVector eps = DoubleVector.broadcast(SPECIES, epsilon);
        DoubleVector e0 = d0.mul(scale).add(eps);
        DoubleVector e1 = d1.mul(scale).add(eps);
        DoubleVector e2 = d2.mul(scale).add(eps);
        DoubleVector infinity = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
        scalar = scalar.or(e0.abs().compare(VectorOperators.EQ, infinity))
                .or(e1.abs().compare(VectorOperators.EQ, infinity))
                .or(e2.abs().compare(VectorOperators.EQ, infinity))
                .or(scale.compare(VectorOperators.EQ, 0)); // the zero matrix
        e0.intoArray(out, base);
        e1.intoArray(out, base + LANES);
        e2.intoArray(out, base + 2 * LANES);
        DoubleVector top3;
        VectorMask<Double> flip;
        // column 0 in the gauge of column3: its entry of largest magnitude (the first on ties) positive
        top3 = c0x.blend(c0y, c0y.abs().compare(VectorOperators.GT, c0x.abs()));
        top3 = top3.blend(c0z, c0z.abs().compare(VectorOperators.GT, top3.abs()));
        flip = top3.compare(VectorOperators.LT, 0);
        c0x.blend(c0x.neg(), flip).intoArray(out, base + 3 * LANES);
        c0y.blend(c0y.neg(), flip).intoArray(out, base + 6 * LANES);
        c0z.blend(c0z.neg(), flip).intoArray(out, base + 9 * LANES);
        // column 1 in the gauge of column3: its entry of largest magnitude (the first on ties) positive
        top3 = c1x.blend(c1y, c1y.abs().compare(VectorOperators.GT, c1x.abs()));
        top3 = top3.blend(c1z, c1z.abs().compare(VectorOperators.GT, top3.abs()));
        flip = top3.compare(VectorOperators.LT, 0);
        c1x.blend(c1x.neg(), flip).intoArray(out, base + 4 * LANES);
        c1y.blend(c1y.neg(), flip).intoArray(out, base + 7 * LANES);
        c1z.blend(c1z.neg(), flip).intoArray(out, base + 10 * LANES);
        // column 2 in the gauge of column3: its entry of largest magnitude (the first on ties) positive
        top3 = c2x.blend(c2y, c2y.abs().compare(VectorOperators.GT, c2x.abs()));
        top3 = top3.blend(c2z, c2z.abs().compare(VectorOperators.GT, top3.abs()));
        flip = top3.compare(VectorOperators.LT, 0);
        c2x.blend(c2x.neg(), flip).intoArray(out, base + 5 * LANES);
        c2y.blend(c2y.neg(), flip).intoArray(out, base + 8 * LANES);
        c2z.blend(c2z.neg(), flip).intoArray(out, base + 11 * LANES);
        return scalar.anyTrue() ? scalar.toLong() : 0;
    }

    @Override
    public void pullback(int first, int count, double[] values, double[] vectors, double[] valuesBar,
            boolean eigenvalueTerm, double[] vectorsBar, double[] gradients, long iterations, IntConsumer scalar) {
        Scratch s = scratch(count);
        double[] in = s.pullbackScratch;
        int full = count - count % LANES;
        for (int g = 0; g < full; g += LANES) {
            int b = first + g;
            gatherRows(values, 3 * b, VALUE_BLOCKS, 3, in, 0);
            gatherRows(vectors, 9 * b, MATRIX_BLOCKS, 9, in, 6);
            pullbackGroup(s, b, valuesBar, eigenvalueTerm, vectorsBar, gradients, iterations, scalar);
        }
        for (int c = full; c < count; c++) {
            scalar.accept(first + c);
        }
    }

    @Override
    public void decomposeAndPullback(double[] a, int first, int count, double epsilon, double symmetryTolerance,
            double[] values, double[] vectors, double[] valuesBar, boolean eigenvalueTerm, double[] vectorsBar,
            double[] gradients, long iterations, IntConsumer scalar) {
        decompose(a, first, count, epsilon, symmetryTolerance, values, vectors);
        Scratch s = scratch(count);
        double[] in = s.pullbackScratch;
        int full = count - count % LANES;
        for (int g = 0; g < full; g += LANES) {
            int b = first + g;
            // values and V straight from the forward's rows (input rows 0-2 and 6-14)
            for (int r = 0; r < 3; r++) {
                DoubleVector.fromArray(SPECIES, s.rows, 12 * g + r * LANES).intoArray(in, r * LANES);
            }
            for (int r = 0; r < 9; r++) {
                DoubleVector.fromArray(SPECIES, s.rows, 12 * g + (3 + r) * LANES).intoArray(in, (6 + r) * LANES);
            }
            // the matrices the scalar code finished have their results in the flat arrays only
            for (long m = s.flagged[g / LANES]; m != 0; m &= m - 1) {
                int l = Long.numberOfTrailingZeros(m);
                for (int r = 0; r < 3; r++) {
                    in[r * LANES + l] = values[3 * (b + l) + r];
                }
                for (int r = 0; r < 9; r++) {
                    in[(6 + r) * LANES + l] = vectors[9 * (b + l) + r];
                }
            }
            pullbackGroup(s, b, valuesBar, eigenvalueTerm, vectorsBar, gradients, iterations, scalar);
        }
        for (int c = full; c < count; c++) {
            scalar.accept(first + c);
        }
    }

    /**
     * The pullback of matrices b to b + LANES - 1, whose values and vectors are in the input
     * rows: their cotangents gathered and checked here, where they are read anyway. A group
     * with a cotangent that is not finite goes to the scalar code matrix by matrix, which
     * checks each matrix's cotangents before its pullback and so fails where the scalar batch
     * fails.
     */
    private static void pullbackGroup(Scratch s, int b, double[] valuesBar, boolean eigenvalueTerm,
            double[] vectorsBar, double[] gradients, long iterations, IntConsumer scalar) {
        double[] in = s.pullbackScratch;
        boolean finite = gatherRows(valuesBar, 3 * b, VALUE_BLOCKS, 3, in, 3)
                & gatherRows(vectorsBar, 9 * b, MATRIX_BLOCKS, 9, in, 15);
        if (!finite) {
            for (int l = 0; l < LANES; l++) {
                scalar.accept(b + l);
            }
            return;
        }
        if (!eigenvalueTerm) {
            gatherRows(null, 0, VALUE_BLOCKS, 3, in, 3);
        }
        long redo = Pullback3PowerIterationLanes.pullbackRows(iterations, s.gradient, LANES, 0, in);
        spread(s, gradients, b, redo, scalar);
    }

    /**
     * Entries 0 to size - 1 of the lanes' blocks from {@code offset} into rows {@code row}.. of
     * {@code in} (zeros for null); false if one is not finite.
     */
    private static boolean gatherRows(double[] array, int offset, int[] blocks, int size, double[] in, int row) {
        VectorMask<Double> finite = SPECIES.maskAll(true);
        for (int k = 0; k < size; k++) {
            DoubleVector v = array == null ? DoubleVector.zero(SPECIES)
                    : DoubleVector.fromArray(SPECIES, array, offset + k, blocks, 0);
            finite = finite.and(v.abs().compare(VectorOperators.LE, Double.MAX_VALUE));
            v.intoArray(in, (row + k) * LANES);
        }
        return finite.allTrue();
    }

    /**
     * The gradient rows of a lane group into the flat gradients of matrices b to b + LANES - 1
     * (each off-diagonal entry twice), then the flagged ones by the scalar rule.
     */
    private static void spread(Scratch s, double[] gradients, int b, long redo, IntConsumer scalar) {
        double[] gradient = s.gradient;
        for (int l = 0; l < LANES; l++) {
            int o = 9 * (b + l);
            double g00 = gradient[l];
            double g01 = gradient[LANES + l];
            double g02 = gradient[2 * LANES + l];
            double g11 = gradient[3 * LANES + l];
            double g12 = gradient[4 * LANES + l];
            double g22 = gradient[5 * LANES + l];
            gradients[o] = g00;
            gradients[o + 1] = g01;
            gradients[o + 2] = g02;
            gradients[o + 3] = g01;
            gradients[o + 4] = g11;
            gradients[o + 5] = g12;
            gradients[o + 6] = g02;
            gradients[o + 7] = g12;
            gradients[o + 8] = g22;
        }
        for (long m = redo; m != 0; m &= m - 1) {
            scalar.accept(b + Long.numberOfTrailingZeros(m));
        }
    }
}
