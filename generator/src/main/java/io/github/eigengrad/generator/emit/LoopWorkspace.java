package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.ArrayTypeName;
import io.github.eigengrad.generator.program.ElementType;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.formula.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import javax.lang.model.element.Modifier;

/**
 * The {@code Workspace} of a general-n class: one array per indexed definition (n or n x n),
 * and row copies of the matrix inputs, so that loops over a row read an array from index 0.
 * The method takes it as a parameter, allocates one when null and checks its n.
 */
final class LoopWorkspace {
    private final ClassName type;
    /** The matrix inputs copied into rows: index-notation name to parameter (sorted: the copies run in this order). */
    private final Map<String, String> matrixInputs;
    private final Map<String, Integer> ranks = new TreeMap<>();
    private final boolean zeroCotangents;
    private final ElementType element;
    /**
     * The complex inputs copied part by part out of interleaved arrays: index-notation name to
     * {array, part} (part 0 real, 1 imaginary; docs/math.md section 13).
     */
    private final Map<String, String[]> interleavedInputs = new TreeMap<>();
    /** Whether the zero cotangent matrix is complex (2 n^2 doubles). */
    private boolean complexZeros;

    /**
     * @param owner the class the workspace is nested in
     * @param matrixInputs the n x n inputs copied into rows, by index-notation name
     * @param zeroCotangents whether it holds the zero cotangents that stand for absent ones (pullbacks)
     */
    LoopWorkspace(ClassName owner, Map<String, String> matrixInputs, boolean zeroCotangents) {
        this(owner, "Workspace", matrixInputs, zeroCotangents, ElementType.DOUBLE);
    }

    /** As above, the nested class named {@code name}, its arrays of {@code element}. */
    LoopWorkspace(ClassName owner, String name, Map<String, String> matrixInputs, boolean zeroCotangents,
            ElementType element) {
        this.element = element;
        this.type = owner.nestedClass(name);
        this.matrixInputs = new TreeMap<>(matrixInputs);
        this.zeroCotangents = zeroCotangents;
        for (String input : matrixInputs.keySet()) {
            ranks.put(input, 2);
        }
    }

    /** Whether complex inputs are copied out of interleaved arrays (a complex Hermitian method). */
    boolean isInterleaved() {
        return !interleavedInputs.isEmpty();
    }

    /** Adds a matrix input copied from part {@code part} (0 real, 1 imaginary) of the interleaved {@code array}. */
    LoopWorkspace interleaved(String name, String array, int part) {
        interleavedInputs.put(name, new String[] {array, Integer.toString(part)});
        ranks.put(name, 2);
        complexZeros = true;
        return this;
    }

    ClassName type() {
        return type;
    }

    /** Adds an array for each indexed definition, except those in {@code inPlace} (arrays of the caller). */
    void add(List<IndexDefinition> defs, Set<String> inPlace) {
        for (IndexDefinition d : defs) {
            if (!d.indices().isEmpty() && !inPlace.contains(d.array())) {
                ranks.put(d.array(), d.indices().size());
            }
        }
    }

    /** As {@link #add(List, Set)} for the definitions of a procedure, at any depth. */
    void addSteps(List<Step> steps, Set<String> inPlace) {
        for (Step s : steps) {
            if (s instanceof Step.Define d) {
                add(List.of(d.definition()), inPlace);
            } else if (s instanceof Step.Add a) {
                add(List.of(a.definition()), inPlace);
            } else if (s instanceof Step.Repeat r) {
                addSteps(r.body(), inPlace);
            } else {
                addSteps(((Step.When) s).body(), inPlace);
            }
        }
    }

    /** True for an array with two indices (whose rows a loop may name). */
    boolean isMatrix(String array) {
        return ranks.getOrDefault(array, 0) == 2;
    }

    /** The workspace: allocated when null, else checked for n. */
    void allocate(CodeBlock.Builder body) {
        body.beginControlFlow("if (workspace == null)").addStatement("workspace = new $T(n)", type)
                .nextControlFlow("else if (workspace.n != n)")
                .addStatement("throw new $T($S + workspace.n + $S + n)", IllegalArgumentException.class,
                        "workspace is for n = ", ", the matrix has n = ")
                .endControlFlow();
    }

