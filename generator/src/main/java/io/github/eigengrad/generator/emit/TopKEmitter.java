package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Step;
import io.github.eigengrad.generator.formula.TopKFormulas;
import io.github.eigengrad.generator.program.LoopInvariants;
import io.github.eigengrad.generator.program.LoopLowering;
import io.github.eigengrad.generator.program.RowUpdates;
import io.github.eigengrad.generator.program.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code TopKComplement}: the top-k pullback's complement series and its bound
 * ({@link TopKFormulas}, docs/math.md section 6) as loop programs, for the runtime's
 * {@code TopKPullback}. The n x k inputs and the gradient are read and written in place; the
 * matrix is copied into the workspace by rows.
 */
public final class TopKEmitter {
    /** The emitted class. */
    public static final String CLASS_NAME = RuntimeTypes.GENERATED_PACKAGE + ".TopKComplement";

    private static final Map<String, String> VECTOR_INPUTS = Map.of("lambda", "values", "lambdaBar", "valuesBar",
            "vBarEntries", "vectorsBar");
    private static final Map<String, JavaLoops.FlatMatrix> FLAT = Map.of(
            "V", new JavaLoops.FlatMatrix("vectors", "k"),
            "VBar", new JavaLoops.FlatMatrix("vectorsBar", "k"),
            EigenInputs.A_BAR, new JavaLoops.FlatMatrix("gradient", "n"));
    private static final Map<String, String> INDEX_NAMES = Map.of("K", "iterations");

    private TopKEmitter() {}

