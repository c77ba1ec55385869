package io.github.eigengrad.runtime;

/**
 * Scratch of the float 3x3 lanes for one chunk ({@code Batch3FloatLanes}, {@code
 * ClosedForm3FloatLanes}): the scaled upper triangles, the isolated eigenvalues, and the
 * factors 2^e that unscale the eigenvalues. One per thread, reused.
 */
final class FloatChunk3 {
    private static final ThreadLocal<FloatChunk3> CHUNKS = ThreadLocal.withInitial(() -> new FloatChunk3(0));

    final float[] a00;
    final float[] a11;
    final float[] a22;
    final float[] a01;
    final float[] a02;
    final float[] a12;
    final float[] lambda;
    final float[] scale;

    private FloatChunk3(int capacity) {
        a00 = new float[capacity];
        a11 = new float[capacity];
        a22 = new float[capacity];
        a01 = new float[capacity];
        a02 = new float[capacity];
        a12 = new float[capacity];
        lambda = new float[capacity];
        scale = new float[capacity];
    }

    /** This thread's scratch for at least {@code capacity} matrices. */
    static FloatChunk3 get(int capacity) {
        FloatChunk3 c = CHUNKS.get();
        if (c.lambda.length < capacity) {
            c = new FloatChunk3(capacity);
            CHUNKS.set(c);
        }
        return c;
    }
}