    /** The workspace arrays as locals, and the row copies of the matrix inputs. */
    void locals(CodeBlock.Builder body, NameAllocator allocator) {
        for (Map.Entry<String, Integer> array : ranks.entrySet()) {
            body.addStatement("final $T $L = workspace.$L", arrayType(array.getValue()),
                    allocator.newName(array.getKey(), "array:" + array.getKey()), array.getKey());
        }
        for (Map.Entry<String, String> input : matrixInputs.entrySet()) {
            body.beginControlFlow("for (int i = 0; i < n; i++)")
                    .addStatement("System.arraycopy($L, $LOffset + i * n, $L[i], 0, n)", input.getValue(),
                            input.getValue(), input.getKey())
                    .endControlFlow();
        }
        for (Map.Entry<String, String[]> input : interleavedInputs.entrySet()) {
            String array = input.getValue()[0];
            body.beginControlFlow("for (int i = 0; i < n; i++)")
                    .beginControlFlow("for (int j = 0; j < n; j++)")
                    .addStatement("$L[i][j] = $L[$LOffset + 2 * (i * n + j) + $L]", input.getKey(), array, array,
                            input.getValue()[1])
                    .endControlFlow()
                    .endControlFlow();
        }
    }

    /** {@code double[]}, {@code double[][]} or their float forms. */
    private TypeName arrayType(int rank) {
        TypeName t = element == ElementType.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
        for (int i = 0; i < rank; i++) {
            t = ArrayTypeName.of(t);
        }
        return t;
    }

    /** The nested {@code Workspace} class, sized for n. */
    TypeSpec typeSpec() {
        TypeSpec.Builder spec = TypeSpec.classBuilder(type.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Scratch arrays for one n: pass the same instance to repeated calls to avoid allocation. "
                        + "Not thread-safe.\n");
        spec.addField(FieldSpec.builder(int.class, "n", Modifier.FINAL).build());
        spec.addField(FieldSpec.builder(Executor.class, "executor", Modifier.FINAL).build());
        spec.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "n")
                .addJavadoc("A workspace whose rule runs on the calling thread alone.\n\n")
                .addJavadoc("@param n the size of the matrices this workspace serves (>= 1)\n")
                .addStatement("this(n, null)")
                .build());
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "n")
                .addParameter(Executor.class, "executor")
                .addJavadoc("A workspace whose rule, from n = 256, splits its products in two ranges of rows, one "
                        + "run on the executor and one on the calling thread (which runs any range the executor "
                        + "has not started); the results are the same to the bit.\n\n")
                .addJavadoc("@param n the size of the matrices this workspace serves (>= 1)\n")
                .addJavadoc("@param executor the executor, or null for the calling thread alone\n")
                .beginControlFlow("if (n < 1)")
                .addStatement("throw new $T($S + n)", IllegalArgumentException.class, "workspace size must be >= 1, got ")
                .endControlFlow()
                .addStatement("this.n = n")
                .addStatement("this.executor = executor");
        if (zeroCotangents) {
            constructor.addStatement("this.zeroValues = new $L[n]", element.javaName())
                    .addStatement("this.zeroVectors = new $L[$Ln * n]", element.javaName(), complexZeros ? "2 * " : "");
            spec.addField(FieldSpec.builder(arrayType(1), "zeroValues", Modifier.FINAL).build());
            spec.addField(FieldSpec.builder(arrayType(1), "zeroVectors", Modifier.FINAL).build());
        }
        for (Map.Entry<String, Integer> array : ranks.entrySet()) {
            boolean vector = array.getValue() == 1;
            spec.addField(FieldSpec.builder(arrayType(array.getValue()), array.getKey(), Modifier.FINAL).build());
            constructor.addStatement("this.$L = new $L[n]$L", array.getKey(), element.javaName(), vector ? "" : "[n]");
        }
        return spec.addMethod(constructor.build()).build();
    }
}