    public static JavaFile emit() {
        ClassName owner = ClassName.bestGuess(CLASS_NAME);
        LoopWorkspace workspace = new LoopWorkspace(owner, Map.of("M", "matrix"), false);
        workspace.addSteps(TopKFormulas.complement(), Set.of(EigenInputs.A_BAR));
        List<ParameterSpec> complementParameters = parameters(workspace, true);
        MethodSpec complement = MethodSpec.methodBuilder("complement")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(complementParameters)
                .addJavadoc("Adds to dL/dA the complement series of every top pair a: {@code (w_a v_a^T + v_a w_a^T) / 2} "
                        + "with {@code w_a = sum_{s<K} u_s}, {@code u_0 = P vBar_a / lambda_a}, {@code u_{s+1} = P M u_s / "
                        + "lambda_a}, {@code P = I - V_k V_k^T}; O(K k n^2) work.\n\n$L"
                        + "@param matrix the symmetric matrix M, n x n row-major from {@code matrixOffset}\n"
                        + "@param matrixOffset the index of M[0][0]\n"
                        + "@param vectors the top k eigenvectors, n x k row-major from {@code vectorsOffset}\n"
                        + "@param vectorsOffset the index of V[0][0]\n"
                        + "$L"
                        + "@param gradient dL/dA row-major from {@code gradientOffset}, added to\n"
                        + "@param gradientOffset the index of its first entry\n"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        PARAMETER_DOCS, SHARED_DOCS)
                .addCode(body(TopKFormulas.complement(), complementParameters, workspace, null))
                .build();
        List<ParameterSpec> boundParameters = parameters(null, false);
        MethodSpec bound = MethodSpec.methodBuilder("bound")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double.class)
                .addParameters(boundParameters)
                .addJavadoc("The bound {@code K / lambda_k ||VBar||_F + ||lambdaBar||_2} on the top-k pullback's gradient "
                        + "(every pair has {@code F <= K / lambda_a}).\n\n$L"
                        + "@param valuesBar dL/dlambda of the top k from {@code valuesBarOffset}\n"
                        + "@param valuesBarOffset the index of its first entry\n"
                        + "$L"
                        + "@return the bound\n", PARAMETER_DOCS, SHARED_DOCS)
                .addCode(body(TopKFormulas.bound(), boundParameters, null, "gradientBound"))
                .build();
        TypeSpec type = TypeSpec.classBuilder(owner)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The top-k pullback's complement series and its bound, docs/math.md section 6. Generated "
                        + "from the index-notation procedure of the formula library; see docs/emission.md.\n")
                .addAnnotation(GeneratedFiles.generated(TopKEmitter.class, "top-k complement"))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(complement)
                .addMethod(bound)
                .addType(workspace.typeSpec())
                .build();
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type, TopKEmitter.class, "\n  top-k complement");
    }

    private static final String PARAMETER_DOCS = "@param n the size of the matrix\n"
            + "@param k the number of top pairs, 1 to n - 1\n"
            + "@param values the top k eigenvalues, descending, from {@code valuesOffset}\n"
            + "@param valuesOffset the index of lambda_0\n";
    private static final String SHARED_DOCS = "@param vectorsBar dL/dV of the top k, n x k row-major from "
            + "{@code vectorsBarOffset}\n"
            + "@param vectorsBarOffset the index of its first entry\n"
            + "@param iterations K, the number of terms of the series\n";

    /** The parameters: the complement's ({@code series}) or the bound's. */
    private static List<ParameterSpec> parameters(LoopWorkspace workspace, boolean series) {
        List<ParameterSpec> p = new java.util.ArrayList<>();
        p.add(ParameterSpec.builder(int.class, "n").build());
        p.add(ParameterSpec.builder(int.class, "k").build());
        List<String> arrays = series ? List.of("matrix", "values", "vectors", "vectorsBar")
                : List.of("values", "valuesBar", "vectorsBar");
        for (String array : arrays) {
            p.add(ParameterSpec.builder(double[].class, array).build());
            p.add(ParameterSpec.builder(int.class, array + "Offset").build());
        }
        p.add(ParameterSpec.builder(long.class, "iterations").build());
        if (series) {
            p.add(ParameterSpec.builder(double[].class, "gradient").build());
            p.add(ParameterSpec.builder(int.class, "gradientOffset").build());
            p.add(ParameterSpec.builder(workspace.type(), "workspace").build());
        }
        return p;
    }

    /** The checks, the workspace (when there is one) and the procedure; {@code result} is returned. */
    private static CodeBlock body(List<Step> steps, List<ParameterSpec> parameters, LoopWorkspace workspace,
            String result) {
        NameAllocator allocator = new NameAllocator();
        for (ParameterSpec p : parameters) {
            allocator.newName(p.name(), "param:" + p.name());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        boolean series = workspace != null;
        body.addStatement("$T.checkTopK(n, k, $L, values, valuesOffset, $L, $L, vectorsBar, vectorsBarOffset, $L)",
                RuntimeTypes.SUPPORT, series ? "matrix, matrixOffset" : "null, 0",
                series ? "null, 0" : "valuesBar, valuesBarOffset", series ? "vectors, vectorsOffset" : "null, 0",
                series ? "gradient, gradientOffset" : "null, 0");
        if (series) {
            workspace.allocate(body);
            workspace.locals(body, allocator);
        }
        Set<String> indices = new HashSet<>(TopKFormulas.INDICES);
        LoopLowering lowering = new LoopLowering(allocator::newName, indices);
        lowering.name(Expr.variable("n"), "n");
        lowering.name(Expr.variable("k"), "k");
        lowering.name(Expr.variable("K"), "iterations");
        List<Statement> program = lowering.lower(steps);
        if (series) {
            program = new RowUpdates(allocator::newName, lowering::newTemporary, workspace::isMatrix).apply(program);
            program = new LoopInvariants(allocator::newName, lowering::newTemporary, workspace::isMatrix).apply(program);
        }
        new JavaLoops(VECTOR_INPUTS, FLAT, INDEX_NAMES, (s, code) -> {
            throw new IllegalStateException("not in a top-k program: " + s);
        }).print(program, body);
        if (result != null) {
            body.addStatement("return $L", lowering.scalar(result));
        }
        return body.build();
    }
}
