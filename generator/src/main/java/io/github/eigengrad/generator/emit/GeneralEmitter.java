package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.program.Lowering;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.GeneralN;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits a general-n rule by lowering the index-notation definitions of the formula library
 * ({@link GeneralN#ruleDefinitions}) to loops: each indexed definition fills an array of a
 * {@code Workspace} over all its indices, scalars become locals, index sums and maxima become
 * accumulator loops, and each loop body gets its own common-subexpression elimination. The
 * definitions are written so that the work is O(n^3). The only allocation is the workspace,
 * which the caller may pass in to reuse.
 */
public final class GeneralEmitter {
    /** Vector inputs read in place: index-notation name to parameter. */
    private final Map<String, String> vectorInputs;
    /** The matrix inputs, read through row copies in the workspace (sorted: the copies are emitted in this order). */
    private final Map<String, String> matrixInputs;

    private final RuleSpec spec;
    private final NameAllocator allocator = new NameAllocator();
    private final Map<Expr, String> names = new IdentityHashMap<>();
    private final Map<String, Integer> workspaceRanks = new HashMap<>();
    private final ClassName workspace;
    private int temporaries;
    private int accumulators;

    private GeneralEmitter(RuleSpec spec) {
        this.spec = spec;
        this.workspace = ClassName.get(spec.packageName(), spec.simpleName(), "Workspace");
        this.vectorInputs = Map.of("lambda", "values", "lambdaBar", "valuesBar");
        this.matrixInputs = new java.util.TreeMap<>(Map.of("V", "vectors", "VBar", "vectorsBar"));
    }

    private GeneralEmitter(String packageName, String simpleName) {
        this.spec = null;
        this.workspace = ClassName.get(packageName, simpleName, "Workspace");
        this.vectorInputs = Map.of("lambda", "values");
        this.matrixInputs = new java.util.TreeMap<>(Map.of("V", "vectors", "C", "functionBar"));
    }

    /**
     * The general-n matrix-function gradient {@code <simpleName>.gradient(n, values, vectors, C,
     * gradient[, p], workspace)}, lowered from {@link GeneralN#matrixFunctionDefinitions}.
     */
    public static JavaFile emitMatrixFunction(MatrixFunctions.ScalarFunction f, String packageName, String simpleName) {
        return new GeneralEmitter(packageName, simpleName).buildMatrixFunction(f, packageName, simpleName);
    }

    private JavaFile buildMatrixFunction(MatrixFunctions.ScalarFunction f, String packageName, String simpleName) {
        List<IndexDefinition> defs = GeneralN.matrixFunctionDefinitions(f);
        List<ParameterSpec> params = new ArrayList<>(MatrixFunctionEmitter.parameters(f, true));
        for (String p : f.parameters()) {
            names.put(Expr.variable(p), p);
        }
        params.add(ParameterSpec.builder(workspace, "workspace").build());
        declare(params, defs);
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T.checkFunctionArrays(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                + "functionBarOffset, gradient, gradientOffset)", RuleClass.SUPPORT);
        body.addStatement("$T.checkFiniteFunction(n, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                + "functionBarOffset)", RuleClass.SUPPORT);
        if (f.needsPositiveValues()) {
            body.addStatement("$T.checkPositive(n, values, valuesOffset, $S)", RuleClass.SUPPORT, f.id());
        }
        allocateWorkspace(body);
        workspaceLocals(body);
        for (IndexDefinition d : defs) {
            define(d, body);
        }
        MethodSpec method = MethodSpec.methodBuilder("gradient")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("Writes dL/dA of {@code L = <f(sym(A)), C>} for one n x n problem, f = $L, with loops over "
                        + "the index-notation definitions; O(n^3) work, exact at ties.\n\n"
                        + "@param n the size of the matrix (>= 1)\n"
                        + "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
                        + "@param valuesOffset the index of lambda_0 in {@code values}\n"
                        + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
                        + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
                        + "@param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}\n"
                        + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
                        + "@param gradient receives dL/dA row-major (symmetric) from {@code gradientOffset}\n"
                        + "@param gradientOffset the index of the first entry written in {@code gradient}\n$L"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        f.title(), f.parameters().isEmpty() ? "" : "@param p the power\n")
                .addCode(body.build())
                .build();
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Exact gradient of {@code <f(sym(A)), C>} for f = $L, for any n. Generated from the index-notation "
                        + "definitions of the formula library; see docs/matrix-functions.md.\n", f.title())
                .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(RuleClass.GENERATED)
                        .addMember("value", "$S", GeneralEmitter.class.getName())
                        .addMember("comments", "$S", "size=general, function=" + f.id())
                        .build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method)
                .addType(workspaceType())
                .build();
        return JavaFile.builder(packageName, type)
                .addFileComment("Generated by $L from\n  size=general, function=$L\nDo not edit: change the generator "
                        + "and regenerate (see docs/emission.md).", GeneralEmitter.class.getName(), f.id())
                .skipJavaLangImports(true)
                .indent("    ")
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
        for (IndexDefinition d : defs) {
            if (!d.indices().isEmpty()) {
                workspaceRanks.put(d.array(), d.indices().size());
            }
        }
        for (String input : matrixInputs.keySet()) {
            workspaceRanks.put(input, 2);
        }
    }

    /** The workspace: allocated when null, else checked for n. */
    private void allocateWorkspace(CodeBlock.Builder body) {
        body.beginControlFlow("if (workspace == null)").addStatement("workspace = new $T(n)", workspace)
                .nextControlFlow("else if (workspace.n != n)")
                .addStatement("throw new $T($S + workspace.n + $S + n)", IllegalArgumentException.class,
                        "workspace is for n = ", ", the matrix has n = ")
                .endControlFlow();
    }

    /** The workspace arrays as locals, and the row copies of the matrix inputs. */
    private void workspaceLocals(CodeBlock.Builder body) {
        for (String array : workspaceRanks.keySet().stream().sorted().toList()) {
            body.addStatement("final $L $L = workspace.$L", workspaceRanks.get(array) == 1 ? "double[]" : "double[][]",
                    allocator.newName(array, "array:" + array), array);
        }
        for (Map.Entry<String, String> input : matrixInputs.entrySet()) {
            body.beginControlFlow("for (int i = 0; i < n; i++)")
                    .addStatement("System.arraycopy($L, $LOffset + i * n, $L[i], 0, n)", input.getValue(),
                            input.getValue(), input.getKey())
                    .endControlFlow();
        }
    }

    public static JavaFile emit(RuleSpec spec) {
        if (!spec.isGeneral()) {
            throw new IllegalArgumentException("GeneralEmitter emits general-n rules; use FixedSizeEmitter for " + spec);
        }
        return new GeneralEmitter(spec).build();
    }

    private JavaFile build() {
        List<IndexDefinition> defs = GeneralN.ruleDefinitions(RuleClass.method(spec), spec.eigenvalueTerm());
        List<ParameterSpec> params = new ArrayList<>(RuleClass.staticParameters(spec, true));
        params.add(params.size() - 1, ParameterSpec.builder(workspace, "workspace").build());
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            names.put(p.variable(), p.name());
        }
        declare(params, defs);

        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T.checkArrays(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset, "
                + "vectorsBar, vectorsBarOffset, gradient, gradientOffset)", RuleClass.SUPPORT);
        body.addStatement(RuleClass.parameterCheck(spec), RuleClass.SUPPORT);
        body.add(RuleClass.spectrumPrologue(params, "n", allocator.newName("scale"), allocator.newName("scaled")));
        body.addStatement("$T.checkFinite(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset, "
                + "vectorsBar, vectorsBarOffset)", RuleClass.SUPPORT);
        allocateWorkspace(body);
        body.beginControlFlow("if (valuesBar == null)").addStatement("valuesBar = workspace.zeroValues")
                .addStatement("valuesBarOffset = 0").endControlFlow();
        body.beginControlFlow("if (vectorsBar == null)").addStatement("vectorsBar = workspace.zeroVectors")
                .addStatement("vectorsBarOffset = 0").endControlFlow();
        workspaceLocals(body);
        boolean inReport = false;
        for (IndexDefinition d : defs) {
            if (!inReport && d.indices().isEmpty() && EigenFormulas.REPORT.contains(d.array())
                    && !d.array().equals("shift")) {
                body.beginControlFlow("if (report != null)");
                inReport = true;
            }
            define(d, body);
        }
        if (!inReport) {
            body.beginControlFlow("if (report != null)");
        }
        body.addStatement("report.set(shift, iterationsUsed, maxPairError, gradientBound)");
        body.endControlFlow();

        StringBuilder ops = new StringBuilder();
        for (IndexDefinition d : defs) {
            io.github.eigengrad.generator.simplify.OpCount count =
                    io.github.eigengrad.generator.simplify.OpCount.ofDag(List.of(Simplifier.simplify(d.body())));
            ops.append("<li>{@code ").append(d.array()).append(d.indices().isEmpty() ? "" : "[" + String.join("][",
                    d.indices()) + "]").append("}: ").append(count).append("</li>\n");
        }
        MethodSpec method = MethodSpec.methodBuilder("pullback")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("Writes dL/dA for one n x n problem with loops over the index-notation definitions; "
                        + "O(n^3) work.\n\n<p>Op count per definition, each body counted once (an indexed definition "
                        + "runs once per index value, an index sum once per term):\n<ul>\n$L</ul>\n\n$L"
                        + "@param workspace scratch arrays for this n, reused across calls; null allocates one\n",
                        ops, RuleClass.parameterDocs(spec, true))
                .addCode(body.build())
                .build();
        String javadoc = EigenFormulas.rule(2, RuleClass.method(spec), spec.eigenvalueTerm()).title()
                + ", for any n.\n\n<p>Rule: " + spec.parameters()
                + ". Generated from the index-notation definitions of the formula library; see docs/emission.md.\n";
        return RuleClass.build(spec, GeneralEmitter.class, javadoc, method, List.of(), List.of(workspaceType()),
                "values.length, values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0"
                        + RuleClass.defaultArguments(spec) + ", null, null");
    }

    private void define(IndexDefinition d, CodeBlock.Builder code) {
        if (d.indices().isEmpty()) {
            String local = allocator.newName(d.array(), "scalar:" + d.array());
            java.util.Set<Expr> scope = openScope();
            Expr value = lowerReductions(Simplifier.simplify(d.body()), code);
            writeTemporaries(value, code);
            code.addStatement("final double $L = $L", local, java(value, false));
            closeScope(scope);
            names.put(Expr.variable(d.array()), local);
            return;
        }
        List<String> indices = d.indices();
        Expr body = Simplifier.simplify(d.body());
        if (accumulates(body, indices)) {
            defineByAccumulation(d.array(), indices, body, code);
        } else {
            for (String index : indices) {
                code.beginControlFlow("for (int $L = 0; $L < n; $L++)", index, index, index);
            }
            assign(d.array() + index(indices.stream().map(Expr::variable).toList()), body, code);
            for (int i = 0; i < indices.size(); i++) {
                code.endControlFlow();
            }
        }
        if (d.array().equals(EigenInputs.A_BAR)) {
            code.beginControlFlow("for (int i = 0; i < n; i++)")
                    .addStatement("System.arraycopy($L[i], 0, gradient, gradientOffset + i * n, n)", EigenInputs.A_BAR)
                    .endControlFlow();
            code.addStatement("$T.checkGradient(n, gradient, gradientOffset)", RuleClass.SUPPORT);
        }
    }

    /**
     * {@code target = value} with the temporaries of value before it. A select on index
     * variables alone (a triangle of a matrix) becomes an if/else with each branch's
     * temporaries inside it, so the branch not taken costs nothing.
     */
    private void assign(String target, Expr value, CodeBlock.Builder code) {
        if (value.op() == Op.SELECT && isIndexExpression(value.argument(0)) && isIndexExpression(value.argument(1))) {
            code.beginControlFlow("if ($L $L $L)", integer(value.argument(0)), value.comparison().symbol(),
                    integer(value.argument(1)));
            assign(target, value.argument(2), code);
            code.nextControlFlow("else");
            assign(target, value.argument(3), code);
            code.endControlFlow();
            return;
        }
        java.util.Set<Expr> scope = openScope();
        Expr lowered = lowerReductions(value, code);
        writeTemporaries(lowered, code);
        code.addStatement("$L = $L", target, java(lowered, false));
        closeScope(scope);
    }

    /**
     * Whether {@code X[a][b] = sum_s t} is better written with s outside b ("accumulate":
     * {@code X[a][b] += t} in an inner loop over b) than as a dot product over s: true when the
     * innermost index b then reads more array entries contiguously (as their last index) than
     * s would. Either way every entry receives the same additions in the same order.
     */
    private static boolean accumulates(Expr body, List<String> indices) {
        if (indices.size() != 2 || body.op() != Op.INDEX_SUM || containsReduction(body.argument(2))
                || !body.argument(0).isConstant() || !body.argument(1).equals(GeneralN.N.minus(Expr.ONE))) {
            return false;
        }
        String s = body.name();
        String b = indices.get(1);
        int dot = contiguity(body.argument(2), s);
        int accumulate = contiguity(body.argument(2), b) + 1; // the store X[a][b] is contiguous in b
        return accumulate > dot;
    }

    /** +1 for each entry read with {@code index} last (contiguous), -1 for each with it elsewhere (strided). */
    private static int contiguity(Expr e, String index) {
        int score = 0;
        if (e.op() == Op.ENTRY) {
            List<Expr> args = e.arguments();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).variableNames().contains(index)) {
                    score += i == args.size() - 1 ? 1 : -1;
                }
            }
            return score;
        }
        for (Expr a : e.arguments()) {
            score += contiguity(a, index);
        }
        return score;
    }

    /**
     * {@code for a: { X[a][*] = 0; for s: for b: X[a][b] += t }} as row updates: the row
     * {@code X[a]} and the rows {@code E[p]} of the entries {@code E[p][b]} that t reads are
     * named before the loop over b, and so are the entries and subterms of t that do not depend
     * on b. The loop over b is then {@code row[b] += scalar * other[b]}, which the JIT vectorises.
     */
    private void defineByAccumulation(String array, List<String> indices, Expr body, CodeBlock.Builder code) {
        String a = indices.get(0);
        String b = indices.get(1);
        String s = body.name();
        String row = allocator.newName(array + "Row", new Object());
        code.beginControlFlow("for (int $L = 0; $L < n; $L++)", a, a, a);
        code.addStatement("final double[] $L = $L[$L]", row, array, a);
        code.addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, row);
        code.beginControlFlow("for (int $L = 0; $L < n; $L++)", s, s, s);
        java.util.Set<Expr> scope = openScope();
        Expr term = body.argument(2);
        hoistOutOf(b, term, code);
        writeTemporaries(term, code);
        code.beginControlFlow("for (int $L = 0; $L < n; $L++)", b, b, b);
        code.addStatement("$L[$L] += $L", row, b, java(term, false));
        code.endControlFlow();
        closeScope(scope);
        code.endControlFlow();
        code.endControlFlow();
    }

    /**
     * Names, before a loop over {@code index}, what the loop body {@code term} reads that does
     * not change with it: each row {@code E[p]} of an entry {@code E[p][index]}, and each largest
     * subterm free of {@code index} (entries included).
     */
    private void hoistOutOf(String index, Expr term, CodeBlock.Builder code) {
        if (names.containsKey(term)) {
            return;
        }
        boolean depends = term.variableNames().contains(index);
        if (!depends && term.arity() > 0 && !isIndexExpression(term)) {
            writeTemporaries(term, code);
            if (!names.containsKey(term)) {
                String local = allocator.newName("t" + temporaries++, new Object());
                code.addStatement("final double $L = $L", local, java(term, false));
                names.put(term, local);
            }
            return;
        }
        if (term.op() == Op.ENTRY && term.arity() == 2 && workspaceRanks.getOrDefault(term.name(), 0) == 2
                && term.argument(1).equals(Expr.variable(index))
                && !term.argument(0).variableNames().contains(index)) {
            Expr rowKey = Expr.entry(term.name(), term.argument(0));
            String local = names.get(rowKey);
            if (local == null) {
                local = allocator.newName(term.name() + "Row", new Object());
                code.addStatement("final double[] $L = $L[$L]", local, term.name(), integer(term.argument(0)));
                names.put(rowKey, local);
            }
            names.put(term, local + "[" + index + "]");
            return;
        }
        for (Expr arg : term.arguments()) {
            hoistOutOf(index, arg, code);
        }
    }

    /** The names known before a block opens; {@link #closeScope} forgets the ones declared inside it. */
    private java.util.Set<Expr> openScope() {
        java.util.Set<Expr> known = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        known.addAll(names.keySet());
        return known;
    }

    private void closeScope(java.util.Set<Expr> known) {
        names.keySet().removeIf(e -> !known.contains(e));
    }

    /** Replaces each index sum or max by an accumulator computed in a loop emitted into {@code code}. */
    private Expr lowerReductions(Expr e, CodeBlock.Builder code) {
        if (e.op().isReduction()) {
            String accumulator = allocator.newName((e.op() == Op.INDEX_SUM ? "sum" : "max") + accumulators++,
                    new Object());
            code.addStatement("double $L = 0.0", accumulator);
            String index = e.name();
            code.beginControlFlow("for (int $L = $L; $L <= $L; $L++)", index, integer(e.argument(0)), index,
                    integer(e.argument(1)), index);
            java.util.Set<Expr> scope = openScope();
            Expr term = lowerReductions(e.argument(2), code);
            writeTemporaries(term, code);
            if (e.op() == Op.INDEX_SUM) {
                code.addStatement("$L += $L", accumulator, java(term, false));
            } else {
                code.addStatement("$L = $T.max($L, $L)", accumulator, RuntimeTypes.MATH, accumulator, java(term, false));
            }
            closeScope(scope);
            code.endControlFlow();
            Expr leaf = Expr.variable(accumulator);
            names.put(leaf, accumulator);
            return leaf;
        }
        if (e.op() == Op.SELECT && containsReduction(e)) {
            throw new IllegalStateException("a reduction inside a select cannot be lowered eagerly: " + e);
        }
        if (e.arity() == 0 || !containsReduction(e)) {
            return e;
        }
        List<Expr> args = new ArrayList<>();
        for (Expr a : e.arguments()) {
            args.add(lowerReductions(a, code));
        }
        return e.withArguments(args);
    }

    private static boolean containsReduction(Expr e) {
        if (e.op().isReduction()) {
            return true;
        }
        for (Expr a : e.arguments()) {
            if (containsReduction(a)) {
                return true;
            }
        }
        return false;
    }

    /** Local CSE of one loop body (and the named bases of its powers). */
    private void writeTemporaries(Expr value, CodeBlock.Builder code) {
        CommonSubexpressions cse = CommonSubexpressions.of(List.of(value), Program.namedNodes(List.of(value)));
        for (Expr t : cse.temporaries()) {
            if (names.containsKey(t) || t.op() == Op.ENTRY || isIndexExpression(t)) {
                continue; // named already, an array load, or int arithmetic
            }
            String local = allocator.newName("t" + temporaries++, new Object());
            code.addStatement("final double $L = $L", local, java(t, true));
            names.put(t, local);
        }
    }

    /** The Java of {@code e} with this body's names in scope; {@code definition}: e itself, not its name. */
    private CodeBlock java(Expr e, boolean definition) {
        return JavaValues.write(new Lowering(this::nameOf).lower(e, definition));
    }

    /** Java for a leaf: parameters, scalars, index variables, accumulators, array entries; null to write out. */
    private String nameOf(Expr e) {
        String known = names.get(e);
        if (known != null) {
            return known;
        }
        if (e.op() == Op.VARIABLE) {
            return e.name(); // an index variable (an int loop counter)
        }
        if (e.op() == Op.ENTRY) {
            String input = vectorInputs.get(e.name());
            List<Expr> indices = e.arguments();
            if (input != null) {
                return input + "[" + input + "Offset + " + integer(indices.get(0)) + "]";
            }
            if (workspaceRanks.containsKey(e.name())) {
                return e.name() + index(indices);
            }
            throw new IllegalStateException("no array named " + e.name());
        }
        return null;
    }

    /** The subscripts of an entry of a workspace array: {@code [i]} or {@code [i][j]}. */
    private String index(List<Expr> indices) {
        if (indices.size() > 2) {
            throw new IllegalStateException("arrays of rank " + indices.size() + " are not supported");
        }
        StringBuilder b = new StringBuilder();
        for (Expr i : indices) {
            b.append('[').append(integer(i)).append(']');
        }
        return b.toString();
    }

    /** The index variables of the definitions and the size: int arithmetic, never a double temporary. */
    private static final java.util.Set<String> INDEX_VARIABLES = java.util.Set.of("i", "j", "k", "l", "m", "t", "n");

    private static boolean isIndexExpression(Expr e) {
        return INDEX_VARIABLES.containsAll(e.variableNames()) && !hasEntry(e);
    }

    private static boolean hasEntry(Expr e) {
        return e.op() == Op.ENTRY || e.arguments().stream().anyMatch(GeneralEmitter::hasEntry);
    }

    /** An index expression (index variables, n, integer constants, sums) as int arithmetic. */
    private static String integer(Expr e) {
        switch (e.op()) {
            case CONSTANT:
                if (e.value() != Math.rint(e.value())) {
                    throw new IllegalStateException("a non-integer index " + e);
                }
                return Long.toString((long) e.value());
            case VARIABLE:
                return e.name();
            case NEGATE:
                return "-(" + integer(e.argument(0)) + ")";
            case SUM: {
                StringBuilder b = new StringBuilder();
                for (Expr t : io.github.eigengrad.generator.print.Terms.positiveFirst(e.arguments())) {
                    Expr negative = io.github.eigengrad.generator.print.Terms.negativePart(t);
                    if (b.length() == 0) {
                        b.append(integer(t));
                    } else if (negative != null) {
                        b.append(" - ").append(integer(negative));
                    } else {
                        b.append(" + ").append(integer(t));
                    }
                }
                return b.toString();
            }
            default:
                throw new IllegalStateException("not an index expression: " + e);
        }
    }

    /** The nested {@code Workspace} class: one array per indexed definition, sized for n. */
    TypeSpec workspaceType() {
        TypeSpec.Builder type = TypeSpec.classBuilder("Workspace")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Scratch arrays for one n: pass the same instance to repeated calls to avoid allocation. "
                        + "Not thread-safe.\n");
        type.addField(FieldSpec.builder(int.class, "n", Modifier.FINAL).build());
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addParameter(int.class, "n")
                .addJavadoc("@param n the size of the matrices this workspace serves (>= 1)\n")
                .beginControlFlow("if (n < 1)")
                .addStatement("throw new $T($S + n)", IllegalArgumentException.class, "workspace size must be >= 1, got ")
                .endControlFlow()
                .addStatement("this.n = n");
        if (spec != null) { // the pullback rules' zero cotangents
            constructor.addStatement("this.zeroValues = new double[n]").addStatement("this.zeroVectors = new double[n * n]");
            type.addField(FieldSpec.builder(double[].class, "zeroValues", Modifier.FINAL).build());
            type.addField(FieldSpec.builder(double[].class, "zeroVectors", Modifier.FINAL).build());
        }
        for (String array : workspaceRanks.keySet().stream().sorted().toList()) {
            boolean vector = workspaceRanks.get(array) == 1;
            type.addField(FieldSpec.builder(vector ? double[].class : double[][].class, array, Modifier.FINAL).build());
            constructor.addStatement("this.$L = new double[n]$L", array, vector ? "" : "[n]");
        }
        return type.addMethod(constructor.build()).build();
    }
}
