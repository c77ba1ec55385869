package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code RuleRegistry}: for each method and each matrix function, one static method
 * that sends size n to the generated class that serves it (the straight-line class for 2, 3
 * and 4, the loop class otherwise). Made from the same lists as the classes themselves
 * ({@link Emitters#defaultRules()}, {@link MatrixFunctionEmitter#SIZES}), so the runtime's
 * dispatch cannot miss or misname a class.
 */
public final class RegistryEmitter {
    /** The class the runtime compiles from generated-src. */
    public static final String CLASS_NAME = RuntimeTypes.GENERATED_PACKAGE + ".RuleRegistry";

    private RegistryEmitter() {}

    public static JavaFile emit() {
        TypeSpec.Builder type = TypeSpec.classBuilder("RuleRegistry")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The generated class for each size, method and matrix function: the runtime's dispatch.\n")
                .addAnnotation(GeneratedFiles.generated(RegistryEmitter.class, null))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (Precision precision : Precision.values()) {
            for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
                for (RuleSpec.Method method : RuleSpec.Method.values()) {
                    type.addMethod(rule(method, direction, precision, false));
                }
            }
        }
        for (Precision precision : Precision.values()) {
            for (ScalarFunction f : MatrixFunctions.all(precision)) {
                type.addMethod(function(f, false));
            }
            for (ScalarFunction f : MatrixFunctions.all(precision)) {
                type.addMethod(hessian(f));
            }
        }
        for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
            for (RuleSpec.Method method : RuleSpec.Method.values()) {
                type.addMethod(rule(method, direction, Precision.DOUBLE, true));
            }
        }
        for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
            for (RuleSpec.Method method : RuleSpec.Method.values()) {
                type.addMethod(complexRule(method, direction));
            }
        }
        for (ScalarFunction f : MatrixFunctions.all(Precision.DOUBLE)) {
            type.addMethod(function(f, true));
        }
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type.build(), RegistryEmitter.class,
                " the default rule set.");
    }

    /**
     * {@code powerIteration(n, values, ..., iterations, workspace, report)} and the like; for a
     * pushforward {@code powerIterationPushforward(n, values, vectors, tangent, ...)}; in float
     * {@code powerIterationFloat}, {@code powerIterationPushforwardFloat}.
     */
    /**
     * {@code powerIterationComplex(n, ...)} and the like: the complex Hermitian rule for n
     * (docs/math.md section 13), arrays interleaved.
     */
    private static MethodSpec complexRule(RuleSpec.Method method, RuleSpec.Direction direction) {
        RuleSpec general = null;
        List<RuleSpec> fixed = new ArrayList<>();
        for (RuleSpec s : Emitters.defaultRules()) {
            if (s.method() == method && s.direction() == direction && s.complex()) {
                if (s.isGeneral()) {
                    general = s;
                } else {
                    fixed.add(s);
                }
            }
        }
        return dispatch(general, fixed, camel(method.id()) + (direction == RuleSpec.Direction.PUSHFORWARD
                ? "Pushforward" : "") + "Complex", false, " (a complex Hermitian matrix, docs/math.md section 13)");
    }

    private static MethodSpec rule(RuleSpec.Method method, RuleSpec.Direction direction, Precision precision,
            boolean generalized) {
        RuleSpec general = null;
        List<RuleSpec> fixed = new ArrayList<>();
        for (RuleSpec s : Emitters.defaultRules()) {
            if (s.method() == method && s.direction() == direction && s.precision() == precision && !s.complex()) {
                if (s.isGeneral()) {
                    general = s;
                } else {
                    fixed.add(s);
                }
            }
        }
        boolean forward = direction == RuleSpec.Direction.PUSHFORWARD;
        return dispatch(general, fixed, camel(method.id()) + (forward ? "Pushforward" : "")
                + (generalized ? "Generalized" : "") + precision.suffix(), generalized,
                generalized ? " (the generalised problem, docs/math.md section 12)" : "");
    }

    /** The registry method {@code name}: n = 2, 3, 4 to the fixed classes, other n to the general one. */
    private static MethodSpec dispatch(RuleSpec general, List<RuleSpec> fixed, String name, boolean generalized,
            String what) {
        ClassName generalClass = ClassName.bestGuess(general.className());
        List<ParameterSpec> params = new ArrayList<>(RuleClass.staticParameters(general, true));
        if (generalized) {
            params = RuleClass.withMatrixB(general, params);
        }
        params.add(params.size() - 1, ParameterSpec.builder(generalClass.nestedClass(generalized
                ? "GeneralizedWorkspace" : "Workspace"), "workspace").build());
        List<CodeBlock> fixedArgs = new ArrayList<>();
        for (ParameterSpec p : params) {
            if (!p.name().equals("n") && !p.name().equals("workspace")) {
                fixedArgs.add(CodeBlock.of("$N", p));
            }
        }
        List<CodeBlock> allArgs = new ArrayList<>();
        for (ParameterSpec p : params) {
            allArgs.add(CodeBlock.of("$N", p));
        }
        String method = generalized ? RuleClass.generalizedMethodName(general) : RuleClass.methodName(general);
        String docs = RuleClass.parameterDocs(general, true);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("The $L $L of one n x n problem by the generated class for n$L.\n\n$L"
                        + "@param workspace scratch for the loop class ({@code n > 4}), reused across calls; null allocates one\n",
                        general.method().id(), method, what, generalized ? RuleClass.withMatrixBDocs(general, docs) : docs);
        m.beginControlFlow("switch (n)");
        for (RuleSpec s : fixed) {
            m.addStatement("case $L -> $T.$L($L)", s.size(), ClassName.bestGuess(s.className()), method,
                    CodeBlock.join(fixedArgs, ", "));
        }
        m.addStatement("default -> $T.$L($L)", generalClass, method, CodeBlock.join(allArgs, ", "));
        m.endControlFlow();
        return m.build();
    }

    /**
     * {@code sqrt(n, values, ..., gradient, gradientOffset)} and the like (pow with its p); with
     * {@code complex}, {@code sqrtComplex(n, ...)} for a complex Hermitian matrix, the matrices
     * interleaved.
     */
    private static MethodSpec function(ScalarFunction f, boolean complex) {
        List<ParameterSpec> params = MatrixFunctionEmitter.parameters(f, true);
        List<CodeBlock> args = new ArrayList<>();
        for (ParameterSpec p : params.subList(1, params.size())) {
            args.add(CodeBlock.of("$N", p));
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(camel(f.id()) + f.precision().suffix()
                        + (complex ? Emitters.COMPLEX_SUFFIX : ""))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params);
        if (complex) {
            m.addJavadoc("The gradient of {@code Re <f(herm(A)), C>} for f = $L of a complex Hermitian matrix by the "
                    + "generated class for n.\n\n@param n the size of the matrix (>= 1)\n$L$L", f.title(),
                    MatrixFunctionEmitter.COMPLEX_DOCS, f.parameters().isEmpty() ? "" : "@param p the power\n");
        } else {
            m.addJavadoc("The gradient of {@code <f(sym(A)), C>} for f = $L by the generated class for n.\n\n"
                    + "@param n the size of the matrix (>= 1)\n"
                    + "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
                    + "@param valuesOffset the index of lambda_0 in {@code values}\n"
                    + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
                    + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
                    + "@param functionBar C row-major, from {@code functionBarOffset}\n"
                    + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
                    + "@param gradient receives dL/dA row-major from {@code gradientOffset}\n"
                    + "@param gradientOffset the index of the first entry written in {@code gradient}\n$L",
                    f.title(), f.parameters().isEmpty() ? "" : "@param p the power\n");
        }
        m.beginControlFlow("switch (n)");
        ClassName runtimePackage = ClassName.get(RuntimeTypes.GENERATED_PACKAGE, "X");
        for (int n : MatrixFunctionEmitter.SIZES) {
            m.addStatement("case $L -> $T.gradient($L)", n, runtimePackage.peerClass(complex
                    ? MatrixFunctionEmitter.complexClassName(n, f) : MatrixFunctionEmitter.className(n, f)),
                    CodeBlock.join(args, ", "));
        }
        List<CodeBlock> general = new ArrayList<>();
        for (ParameterSpec p : params) {
            general.add(CodeBlock.of("$N", p));
        }
        general.add(CodeBlock.of("null"));
        m.addStatement("default -> $T.gradient($L)", runtimePackage.peerClass(complex
                ? MatrixFunctionEmitter.complexClassName(RuleSpec.GENERAL, f)
                : MatrixFunctionEmitter.className(RuleSpec.GENERAL, f)), CodeBlock.join(general, ", "));
        m.endControlFlow();
        return m.build();
    }

    /** {@code sqrtHessian(n, values, ..., tangent, ..., gradientDot, gradientDotOffset)} and the like. */
    private static MethodSpec hessian(ScalarFunction f) {
        List<ParameterSpec> params = MatrixFunctionEmitter.hessianParameters(f, true);
        List<CodeBlock> args = new ArrayList<>();
        for (ParameterSpec p : params.subList(1, params.size())) {
            args.add(CodeBlock.of("$N", p));
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(camel(f.id()) + "Hessian" + f.precision().suffix())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("The Hessian-vector product of {@code <f(sym(A)), C>} for f = $L by the generated class for "
                        + "n.\n\n@param n the size of the matrix (>= 1)\n$L$L", f.title(), MatrixFunctionEmitter.HESSIAN_DOCS,
                        f.parameters().isEmpty() ? "" : "@param p the power\n");
        m.beginControlFlow("switch (n)");
        ClassName runtimePackage = ClassName.get(RuntimeTypes.GENERATED_PACKAGE, "X");
        for (int n : MatrixFunctionEmitter.SIZES) {
            m.addStatement("case $L -> $T.hessianVector($L)", n,
                    runtimePackage.peerClass(MatrixFunctionEmitter.className(n, f)), CodeBlock.join(args, ", "));
        }
        List<CodeBlock> general = new ArrayList<>();
        for (ParameterSpec p : params) {
            general.add(CodeBlock.of("$N", p));
        }
        general.add(CodeBlock.of("null"));
        m.addStatement("default -> $T.hessianVector($L)",
                runtimePackage.peerClass(MatrixFunctionEmitter.className(RuleSpec.GENERAL, f)), CodeBlock.join(general, ", "));
        m.endControlFlow();
        return m.build();
    }

    /** {@code power-iteration} as {@code powerIteration}. */
    private static String camel(String id) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : id.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
