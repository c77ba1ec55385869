package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.GeneralN;
import io.github.eigengrad.generator.formula.GeneralizedFormulas;
import io.github.eigengrad.generator.formula.HermitianFormulas;
import io.github.eigengrad.generator.formula.HermitianMatrixFunctions;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.PushforwardFormulas;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.LoopInvariants;
import io.github.eigengrad.generator.program.LoopLowering;
import io.github.eigengrad.generator.program.RowUpdates;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.lang.model.element.Modifier;

/**
 * Emits a general-n rule (a pullback, or a matrix function's gradient): the index-notation
 * definitions of the formula library ({@link GeneralN#ruleDefinitions}) become a loop program
 * ({@link LoopLowering}), whose dot products that read better as row updates are rewritten
 * ({@link RowUpdates}), printed by {@link JavaLoops} inside a method with the argument checks,
 * the spectrum prologue and a {@code Workspace} holding one array per indexed definition. The
 * definitions are written so that the work is O(n^3). The only allocation is the workspace,
 * which the caller may pass in to reuse.
 */
public final class GeneralEmitter {
    /** Vector inputs read in place: index-notation name to parameter. */
    private final Map<String, String> vectorInputs;
    private final LoopWorkspace workspace;
    private final NameAllocator allocator = new NameAllocator();
    private final Map<Expr, String> names = new IdentityHashMap<>();
    private final ElementType element;
    /** The class of the checks the method calls (set by the rule's build; the matrix functions' is the double one). */
    private ClassName support = RuleClass.SUPPORT;

    /**
     * @param vectorInputs the input vectors read in place, by index-notation name
     * @param workspace the workspace (its matrix inputs, and the zero cotangents of a pullback)
     */
    private GeneralEmitter(Map<String, String> vectorInputs, LoopWorkspace workspace, ElementType element) {
        this.vectorInputs = vectorInputs;
        this.workspace = workspace;
        this.element = element;
    }

