package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.HermitianFormulas;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Statement;

/** The scalar Java of a straight-line {@link io.github.eigengrad.generator.program.Program}'s statements. */
final class JavaStatements {
    private JavaStatements() {}

    /** {@code final <type> x = array[arrayOffset + k]}. */
    static CodeBlock load(Statement.Load load, ElementType type) {
        return CodeBlock.of("final $L $L = $L[$LOffset + $L]", type.javaName(), load.name(), load.array(),
                load.array(), load.index());
    }

    /** {@code final <type> t = value}. */
    static CodeBlock let(Statement.Let let, ElementType type) {
        return CodeBlock.of("final $L $L = $L", type.javaName(), let.name(), JavaValues.write(let.value(), type));
    }

    /**
     * Stores a result {@code <prefix><i><j>} (i <= j) of a symmetric matrix into {@code array},
     * in {@code type}, off-diagonal twice.
     */
    static void storeSymmetric(Statement.Result result, int n, String prefix, String array, ElementType type,
            NameAllocator allocator, CodeBlock.Builder body) {
        int[] ij = entry(result.name(), prefix, n);
        CodeBlock value = JavaValues.write(result.value(), type);
        if (ij[0] == ij[1]) {
            body.addStatement("$L[$LOffset + $L] = $L", array, array, ij[0] * n + ij[1], value);
        } else {
            String local = allocator.newName(result.name(), result);
            body.addStatement("final $L $L = $L", type.javaName(), local, value);
            body.addStatement("$L[$LOffset + $L] = $L", array, array, ij[0] * n + ij[1], local);
            body.addStatement("$L[$LOffset + $L] = $L", array, array, ij[1] * n + ij[0], local);
        }
    }

    /** Stores a pushforward's result: {@code lambdaDot<i>} into {@code valuesDot}, {@code vDot<i><j>} into {@code vectorsDot}. */
    static void storeTangent(Statement.Result result, int n, ElementType type, CodeBlock.Builder body) {
        CodeBlock value = JavaValues.write(result.value(), type);
        for (int i = 0; i < n; i++) {
            if (result.name().equals(EigenInputs.LAMBDA_DOT + i)) {
                body.addStatement("valuesDot[valuesDotOffset + $L] = $L", i, value);
                return;
            }
            for (int j = 0; j < n; j++) {
                if (SymbolicMatrix.entryName(EigenInputs.V_DOT, i, j, n).equals(result.name())) {
                    body.addStatement("vectorsDot[vectorsDotOffset + $L] = $L", i * n + j, value);
                    return;
                }
            }
        }
        throw new IllegalStateException("not a tangent output: " + result.name());
    }

    /**
     * Stores a complex rule's result (docs/math.md section 13), the matrices interleaved:
     * {@code aBarRe<i><j>} / {@code aBarIm<i><j>} (i &lt;= j) into {@code gradient} at (i, j) and,
     * conjugated, at (j, i); {@code vDotRe<i><j>} / {@code vDotIm<i><j>} into {@code vectorsDot};
     * {@code lambdaDot<i>} into {@code valuesDot}.
     */
    static void storeComplex(Statement.Result result, int n, ElementType type, NameAllocator allocator,
            CodeBlock.Builder body) {
        String name = result.name();
        CodeBlock value = JavaValues.write(result.value(), type);
        for (String[] out : new String[][] {{HermitianFormulas.A_BAR + "Re", "gradient", "0"},
            {HermitianFormulas.A_BAR + "Im", "gradient", "1"}}) {
            if (name.startsWith(out[0]) && Character.isDigit(name.charAt(out[0].length()))) {
                int[] ij = entry(name, out[0], n);
                int part = Integer.parseInt(out[2]);
                int at = 2 * (ij[0] * n + ij[1]) + part;
                int mirror = 2 * (ij[1] * n + ij[0]) + part;
                if (ij[0] == ij[1]) {
                    body.addStatement("gradient[gradientOffset + $L] = $L", at, value);
                    return;
                }
                String local = allocator.newName(name, result);
                body.addStatement("final $L $L = $L", type.javaName(), local, value);
                body.addStatement("gradient[gradientOffset + $L] = $L", at, local);
                body.addStatement("gradient[gradientOffset + $L] = $L$L", mirror, part == 1 ? "-" : "", local);
                return;
            }
        }
        for (String[] out : new String[][] {{HermitianFormulas.V_DOT + "Re", "0"}, {HermitianFormulas.V_DOT + "Im", "1"}}) {
            if (name.startsWith(out[0]) && Character.isDigit(name.charAt(out[0].length()))) {
                int[] ij = entry(name, out[0], n);
                body.addStatement("vectorsDot[vectorsDotOffset + $L] = $L", 2 * (ij[0] * n + ij[1])
                        + Integer.parseInt(out[1]), value);
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            if (name.equals(EigenInputs.LAMBDA_DOT + i)) {
                body.addStatement("valuesDot[valuesDotOffset + $L] = $L", i, value);
                return;
            }
        }
        throw new IllegalStateException("not a complex rule's output: " + name);
    }

    /** (i, j) of an output named {@code <prefix><i><j>}. */
    static int[] entry(String name, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (SymbolicMatrix.entryName(prefix, i, j, n).equals(name)) {
                    return new int[] {i, j};
                }
            }
        }
        throw new IllegalStateException("not an output " + prefix + "<i><j>: " + name);
    }
}
