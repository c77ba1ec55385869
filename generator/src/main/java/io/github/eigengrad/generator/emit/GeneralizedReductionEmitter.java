package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.GeneralizedReduction;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code GeneralizedReductions}: for n = 2, 3, 4 the Cholesky reduction of the
 * generalised problem ({@link GeneralizedReduction#reduction}: pivots, {@code L^-1},
 * {@code C = L^-1 A L^-T}) and its back transformation ({@code V = L^-T U}) as straight-line
 * static methods on arrays with offsets, without allocation or branches; the runtime checks
 * the pivots and solves C with its small solvers.
 */
public final class GeneralizedReductionEmitter {
    /** The simple name of the generated class. */
    public static final String CLASS_NAME = "GeneralizedReductions";

    private GeneralizedReductionEmitter() {}

    public static JavaFile emit() {
        TypeSpec.Builder type = TypeSpec.classBuilder(CLASS_NAME)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The Cholesky reduction of A v = lambda B v and its back transformation for n = 2, 3, 4, "
                        + "straight-line (docs/math.md section 12). Generated from the formula library.\n")
                .addAnnotation(GeneratedFiles.generated(GeneralizedReductionEmitter.class, "sizes 2, 3, 4"))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (int n : MatrixFunctionEmitter.SIZES) {
            type.addMethod(method("reduce" + n, GeneralizedReduction.reduction(n), n,
                    new String[][] {{GeneralizedReduction.A, "a"}, {GeneralizedReduction.B, "b"}},
                    new String[][] {{GeneralizedReduction.PIVOT, "pivots", "vector"},
                        {GeneralizedReduction.INVERSE, "inverse", "matrix"},
                        {GeneralizedReduction.REDUCED, "c", "symmetric"}},
                    "The Cholesky reduction of one " + n + "x" + n + " pair: {@code pivots} receives the n pivots "
                            + "{@code d_j} before their square roots (the caller checks them: with one not positive the "
                            + "other outputs are meaningless), {@code inverse} the lower triangle of {@code L^-1} "
                            + "(row-major; the upper triangle is not written), {@code c} the symmetric "
                            + "{@code C = L^-1 A L^-T}. Only the lower triangles of A and B are read."));
            type.addMethod(method("backTransform" + n, GeneralizedReduction.backTransform(n), n,
                    new String[][] {{GeneralizedReduction.INVERSE, "inverse"},
                        {GeneralizedReduction.EIGENVECTORS, "u"}},
                    new String[][] {{GeneralizedReduction.VECTORS, "v", "matrix"}},
                    "{@code V = L^-T U} for one " + n + "x" + n + " pair, from the lower triangle of {@code L^-1}."));
        }
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type.build(), GeneralizedReductionEmitter.class,
                " the formula library (GeneralizedReduction).");
    }

    private static MethodSpec method(String name, Formula formula, int n, String[][] inputs, String[][] outputs,
            String doc) {
        NameAllocator allocator = new NameAllocator();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC);
        StringBuilder tags = new StringBuilder();
        List<String[]> arrays = new ArrayList<>();
        for (String[] in : inputs) {
            arrays.add(new String[] {in[1], "an input"});
        }
        for (String[] out : outputs) {
            arrays.add(new String[] {out[1], "receives the output"});
        }
        for (String[] array : arrays) {
            m.addParameter(double[].class, allocator.newName(array[0], array[0]));
            m.addParameter(int.class, allocator.newName(array[0] + "Offset", array[0] + "Offset"));
            tags.append("@param ").append(array[0]).append(' ').append(array[1]).append(" {@code ").append(array[0])
                    .append("}\n@param ").append(array[0]).append("Offset the index of its first entry\n");
        }
        Program.Builder program = Program.builder(ElementType.DOUBLE, allocator::newName);
        FixedSizeEmitter.loadInputs(formula, n, inputs, program);
        List<Expr> exprs = formula.outputs().stream().map(Formula.Output::expr).toList();
        program.temporaries(exprs, Program.namedNodes(exprs), "t");
        for (Formula.Output o : formula.outputs()) {
            program.result(o.name(), o.expr());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Load load) {
                body.addStatement(JavaStatements.load(load, ElementType.DOUBLE));
            } else if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, ElementType.DOUBLE));
            } else if (s instanceof Statement.Result result) {
                store(result, n, outputs, body);
            }
        }
        OpCount ops = OpCount.ofDag(exprs);
        return m.addJavadoc("$L\n\n<p>Op count (after common-subexpression elimination): $L (total $L).\n\n$L", doc, ops,
                ops.total(), tags).addCode(body.build()).build();
    }

    /** {@code array[offset + index] = value}: a vector entry, a matrix entry, or both halves of a symmetric one. */
    private static void store(Statement.Result result, int n, String[][] outputs, CodeBlock.Builder body) {
        for (String[] out : outputs) {
            String digits = result.name().substring(out[0].length());
            if (!result.name().startsWith(out[0]) || digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
                continue;
            }
            CodeBlock value = JavaValues.write(result.value(), ElementType.DOUBLE);
            if (out[2].equals("vector")) {
                body.addStatement("$L[$LOffset + $L] = $L", out[1], out[1], Integer.parseInt(digits), value);
                return;
            }
            int i = digits.charAt(0) - '0';
            int j = digits.charAt(1) - '0';
            body.addStatement("$L[$LOffset + $L] = $L", out[1], out[1], i * n + j, value);
            if (out[2].equals("symmetric") && i != j) {
                body.addStatement("$L[$LOffset + $L] = $L[$LOffset + $L]", out[1], out[1], j * n + i, out[1], out[1],
                        i * n + j);
            }
            return;
        }
        throw new IllegalStateException("no output array for " + result.name());
    }
}