    /**
     * The general-n matrix-function gradient {@code <simpleName>.gradient(n, values, vectors, C,
     * gradient[, p], workspace)}, lowered from {@link GeneralN#matrixFunctionDefinitions}.
     */
    public static JavaFile emitMatrixFunction(MatrixFunctions.ScalarFunction f, String packageName, String simpleName) {
        ClassName owner = ClassName.get(packageName, simpleName);
        ElementType element = ElementType.of(f.precision());
        GeneralEmitter gradient = new GeneralEmitter(Map.of("lambda", "values"), new LoopWorkspace(owner,
                "Workspace", Map.of("V", "vectors", "C", "functionBar"), false, element), element);
        GeneralEmitter hessian = new GeneralEmitter(Map.of("lambda", "values"), new LoopWorkspace(owner,
                "HessianWorkspace", Map.of("V", "vectors", "C", "functionBar", "ADot", "tangent"), false, element),
                element);
        gradient.support = MatrixFunctionEmitter.support(f);
        hessian.support = MatrixFunctionEmitter.support(f);
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Exact gradient of {@code <f(sym(A)), C>} for f = $L, for any n, and its Hessian-vector "
                        + "product. Generated from the index-notation definitions of the formula library; see "
                        + "docs/matrix-functions.md.\n", f.title())
                .addAnnotation(GeneratedFiles.generated(GeneralEmitter.class,
                        MatrixFunctionEmitter.comment(RuleSpec.GENERAL, f)))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(gradient.matrixFunctionGradient(f))
                .addMethod(hessian.matrixFunctionHessian(f))
                .addType(gradient.workspace.typeSpec())
                .addType(hessian.workspace.typeSpec())
                .build();
        return GeneratedFiles.file(packageName, type, GeneralEmitter.class, "\n  "
                + MatrixFunctionEmitter.comment(RuleSpec.GENERAL, f));
    }

    /**
     * The general-n complex Hermitian matrix-function gradient {@code <simpleName>.gradient(n,
     * values, vectors, C, gradient[, p], workspace)}, V, C and the gradient interleaved, lowered
     * from {@link HermitianMatrixFunctions#gradientDefinitions}.
     */
    public static JavaFile emitComplexMatrixFunction(MatrixFunctions.ScalarFunction f, String packageName,
            String simpleName) {
        ClassName owner = ClassName.get(packageName, simpleName);
        LoopWorkspace w = new LoopWorkspace(owner, "Workspace", Map.of(), false, ElementType.DOUBLE)
                .interleaved("Vr", "vectors", 0).interleaved("Vi", "vectors", 1)
                .interleaved("Cr", "functionBar", 0).interleaved("Ci", "functionBar", 1);
        GeneralEmitter gradient = new GeneralEmitter(Map.of("lambda", "values"), w, ElementType.DOUBLE);
        gradient.support = RuntimeTypes.COMPLEX_SUPPORT;
        String comment = MatrixFunctionEmitter.complexComment(RuleSpec.GENERAL, f);
        MethodSpec method = gradient.matrixFunctionMethod(f, "gradient", HermitianMatrixFunctions.gradientDefinitions(f),
                MatrixFunctionEmitter.parameters(f, true),
                CodeBlock.of("$T.checkFunctionArrays(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, gradient, gradientOffset)", gradient.support),
                CodeBlock.of("$T.checkFiniteFunction(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset)", gradient.support),
                "Writes dL/dA of {@code L = Re <f(herm(A)), C>} for one complex Hermitian n x n problem, in the "
                        + "convention {@code dL/dRe A + i dL/dIm A}", MatrixFunctionEmitter.COMPLEX_DOCS);
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Exact gradient of {@code Re <f(herm(A)), C>} for f = $L of a complex Hermitian matrix, for "
                        + "any n. Generated from the index-notation definitions of the formula library; see "
                        + "docs/math.md section 13.\n", f.title())
                .addAnnotation(GeneratedFiles.generated(GeneralEmitter.class, comment))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method)
                .addType(gradient.workspace.typeSpec())
                .build();
        return GeneratedFiles.file(packageName, type, GeneralEmitter.class, "\n  " + comment);
    }

    private MethodSpec matrixFunctionGradient(MatrixFunctions.ScalarFunction f) {
        return matrixFunctionMethod(f, "gradient", GeneralN.matrixFunctionDefinitions(f),
                MatrixFunctionEmitter.parameters(f, true),
                CodeBlock.of("$T.checkFunctionArrays(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, gradient, gradientOffset)", support),
                CodeBlock.of("$T.checkFiniteFunction(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset)", support),
                "Writes dL/dA of {@code L = <f(sym(A)), C>} for one n x n problem",
                "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
                        + "@param valuesOffset the index of lambda_0 in {@code values}\n"
                        + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
                        + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
                        + "@param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}\n"
                        + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
                        + "@param gradient receives dL/dA row-major (symmetric) from {@code gradientOffset}\n"
                        + "@param gradientOffset the index of the first entry written in {@code gradient}\n");
    }

    private MethodSpec matrixFunctionHessian(MatrixFunctions.ScalarFunction f) {
        return matrixFunctionMethod(f, "hessianVector", GeneralN.hessianVectorDefinitions(f),
                MatrixFunctionEmitter.hessianParameters(f, true),
                CodeBlock.of("$T.checkHessianArrays(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, tangent, tangentOffset, gradientDot, gradientDotOffset)", support),
                CodeBlock.of("$T.checkFiniteHessian(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, tangent, tangentOffset)", support),
                "Writes the derivative of dL/dA of {@code L = <f(sym(A)), C>} along ADot (a Hessian-vector product, "
                        + "docs/math.md section 10) for one n x n problem", MatrixFunctionEmitter.HESSIAN_DOCS);
    }

    /** One general-n matrix-function method: the checks, the workspace, the loop program of {@code defs}. */
    private MethodSpec matrixFunctionMethod(MatrixFunctions.ScalarFunction f, String name, List<IndexDefinition> defs,
            List<ParameterSpec> parameters, CodeBlock arrayCheck, CodeBlock finiteCheck, String what,
            String parameterDocs) {
        List<ParameterSpec> params = new ArrayList<>(parameters);
        for (String p : f.parameters()) {
            names.put(Expr.variable(p), p);
        }
        params.add(ParameterSpec.builder(workspace.type(), "workspace").build());
        declare(params, defs);
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement(arrayCheck);
        body.addStatement(finiteCheck);
        MatrixFunctionEmitter.domainCheck(f, MatrixFunctionEmitter.support(f), CodeBlock.of("n"), body);
        workspace.allocate(body);
        workspace.locals(body, allocator);
        definitions(defs, List.of(), body);
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("$L, f = $L, with loops over the index-notation definitions; O(n^3) work, exact at ties.\n\n"
                        + "@param n the size of the matrix (>= 1)\n$L$L"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        what, f.title(), parameterDocs, MatrixFunctionEmitter.parameterDocs(f))
                .addCode(body.build())
                .build();
    }

    /**
     * Reserves the parameter names, names n, and sizes the workspace: one array per indexed
     * definition, and row copies of the matrix inputs, so that loops over a row read an array
     * from index 0.
     */
    private void declare(List<ParameterSpec> params, List<IndexDefinition> defs) {
        for (ParameterSpec p : params) {
            allocator.newName(p.name(), "param:" + p.name());
        }
        names.put(GeneralN.N, "n");
        workspace.add(defs, Set.of());
    }

    public static JavaFile emit(RuleSpec spec) {
        if (!spec.isGeneral()) {
            throw new IllegalArgumentException("GeneralEmitter emits general-n rules; use FixedSizeEmitter for " + spec);
        }
        ClassName owner = ClassName.get(spec.packageName(), spec.simpleName());
        ElementType element = spec.elementType();
        if (spec.complex()) {
            return complexEmitter(spec, owner).build(spec, List.of(), List.of());
        }
        GeneralEmitter standard = ruleEmitter(spec, owner, "Workspace", false);
        if (!spec.generalized()) {
            return standard.build(spec, List.of(), List.of());
        }
        GeneralEmitter generalized = ruleEmitter(spec, owner, "GeneralizedWorkspace", true);
        MethodSpec fused = generalized.generalizedMethod(spec);
        return standard.build(spec, List.of(fused, RuleClass.generalizedInstance(spec, fused)),
                List.of(generalized.workspace.typeSpec()));
    }

    /** The emitter of a complex Hermitian rule: V, VBar and ADot copied part by part out of interleaved arrays. */
    private static GeneralEmitter complexEmitter(RuleSpec spec, ClassName owner) {
        ElementType element = spec.elementType();
        LoopWorkspace w = new LoopWorkspace(owner, "Workspace", Map.of(), true, element)
                .interleaved("Vr", "vectors", 0).interleaved("Vi", "vectors", 1);
        if (spec.isPushforward()) {
            w.interleaved("ADr", "tangent", 0).interleaved("ADi", "tangent", 1);
            return new GeneralEmitter(Map.of("lambda", "values"), w, element);
        }
        w.interleaved("VBr", "vectorsBar", 0).interleaved("VBi", "vectorsBar", 1);
        return new GeneralEmitter(Map.of("lambda", "values", "lambdaBar", "valuesBar"), w, element);
    }

    /** The emitter of a rule's method: a pullback's inputs, or a pushforward's (with BDot when generalised). */
    private static GeneralEmitter ruleEmitter(RuleSpec spec, ClassName owner, String workspace, boolean generalized) {
        ElementType element = spec.elementType();
        if (spec.isPushforward()) {
            Map<String, String> inputs = generalized ? Map.of("V", "vectors", "ADot", "tangent", "BDot", "tangentB")
                    : Map.of("V", "vectors", "ADot", "tangent");
            return new GeneralEmitter(Map.of("lambda", "values"), new LoopWorkspace(owner, workspace, inputs, true,
                    element), element);
        }
        return new GeneralEmitter(Map.of("lambda", "values", "lambdaBar", "valuesBar"), new LoopWorkspace(owner,
                workspace, Map.of("V", "vectors", "VBar", "vectorsBar"), true, element), element);
    }

    /**
     * The fused generalised method of a {@code problem = generalized} rule (docs/math.md section
     * 12): the pullback to dL/dA and dL/dB in four O(n^3) products
     * ({@link GeneralN#generalizedRuleDefinitions}), where lifting the standard rule takes six; the
     * pushforward along (ADot, BDot) in five ({@link GeneralizedFormulas#pushforwardRuleDefinitions}),
     * where lifting takes seven.
     */
    private MethodSpec generalizedMethod(RuleSpec spec) {
        boolean forward = spec.isPushforward();
        List<IndexDefinition> defs = forward
                ? GeneralizedFormulas.pushforwardRuleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm())
                : GeneralN.generalizedRuleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm());
        List<ParameterSpec> params = RuleClass.withMatrixB(spec, RuleClass.staticParameters(spec, true));
        params.add(params.size() - 1, ParameterSpec.builder(workspace.type(), "workspace").build());
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            names.put(p.variable(), p.name());
        }
        declare(params, defs);
        support = RuleClass.support(spec);
        String name = RuleClass.generalizedMethodName(spec);
        CodeBlock.Builder body = CodeBlock.builder();
        prologue(spec, params, name, true, body);
        workspace.locals(body, allocator);
        definitions(defs, forward ? PushforwardFormulas.REPORT : EigenFormulas.REPORT, body);
        String parameterDocs = RuleClass.withMatrixBDocs(spec, RuleClass.parameterDocs(spec, true));
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("Writes $L of the generalised problem {@code A v = lambda B v} (docs/math.md section 12) "
                        + "for one n x n pair, V B-orthonormal, in $L O(n^3) products; $L.\n\n<p>Op count per "
                        + "definition, each body counted once:\n<ul>\n$L</ul>\n\n$L"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        forward ? "the tangents along (ADot, BDot)" : "dL/dA and dL/dB", forward ? "five" : "four",
                        forward ? "the report's bound is on ||Omega||_F, vectorsDot = V Omega"
                                : "the report is that of the standard rule at the same V",
                        opCounts(defs), parameterDocs)
                .addCode(body.build())
                .build();
    }

    /**
     * The first statements of a rule's method: the argument checks (with B's array for a
     * generalised method), the spectrum prologue calling {@code method} again on scaled inputs,
     * the finiteness check, the workspace, and the zero arrays that stand for null inputs.
     */
    private void prologue(RuleSpec spec, List<ParameterSpec> params, String method, boolean generalized,
            CodeBlock.Builder body) {
        boolean forward = spec.isPushforward();
        if (forward) {
            body.addStatement("$T.checkPushforwardArrays(n, values, valuesOffset, vectors, vectorsOffset, tangent, "
                    + "tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset)", support);
        } else {
            body.addStatement("$T.checkArrays(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, "
                    + "valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset)", support);
        }
        if (generalized) {
            body.addStatement(RuleClass.checkMatrixB(spec, "n"));
        }
        // the parameters' checks are the real rules' (a complex rule shares its K, tolerance and Kmax)
        body.addStatement(RuleClass.parameterCheck(spec), spec.complex() ? RuleClass.SUPPORT : support);
        body.add(RuleClass.spectrumPrologue(spec, params, method, "n", allocator.newName("scale"),
                allocator.newName("scaled")));
        if (forward) {
            body.addStatement("$T.checkFiniteTangent(n, values, valuesOffset, vectors, vectorsOffset, tangent, "
                    + "tangentOffset)", support);
        } else {
            body.addStatement("$T.checkFinite(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, "
                    + "valuesBarOffset, vectorsBar, vectorsBarOffset)", support);
        }
        workspace.allocate(body);
        List<String> inputs = !forward ? List.of("valuesBar", "vectorsBar")
                : generalized ? List.of("tangent", "tangentB") : List.of("tangent");
        for (String input : inputs) {
            body.beginControlFlow("if ($L == null)", input)
                    .addStatement("$L = workspace.$L", input, input.equals("valuesBar") ? "zeroValues" : "zeroVectors")
                    .addStatement("$LOffset = 0", input).endControlFlow();
        }
    }

    /** One {@code <li>} per definition: its name and the op count of its body. */
    private static String opCounts(List<IndexDefinition> defs) {
        StringBuilder ops = new StringBuilder();
        for (IndexDefinition d : defs) {
            io.github.eigengrad.generator.simplify.OpCount count =
                    io.github.eigengrad.generator.simplify.OpCount.ofDag(List.of(Simplifier.simplify(d.body())));
            ops.append("<li>{@code ").append(d.array()).append(d.indices().isEmpty() ? "" : "[" + String.join("][",
                    d.indices()) + "]").append("}: ").append(count).append("</li>\n");
        }
        return ops.toString();
    }

    private JavaFile build(RuleSpec spec, List<MethodSpec> extraMethods, List<TypeSpec> extraTypes) {
        boolean forward = spec.isPushforward();
        List<IndexDefinition> defs = spec.complex() ? (forward
                ? HermitianFormulas.pushforwardRuleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm())
                : HermitianFormulas.pullbackRuleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm()))
                : forward ? PushforwardFormulas.ruleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm())
                : GeneralN.ruleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm());
        List<ParameterSpec> params = new ArrayList<>(RuleClass.staticParameters(spec, true));
        params.add(params.size() - 1, ParameterSpec.builder(workspace.type(), "workspace").build());
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            names.put(p.variable(), p.name());
        }
        declare(params, defs);

        CodeBlock.Builder body = CodeBlock.builder();
        support = RuleClass.support(spec);
        prologue(spec, params, RuleClass.methodName(spec), false, body);
        workspace.locals(body, allocator);
        definitions(defs, forward ? PushforwardFormulas.REPORT : EigenFormulas.REPORT, body);

        String ops = opCounts(defs);
        MethodSpec method = MethodSpec.methodBuilder(RuleClass.methodName(spec))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("Writes $L for one n x n problem with loops over the index-notation definitions; "
                        + "O(n^3) work.\n\n<p>Op count per definition, each body counted once (an indexed definition "
                        + "runs once per index value, an index sum once per term):\n<ul>\n$L</ul>\n\n$L"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        forward ? "the tangents of the eigenvalues and eigenvectors" : "dL/dA", ops,
                        RuleClass.parameterDocs(spec, true))
                .addCode(body.build())
                .build();
        String javadoc = FixedSizeEmitter.rule(spec).title() + ", for any n.\n\n<p>Rule: " + spec.parameters()
                + ". Generated from the index-notation definitions of the formula library; see docs/emission.md.\n";
        List<TypeSpec> types = new ArrayList<>(List.of(workspace.typeSpec()));
        types.addAll(extraTypes);
        return RuleClass.build(spec, GeneralEmitter.class, javadoc, method, extraMethods, List.of(), types,
                "values.length, values, 0, vectors, 0, " + (forward ? "tangent, 0, valuesDot, 0, vectorsDot, 0"
                        : "valuesBar, 0, vectorsBar, 0, gradient, 0") + RuleClass.defaultArguments(spec) + ", null, null");
    }

    /**
     * The definitions as a loop program ({@link LoopLowering}, then {@link RowUpdates}),
     * printed into {@code body}: the outputs copied out of their arrays once complete (the
     * gradient {@code aBar}; the tangents {@code vDot} and {@code lambdaDot}) and checked, and
     * for a rule the report's definitions (from the first of {@code report} after the shift)
     * run only when a report is asked for; {@code report} empty for none.
     */
    private void definitions(List<IndexDefinition> defs, List<String> reportNames, CodeBlock.Builder body) {
        boolean withReport = !reportNames.isEmpty();
        LoopLowering lowering = new LoopLowering(allocator::newName);
        names.forEach(lowering::name);
        // complex methods stay row by row: paired rows would take them past HotSpot's 8000-byte limit
        RowUpdates rowUpdates = new RowUpdates(allocator::newName, lowering::newTemporary,
                workspace::isMatrix, workspace.isInterleaved() ? Integer.MAX_VALUE : RowUpdates.TILE_FROM);
        LoopInvariants invariants = new LoopInvariants(allocator::newName, lowering::newTemporary, workspace::isMatrix);
        List<Statement> program = new ArrayList<>();
        List<Statement> report = new ArrayList<>();
        List<Statement> target = program;
        for (IndexDefinition d : defs) {
            if (withReport && target == program && d.indices().isEmpty() && reportNames.contains(d.array())
                    && !d.array().equals("shift")) {
                target = report;
            }
            for (Statement s : invariants.apply(rowUpdates.apply(lowering.define(d)))) {
                target.add(isProduct(s) ? new Statement.Rows(s) : s);
            }
            if (OUTPUTS.containsKey(d.array()) || INTERLEAVED.containsKey(d.array())) {
                target.add(new Statement.Publish(d.array()));
            }
        }
        if (withReport) {
            program.add(new Statement.Optional("report", report));
        }
        JavaLoops[] printer = new JavaLoops[1];
        printer[0] = new JavaLoops(vectorInputs, (s, code) -> {
            if (s instanceof Statement.Publish publish && INTERLEAVED.containsKey(publish.array())) {
                String[] parts = INTERLEAVED.get(publish.array()); // {real part, imaginary part, array}
                code.beginControlFlow("for (int i = 0; i < n; i++)").beginControlFlow("for (int j = 0; j < n; j++)")
                        .addStatement("$L[$LOffset + 2 * (i * n + j)] = $L[i][j]", parts[2], parts[2], parts[0])
                        .addStatement("$L[$LOffset + 2 * (i * n + j) + 1] = $L[i][j]", parts[2], parts[2], parts[1])
                        .endControlFlow().endControlFlow();
                if (parts[2].equals("gradient")) {
                    code.addStatement("$T.checkGradient(n, gradient, gradientOffset)", support);
                }
                return;
            }
            if (s instanceof Statement.Publish publish) {
                String out = OUTPUTS.get(publish.array());
                if (publish.array().equals(EigenInputs.LAMBDA_DOT)) {
                    code.addStatement("System.arraycopy($L, 0, $L, $LOffset, n)", publish.array(), out, out);
                    code.addStatement("$T.checkPushforward(n, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset)",
                            support);
                    return;
                }
                code.beginControlFlow("for (int i = 0; i < n; i++)")
                        .addStatement("System.arraycopy($L[i], 0, $L, $LOffset + i * n, n)", publish.array(), out, out)
                        .endControlFlow();
                if (publish.array().equals(GeneralizedFormulas.B_BAR)) {
                    code.addStatement("$T.checkGradientB(n, $L, $LOffset)", support, out, out);
                } else if (!publish.array().equals(EigenInputs.V_DOT)) {
                    code.addStatement("$T.checkGradient(n, $L, $LOffset)", support, out, out);
                }
            } else {
                code.beginControlFlow("if (report != null)");
                printer[0].print(((Statement.Optional) s).body(), code);
                List<CodeBlock> values = new ArrayList<>();
                for (String name : reportNames) {
                    values.add(CodeBlock.of("$L", lowering.scalar(name)));
                }
                code.addStatement("report.set($L)", CodeBlock.join(values, ", "));
                code.endControlFlow();
            }
        }, element);
        if (program.stream().anyMatch(s -> s instanceof Statement.Rows)) {
            body.addStatement("final $T executor = workspace.executor", Executor.class);
        }
        printer[0].print(program, body);
    }

    /**
     * True for a product's loop over the rows of its result, as {@link RowUpdates} writes it: a
     * loop over the rows from 0 to n (or a branch between two such loops) whose body updates
     * the row by an unrolled loop.
     */
    private static boolean isProduct(Statement s) {
        if (s instanceof Statement.Branch b) {
            return !b.then().isEmpty() && !b.otherwise().isEmpty()
                    && b.then().stream().allMatch(GeneralEmitter::isProduct)
                    && b.otherwise().stream().allMatch(GeneralEmitter::isProduct);
        }
        if (s instanceof Statement.Unrolled u) {
            return u.factor() == 2 && u.from().equals(Expr.ZERO) && u.limit().equals(Expr.variable("n"));
        }
        return s instanceof Statement.Loop l && l.from().equals(Expr.ZERO) && l.limit().equals(Expr.variable("n"))
                && !l.inclusive() && l.body().stream().anyMatch(x -> x instanceof Statement.Unrolled);
    }

    /**
     * The complex outputs, published when their imaginary part is complete: the definition to
     * its {real part, imaginary part, interleaved array parameter}.
     */
    private static final Map<String, String[]> INTERLEAVED = Map.of(
            HermitianFormulas.A_BAR + "Im", new String[] {HermitianFormulas.A_BAR + "Re", HermitianFormulas.A_BAR + "Im",
                "gradient"},
            HermitianFormulas.V_DOT + "Im", new String[] {HermitianFormulas.V_DOT + "Re", HermitianFormulas.V_DOT + "Im",
                "vectorsDot"});

    /** The definitions that are outputs, and the array parameter each is copied to. */
    private static final Map<String, String> OUTPUTS = Map.of(EigenInputs.A_BAR, "gradient", EigenInputs.V_DOT,
            "vectorsDot", EigenInputs.LAMBDA_DOT, "valuesDot", MatrixFunctions.GRADIENT_DOT, "gradientDot",
            GeneralizedFormulas.B_BAR, "gradientB");
}
