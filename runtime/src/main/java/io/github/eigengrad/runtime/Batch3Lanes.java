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
        SmallBatch3.Chunk s = SmallBatch3.chunk(count);
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
            ClosedForm3Lanes.isolated(s, g);
        }
        int scalarCount = 0;
        for (int g = 0; g < full; g += LANES) {
            long scalar = ClosedForm3Lanes.closedForm(s, g, epsilon, rows.rows, 12 * g) | rows.flagged[g / LANES];
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
    private static long scale(double[] a, int b, int g, SmallBatch3.Chunk s, double[] entries) {
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
