package io.github.eigengrad.runtime;

/**
 * The 3x3 forward pass of a batch chunk in stages ({@link EigenBatch}): check and scale every
 * matrix, then the isolated eigenvalue of every one, then the rest of the closed form (or
 * Jacobi), each stage a short loop of independent iterations that the processor overlaps.
 * The results are those of {@link SmallEigensolver#decompose3}, bit for bit; the SIMD lanes
 * ({@code Batch3Lanes}) run the same stages on the same scratch.
 */
final class SmallBatch3 {
    private SmallBatch3() {}

    private static final ThreadLocal<Chunk> CHUNKS = ThreadLocal.withInitial(() -> new Chunk(0));

    /** This thread's scratch for at least {@code capacity} matrices (allocated once, then reused). */
    static Chunk chunk(int capacity) {
        Chunk c = CHUNKS.get();
        if (c.lambda.length < capacity) {
            c = new Chunk(capacity);
            CHUNKS.set(c);
        }
        return c;
    }

    /** Scratch arrays of {@link #decompose} for up to {@code capacity} matrices; one per thread. */
    static final class Chunk {
        final double[] a00;
        final double[] a11;
        final double[] a22;
        final double[] a01;
        final double[] a02;
        final double[] a12;
        final double[] lambda;
        final int[] exponent;
        /** 2^exponent, the factor that unscales the eigenvalues: written by the SIMD lanes' first stage. */
        final double[] scale;

        Chunk(int capacity) {
            a00 = new double[capacity];
            a11 = new double[capacity];
            a22 = new double[capacity];
            a01 = new double[capacity];
            a02 = new double[capacity];
            a12 = new double[capacity];
            lambda = new double[capacity];
            exponent = new int[capacity];
            scale = new double[capacity];
        }
    }

    /**
     * {@code count} consecutive 3x3 matrices from {@code aOffset}, with the results of
     * {@link SmallEigensolver#decompose3} bit for bit, in stages over the chunk: check and scale all, then the
     * isolated eigenvalue of all, then the rest. Each stage is a short loop whose iterations
     * are independent, so the processor overlaps several matrices instead of waiting on one
     * dependent chain (docs/performance.md). A bad matrix throws naming it as matrix
     * {@code firstIndex + b}.
     */
    static void decompose(double[] a, int aOffset, int count, double epsilon, double symmetryTolerance,
            double[] values, int valuesOffset, double[] vectors, int vectorsOffset, Chunk s, int firstIndex) {
        scale(a, aOffset, count, symmetryTolerance, s, firstIndex);
        for (int b = 0; b < count; b++) {
            s.lambda[b] = ClosedForms.isolatedEigenvalue(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b]);
        }
        for (int b = 0; b < count; b++) {
            try {
                solve(s, b, s.lambda[b], epsilon, values, valuesOffset + 3 * b, vectors, vectorsOffset + 9 * b);
            } catch (InvalidInputException x) { // an eigenvalue beyond the double range
                throw new InvalidInputException(x.problem(), "matrix " + (firstIndex + b) + ": " + x.getMessage());
            }
        }
    }

    /**
     * The first stage of {@link #decompose}: checks matrix b and writes its scaled
     * symmetric part and its exponent (Integer.MIN_VALUE for zero) into {@code s}.
     */
    private static void scale(double[] a, int aOffset, int count, double symmetryTolerance, Chunk s, int firstIndex) {
        for (int b = 0; b < count; b++) {
            double maxAbs;
            try {
                maxAbs = SmallInputCheck.check3(a, aOffset + 9 * b, symmetryTolerance);
            } catch (InvalidInputException x) {
                throw new InvalidInputException(x.problem(), "matrix " + (firstIndex + b) + ": " + x.getMessage());
            }
            if (maxAbs == 0) {
                s.exponent[b] = Integer.MIN_VALUE;
                continue;
            }
            int e = MatrixInput.exponentOf(maxAbs);
            double f1 = MatrixInput.powerOfTwo(-(e / 2));
            double f2 = MatrixInput.powerOfTwo(-(e - e / 2));
            int o = aOffset + 9 * b;
            s.exponent[b] = e;
            s.a00[b] = a[o] * f1 * f2;
            s.a11[b] = a[o + 4] * f1 * f2;
            s.a22[b] = a[o + 8] * f1 * f2;
            s.a01[b] = (a[o + 1] * f1 * f2 + a[o + 3] * f1 * f2) / 2;
            s.a02[b] = (a[o + 2] * f1 * f2 + a[o + 6] * f1 * f2) / 2;
            s.a12[b] = (a[o + 5] * f1 * f2 + a[o + 7] * f1 * f2) / 2;
        }
    }

    /**
     * The rest of matrix b of a chunk after {@link #scale}, from its isolated eigenvalue
     * {@code lambda}: the closed form, or Jacobi, or the identity for the zero matrix.
     */
    private static void solve(Chunk s, int b, double lambda, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        int e = s.exponent[b];
        if (e == Integer.MIN_VALUE) {
            SmallEigensolver.identity(3, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        if (lambda != lambda || !ClosedForms.closedForm3(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b], lambda, e,
                epsilon, values, valuesOffset, vectors, vectorsOffset)) {
            SmallEigensolver.jacobi3(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b], e, epsilon, values, valuesOffset,
                    vectors, vectorsOffset);
        }
    }
}
