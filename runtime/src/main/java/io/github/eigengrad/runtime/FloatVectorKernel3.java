package io.github.eigengrad.runtime;

import java.util.function.IntConsumer;

/**
 * The float 3x3 batch work on SIMD lanes (docs/math.md section 11), twice as many matrices per
 * vector as in double; as {@link VectorKernel3}, its implementation ({@code Batch3FloatLanes})
 * is compiled apart with the incubating module and loaded by name. The results are those of
 * the float scalar code, bit for bit.
 */
interface FloatVectorKernel3 {
    /** The implementation, or null where the module is missing (or the class cannot be linked). */
    static FloatVectorKernel3 load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (FloatVectorKernel3) Class.forName("io.github.eigengrad.runtime.Batch3FloatLanes")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The float forward pass of {@code count} 3x3 matrices from matrix {@code first}, with the
     * results and exceptions of the float scalar code; {@code scalar} finishes matrix b with the
     * scalar code (the lanes' leftovers: zero or subnormal matrices, the Jacobi cases, a
     * chunk's tail, in increasing order).
     */
    void decompose(float[] a, int first, int count, float epsilon, double symmetryTolerance, float[] values,
            float[] vectors, IntConsumer scalar);

    /**
     * The float power-iteration pullback of {@code count} matrices from {@code first};
     * {@code scalar} pulls back matrix b with the scalar rule (what the lanes flag, a group
     * with a cotangent that is not finite, a chunk's tail).
     */
    void pullback(int first, int count, float[] values, float[] vectors, float[] valuesBar, boolean eigenvalueTerm,
            float[] vectorsBar, float[] gradients, long iterations, IntConsumer scalar);

    /**
     * {@link #decompose} then {@link #pullback} of the same matrices, the pullback taking the
     * values and vectors from the forward's lanes instead of gathering them again: the same
     * results. {@code forwardScalar} and {@code pullbackScalar} are the scalar code of each.
     */
    void decomposeAndPullback(float[] a, int first, int count, float epsilon, double symmetryTolerance,
            float[] values, float[] vectors, float[] valuesBar, boolean eigenvalueTerm, float[] vectorsBar,
            float[] gradients, long iterations, IntConsumer forwardScalar, IntConsumer pullbackScalar);
}
