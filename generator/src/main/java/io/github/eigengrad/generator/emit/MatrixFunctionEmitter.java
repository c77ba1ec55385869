package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the straight-line matrix-function gradient for one size and one function
 * ({@link MatrixFunctions#gradient}): {@code MatrixFunction<n><Name>.gradient(values, vectors, C,
 * gradient)} with array offsets, no allocation, common-subexpression elimination and an op count.
 */
public final class MatrixFunctionEmitter {
    /** The sizes emitted as straight-line code; general n is emitted as loops by {@link GeneralEmitter}. */
    public static final List<Integer> SIZES = List.of(2, 3, 4);

    private static final String[][] INPUT_ARRAYS = {{EigenInputs.LAMBDA, "values"}, {EigenInputs.V, "vectors"},
        {"c", "functionBar"}};

    private MatrixFunctionEmitter() {}

    /** {@code MatrixFunction3InverseSqrt}, {@code MatrixFunctionGeneralLog} and the like (n = -1: general). */
    public static String className(int n, ScalarFunction f) {
        String name = switch (f.id()) {
            case "invsqrt" -> "InverseSqrt";
            case "pow" -> "Power";
            default -> Character.toUpperCase(f.id().charAt(0)) + f.id().substring(1);
        };
        return "MatrixFunction" + (n == RuleSpec.GENERAL ? "General" : Integer.toString(n)) + name;
    }

    /** All sizes and functions, general n by {@link GeneralEmitter#emitMatrixFunction}: the classes of generated-src. */
    public static List<JavaFile> defaults() {
        List<JavaFile> files = new ArrayList<>();
        for (ScalarFunction f : MatrixFunctions.all()) {
            for (int n : SIZES) {
                files.add(emit(n, f));
            }
            files.add(GeneralEmitter.emitMatrixFunction(f, RuntimeTypes.GENERATED_PACKAGE, className(RuleSpec.GENERAL, f)));
        }
        return files;
    }

    /**
     * The parameters of every matrix-function gradient method: {@code n} (general n only),
     * values, vectors, functionBar and gradient each with its offset, then the function's own
     * parameters (pow's p).
     */
    static List<ParameterSpec> parameters(ScalarFunction f, boolean withSize) {
        List<ParameterSpec> params = new ArrayList<>();
        if (withSize) {
            params.add(ParameterSpec.builder(int.class, "n").build());
        }
        for (String array : new String[] {"values", "vectors", "functionBar", "gradient"}) {
            params.add(ParameterSpec.builder(double[].class, array).build());
            params.add(ParameterSpec.builder(int.class, array + "Offset").build());
        }
        for (String p : f.parameters()) {
            params.add(ParameterSpec.builder(double.class, p).build());
        }
        return params;
    }

    public static JavaFile emit(int n, ScalarFunction f) {
        Formula formula = MatrixFunctions.gradient(n, f);
        List<Expr> outputs = formula.outputs().stream().map(Formula.Output::expr).toList();
        NameAllocator allocator = new NameAllocator();
        MethodSpec.Builder method = MethodSpec.methodBuilder("gradient").addModifiers(Modifier.PUBLIC, Modifier.STATIC);
        for (ParameterSpec p : parameters(f, false)) {
            method.addParameter(p);
            allocator.newName(p.name(), p.name());
        }
        Program.Builder program = Program.builder(ElementType.DOUBLE, allocator::newName);
        for (String p : f.parameters()) {
            program.parameter(Expr.variable(p), p);
        }
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T.checkFunctionArrays($L, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                + "functionBarOffset, gradient, gradientOffset)", RuleClass.SUPPORT, n);
        if (f.needsPositiveValues()) {
            body.addStatement("$T.checkPositive($L, values, valuesOffset, $S)", RuleClass.SUPPORT, n, f.id());
        }
        FixedSizeEmitter.loadInputs(formula, n, INPUT_ARRAYS, program);
        program.temporaries(outputs, Program.namedNodes(outputs), "t");
        for (Formula.Output o : formula.outputs()) {
            program.result(o.name(), o.expr());
        }
        List<String> loaded = new ArrayList<>();
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Load load) {
                body.addStatement(JavaStatements.load(load));
                loaded.add(load.name());
            }
        }
        body.add(RuleClass.finiteProbe(loaded, CodeBlock.of("$T.requireFiniteFunctionInputs($L, values, valuesOffset, "
                + "vectors, vectorsOffset, functionBar, functionBarOffset)", RuleClass.SUPPORT, n)));
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let));
            } else if (s instanceof Statement.Result result) {
                JavaStatements.storeGradient(result, n, allocator, body);
            }
        }
        body.addStatement("$T.checkGradient($L, gradient, gradientOffset)", RuleClass.SUPPORT, n);
        OpCount ops = OpCount.ofDag(outputs);
        method.addJavadoc("Writes dL/dA of {@code L = <f(sym(A)), C>} for one $Lx$L problem, f = $L; straight-line code, "
                + "no allocation, exact at ties.\n\n<p>Op count (after common-subexpression elimination): $L (total $L).\n\n"
                + "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
                + "@param valuesOffset the index of lambda_0 in {@code values}\n"
                + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
                + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
                + "@param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}\n"
                + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
                + "@param gradient receives dL/dA row-major (symmetric) from {@code gradientOffset}\n"
                + "@param gradientOffset the index of the first entry written in {@code gradient}\n$L",
                n, n, f.title(), ops, ops.total(), f.parameters().isEmpty() ? "" : "@param p the power\n");
        method.addCode(body.build());
        String simpleName = className(n, f);
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L, $Lx$L. Generated from the formula library; see docs/matrix-functions.md.\n",
                        RuleClass.javadocText(formula.title()), n, n)
                .addAnnotation(GeneratedFiles.generated(MatrixFunctionEmitter.class, "size=" + n + ", function=" + f.id()))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method.build())
                .build();
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type, MatrixFunctionEmitter.class,
                "\n  size=" + n + ", function=" + f.id());
    }
}
