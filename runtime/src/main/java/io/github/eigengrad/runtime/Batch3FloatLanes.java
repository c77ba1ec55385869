package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.Pullback3PowerIterationFloatLanes;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float 3x3 batch on SIMD lanes (docs/math.md section 11): the float closed form
 * ({@code ClosedForm3FloatLanes}) and the generated float power-iteration pullback
 * ({@code Pullback3PowerIterationFloatLanes}) on {@link #LANES} matrices at a time, twice the
 * lanes of double, with the results of the float scalar code bit for bit (float add, multiply,
 * divide and square root are exactly rounded in both, and the scalar float rule powers in
 * float as the lanes do). Matrices the lanes do not finish go to the scalar code.
 */
final class Batch3FloatLanes implements FloatVectorKernel3 {
    private static final VectorSpecies<Float> SPECIES = Pullback3PowerIterationFloatLanes.SPECIES;
    /** Matrices per lane group. */
    static final int LANES = SPECIES.length();
    private static final int[] MATRIX_BLOCKS = IntStream.range(0, LANES).map(l -> 9 * l).toArray();
    private static final int[] VALUE_BLOCKS = IntStream.range(0, LANES).map(l -> 3 * l).toArray();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Instantiated by name ({@link FloatVectorKernel3#load}). */
    public Batch3FloatLanes() {}

    private static final class Scratch {
        /** The forward results by lane group: 12 rows of LANES (values, then V row-major) per group. */
        float[] rows = new float[12 * LANES];
        /** Per lane group: the matrices the scalar code finished. */
        long[] flagged = new long[1];
        final float[] entries = new float[9 * LANES];
        final float[] gradient = new float[Pullback3PowerIterationFloatLanes.GRADIENT_ROWS * LANES];
        final float[] pullbackScratch = new float[Pullback3PowerIterationFloatLanes.SCRATCH_LENGTH];
    }

    @Override
    public void decompose(float[] a, int first, int count, float epsilon, double symmetryTolerance, float[] values,
            float[] vectors, IntConsumer scalar) {
        FloatChunk3 s = FloatChunk3.get(count);
        Scratch rows = SCRATCH.get();
        int full = count - count % LANES;
        if (rows.rows.length < 12 * full) {
            rows.rows = new float[12 * full];
            rows.flagged = new long[full / LANES];
        }
        for (int g = 0; g < full; g += LANES) {
            rows.flagged[g / LANES] = scale(a, first + g, g, s, rows.entries);
        }
        for (int g = 0; g < full; g += LANES) {
            ClosedForm3FloatLanes.isolated(s, g);
        }
        for (int g = 0; g < full; g += LANES) {
            long left = ClosedForm3FloatLanes.closedForm(s, g, epsilon, rows.rows, 12 * g) | rows.flagged[g / LANES];
            rows.flagged[g / LANES] = left;
            store(rows.rows, 12 * g, values, 3 * (first + g), vectors, 9 * (first + g), left);
            for (long m = left; m != 0; m &= m - 1) {
                scalar.accept(first + g + Long.numberOfTrailingZeros(m));
            }
        }
        for (int b = full; b < count; b++) {
            scalar.accept(first + b);
        }
    }

    @Override
    public void decomposeAndPullback(float[] a, int first, int count, float epsilon, double symmetryTolerance,
            float[] values, float[] vectors, float[] valuesBar, boolean eigenvalueTerm, float[] vectorsBar,
            float[] gradients, long iterations, IntConsumer forwardScalar, IntConsumer pullbackScalar) {
        decompose(a, first, count, epsilon, symmetryTolerance, values, vectors, forwardScalar);
        Scratch s = SCRATCH.get();
        float[] in = s.pullbackScratch;
        int full = count - count % LANES;
        for (int g = 0; g < full; g += LANES) {
            int b = first + g;
            // values and V straight from the forward's rows (input rows 0-2 and 6-14)
            for (int r = 0; r < 3; r++) {
                FloatVector.fromArray(SPECIES, s.rows, 12 * g + r * LANES).intoArray(in, r * LANES);
            }
            for (int r = 0; r < 9; r++) {
                FloatVector.fromArray(SPECIES, s.rows, 12 * g + (3 + r) * LANES).intoArray(in, (6 + r) * LANES);
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
            // the forward's results are finite (an eigenvalue beyond the range is the scalar code's)
            pullbackGroup(s, b, true, valuesBar, eigenvalueTerm, vectorsBar, gradients, iterations, pullbackScalar);
        }
        for (int c = full; c < count; c++) {
            pullbackScalar.accept(first + c);
        }
    }

    /**
     * The check and scaling of matrices b to b + LANES - 1 (column g of the chunk) as the
     * scalar float code does them; returns the matrices it leaves to the scalar code: an entry
     * not finite, the triangles not equal to the bit, the largest |a_ij| zero or subnormal.
     */
    private static long scale(float[] a, int b, int g, FloatChunk3 s, float[] entries) {
        for (int k = 0; k < 9; k++) {
            FloatVector.fromArray(SPECIES, a, 9 * b + k, MATRIX_BLOCKS, 0).intoArray(entries, k * LANES);
        }
        FloatVector x0 = FloatVector.fromArray(SPECIES, entries, 0);
        FloatVector x1 = FloatVector.fromArray(SPECIES, entries, LANES);
        FloatVector x2 = FloatVector.fromArray(SPECIES, entries, 2 * LANES);
        FloatVector x3 = FloatVector.fromArray(SPECIES, entries, 3 * LANES);
        FloatVector x4 = FloatVector.fromArray(SPECIES, entries, 4 * LANES);
        FloatVector x5 = FloatVector.fromArray(SPECIES, entries, 5 * LANES);
        FloatVector x6 = FloatVector.fromArray(SPECIES, entries, 6 * LANES);
        FloatVector x7 = FloatVector.fromArray(SPECIES, entries, 7 * LANES);
        FloatVector x8 = FloatVector.fromArray(SPECIES, entries, 8 * LANES);
        FloatVector max = x0.abs().max(x1.abs()).max(x2.abs().max(x3.abs())).max(x4.abs().max(x5.abs()))
                .max(x6.abs().max(x7.abs())).max(x8.abs());
        VectorMask<Float> plain = max.compare(VectorOperators.LE, Float.MAX_VALUE)
                .and(max.compare(VectorOperators.GE, Float.MIN_NORMAL))
                .and(x1.compare(VectorOperators.EQ, x3)).and(x2.compare(VectorOperators.EQ, x6))
                .and(x5.compare(VectorOperators.EQ, x7));
        // the exponent e of max (normal), 2^-(e/2), 2^-(e - e/2) (Java's division) and 2^e from bits
        IntVector e = max.reinterpretAsInts().lanewise(VectorOperators.LSHR, 23).sub(127);
        IntVector half = e.add(e.lanewise(VectorOperators.LSHR, 31)).add(256).lanewise(VectorOperators.LSHR, 1)
                .sub(128);
        FloatVector f1 = half.neg().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector f2 = e.sub(half).neg().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale = e.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        x0.mul(f1).mul(f2).intoArray(s.a00, g);
        x4.mul(f1).mul(f2).intoArray(s.a11, g);
        x8.mul(f1).mul(f2).intoArray(s.a22, g);
        x1.mul(f1).mul(f2).add(x3.mul(f1).mul(f2)).div(2).intoArray(s.a01, g);
        x2.mul(f1).mul(f2).add(x6.mul(f1).mul(f2)).div(2).intoArray(s.a02, g);
        x5.mul(f1).mul(f2).add(x7.mul(f1).mul(f2)).div(2).intoArray(s.a12, g);
        scale.intoArray(s.scale, g);
        VectorMask<Float> flagged = plain.not();
        return flagged.anyTrue() ? flagged.toLong() : 0;
    }

    /** A lane group's 12 rows from {@code base} (stride LANES) into the flat arrays, but the lanes in {@code skip}. */
    private static void store(float[] rows, int base, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, long skip) {
        for (int l = 0; l < LANES; l++) {
            if ((skip >>> l & 1) != 0) {
                continue;
            }
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
    public void pullback(int first, int count, float[] values, float[] vectors, float[] valuesBar,
            boolean eigenvalueTerm, float[] vectorsBar, float[] gradients, long iterations, IntConsumer scalar) {
        Scratch s = SCRATCH.get();
        float[] in = s.pullbackScratch;
        int full = count - count % LANES;
        for (int g = 0; g < full; g += LANES) {
            int b = first + g;
            boolean finite = gatherRows(values, 3 * b, VALUE_BLOCKS, 3, in, 0)
                    & gatherRows(vectors, 9 * b, MATRIX_BLOCKS, 9, in, 6);
            pullbackGroup(s, b, finite, valuesBar, eigenvalueTerm, vectorsBar, gradients, iterations, scalar);
        }
        for (int c = full; c < count; c++) {
            scalar.accept(first + c);
        }
    }

    /**
     * The pullback of matrices b to b + LANES - 1 whose values and vectors are in the input
     * rows ({@code inputsFinite} whether they are all finite): the cotangents gathered and
     * checked here; a group with an entry that is not finite goes to the scalar rule matrix by
     * matrix, which names it.
     */
    private static void pullbackGroup(Scratch s, int b, boolean inputsFinite, float[] valuesBar,
            boolean eigenvalueTerm, float[] vectorsBar, float[] gradients, long iterations, IntConsumer scalar) {
        float[] in = s.pullbackScratch;
        boolean finite = inputsFinite
                & gatherRows(eigenvalueTerm ? valuesBar : null, 3 * b, VALUE_BLOCKS, 3, in, 3)
                & gatherRows(vectorsBar, 9 * b, MATRIX_BLOCKS, 9, in, 15);
        if (!finite) {
            for (int l = 0; l < LANES; l++) {
                scalar.accept(b + l);
            }
            return;
        }
        long redo = Pullback3PowerIterationFloatLanes.pullbackRows(iterations, s.gradient, LANES, 0, in);
        spread(s.gradient, gradients, b, redo);
        for (long m = redo; m != 0; m &= m - 1) {
            scalar.accept(b + Long.numberOfTrailingZeros(m));
        }
    }

    /** Entries 0 to size - 1 of the lanes' blocks into rows {@code row}.. of {@code in} (zeros for null); false if one is not finite. */
    private static boolean gatherRows(float[] array, int offset, int[] blocks, int size, float[] in, int row) {
        VectorMask<Float> finite = SPECIES.maskAll(true);
        for (int k = 0; k < size; k++) {
            FloatVector v = array == null ? FloatVector.zero(SPECIES)
                    : FloatVector.fromArray(SPECIES, array, offset + k, blocks, 0);
            finite = finite.and(v.abs().compare(VectorOperators.LE, Float.MAX_VALUE));
            v.intoArray(in, (row + k) * LANES);
        }
        return finite.allTrue();
    }

    /** The gradient rows of a lane group into the flat gradients (each off-diagonal entry twice), but the flagged lanes. */
    private static void spread(float[] gradient, float[] gradients, int b, long skip) {
        for (int l = 0; l < LANES; l++) {
            if ((skip >>> l & 1) != 0) {
                continue;
            }
            int o = 9 * (b + l);
            float g00 = gradient[l];
            float g01 = gradient[LANES + l];
            float g02 = gradient[2 * LANES + l];
            float g11 = gradient[3 * LANES + l];
            float g12 = gradient[4 * LANES + l];
            float g22 = gradient[5 * LANES + l];
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
    }
}
