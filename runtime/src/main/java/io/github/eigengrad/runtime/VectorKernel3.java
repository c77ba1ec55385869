package io.github.eigengrad.runtime;

import java.util.function.IntConsumer;

/**
 * The 3x3 batch work that runs on SIMD lanes where the JVM has the incubating module
 * {@code jdk.incubator.vector}. Its implementation ({@code Batch3Lanes}) is compiled apart
 * with that module and loaded by name, so nothing here needs the module.
 */
interface VectorKernel3 {
    /** The implementation, or null where the module is missing (or the class cannot be linked). */
    static VectorKernel3 load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (VectorKernel3) Class.forName("io.github.eigengrad.runtime.Batch3Lanes").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The forward pass of {@code count} 3x3 matrices from matrix {@code first} of the flat
     * arrays, with the results and exceptions of {@code SmallBatch3.decompose}.
     * Returns how many of them the scalar code finished (what the lanes leave: zero matrices,
     * the Jacobi cases, a chunk's tail).
     */
    int decompose(double[] a, int first, int count, double epsilon, double symmetryTolerance, double[] values,
            double[] vectors);

    /**
     * The power-iteration pullback of {@code count} matrices from matrix {@code first} (the
     * arrays as in {@link EigenBatch#pullback}; {@code valuesBar} is checked, and used only
     * with the eigenvalue term). {@code scalar} pulls back matrix b with the scalar code,
     * checking its cotangents first: called for the matrices the lanes leave, in increasing
     * order within each lane group, and for every matrix of a group with a cotangent that is
     * not finite.
     */
    void pullback(int first, int count, double[] values, double[] vectors, double[] valuesBar, boolean eigenvalueTerm,
            double[] vectorsBar, double[] gradients, long iterations, IntConsumer scalar);

    /**
     * {@link #decompose} then {@link #pullback} of the same matrices, the pullback taking the
     * values and vectors from the forward's lanes instead of the flat arrays: the same results.
     */
    void decomposeAndPullback(double[] a, int first, int count, double epsilon, double symmetryTolerance,
            double[] values, double[] vectors, double[] valuesBar, boolean eigenvalueTerm, double[] vectorsBar,
            double[] gradients, long iterations, IntConsumer scalar);
}
