package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.NameAllocator;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.GeneralizedFormulas;
import io.github.eigengrad.generator.formula.HermitianFormulas;
import io.github.eigengrad.generator.formula.PushforwardFormulas;
import io.github.eigengrad.generator.formula.StagedFormula;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * Emits a fixed-size rule (n = 2, 3, 4), pullback or pushforward, as one straight-line static
 * method: loads of the inputs into {@code final} locals, the common subexpressions of the
 * outputs as {@code final} temporaries named by JavaPoet's {@link NameAllocator}, the stores
 * of the symmetric gradient (or of the tangents), and the report only when one is asked for. No loops, no
 * allocation; the only branches of the arithmetic are the selects of the stable tie handling.
 */
public final class FixedSizeEmitter {
    private FixedSizeEmitter() {}

    public static JavaFile emit(RuleSpec spec) {
        if (spec.isGeneral()) {
            throw new IllegalArgumentException("FixedSizeEmitter needs a fixed size; use GeneralEmitter for " + spec);
        }
        int n = spec.size();
        boolean forward = spec.isPushforward();
        Formula rule = rule(spec);
        ElementType element = spec.elementType();
        List<FieldSpec> fields = new ArrayList<>();
        for (String[] zero : zeros(spec)) {
            fields.add(FieldSpec.builder(RuleClass.arrayType(spec), zero[1], Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("new $L[$L]", element.javaName(), zero[2]).build());
        }
        List<MethodSpec> parts = new ArrayList<>();
        MethodSpec method = staticMethod(spec, rule, false, parts);
        List<MethodSpec> extra = new ArrayList<>();
        if (spec.generalized()) {
            MethodSpec fused = staticMethod(spec, forward
                    ? GeneralizedFormulas.pushforwardRule(n, RuleClass.method(spec), spec.eigenvalueTerm())
                    : GeneralizedFormulas.rule(n, RuleClass.method(spec), spec.eigenvalueTerm()), true, parts);
            extra.add(fused);
            extra.add(RuleClass.generalizedInstance(spec, fused));
        }
        extra.addAll(parts);
        String javadoc = rule.title() + ".\n\n<p>Rule: " + spec.parameters() + ". Generated from the formula library; see docs/emission.md.\n";
        String delegate = forward ? "values, 0, vectors, 0, tangent, 0, valuesDot, 0, vectorsDot, 0"
                : "values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0";
        return RuleClass.build(spec, FixedSizeEmitter.class, javadoc, method, extra, fields, List.of(),
                delegate + RuleClass.defaultArguments(spec) + ", null");
    }

    /** The zero inputs that stand for null ones: parameter, field, length. */
    private static String[][] zeros(RuleSpec spec) {
        int n = spec.size();
        int nn = (spec.complex() ? 2 : 1) * n * n;
        return spec.isPushforward() ? new String[][] {{"tangent", "ZERO_TANGENT", "" + nn}}
                : new String[][] {{"valuesBar", "ZERO_VALUES", "" + n}, {"vectorsBar", "ZERO_VECTORS", "" + nn}};
    }

    /**
     * The static method of {@code rule}: the rule's own, or with {@code generalized} the fused
     * generalised pullback {@code pullbackGeneralized} writing dL/dA and dL/dB (docs/math.md
     * section 12) from {@link GeneralizedFormulas#rule}.
     */
    private static MethodSpec staticMethod(RuleSpec spec, Formula rule, boolean generalized, List<MethodSpec> parts) {
        int n = spec.size();
        boolean forward = spec.isPushforward();
        List<Expr> outputs = new ArrayList<>();
        List<Expr> all = new ArrayList<>();
        for (Formula.Output o : rule.outputs()) {
            if (!reportNames(spec).contains(o.name())) {
                outputs.add(o.expr());
            }
            all.add(o.expr());
        }
        ElementType element = spec.elementType();
        List<ParameterSpec> params = RuleClass.staticParameters(spec, false);
        if (generalized) {
            params = RuleClass.withMatrixB(spec, params);
        }
        String name = generalized ? RuleClass.generalizedMethodName(spec) : RuleClass.methodName(spec);
        NameAllocator allocator = new NameAllocator();
        for (var p : params) {
            allocator.newName(p.name(), "param:" + p.name());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        if (forward) {
            body.addStatement("$T.checkPushforwardArrays($L, values, valuesOffset, vectors, vectorsOffset, tangent, "
                    + "tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset)", RuleClass.support(spec), n);
        } else {
            body.addStatement("$T.checkArrays($L, values, valuesOffset, vectors, vectorsOffset, valuesBar, "
                    + "valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset)", RuleClass.support(spec),
                    n);
        }
        if (generalized) {
            body.addStatement(RuleClass.checkMatrixB(spec, n));
        }
        // the parameters' checks are the real rules' (a complex rule shares its K, tolerance and Kmax)
        body.addStatement(RuleClass.parameterCheck(spec), spec.complex() ? RuleClass.SUPPORT : RuleClass.support(spec));
        body.add(RuleClass.spectrumPrologue(spec, params, name, n, allocator.newName("scale"),
                allocator.newName("scaled")));
        List<String[]> zeros = new ArrayList<>(List.of(zeros(spec)));
        if (generalized && forward) {
            zeros.add(new String[] {"tangentB", "ZERO_TANGENT"});
        }
        for (String[] zero : zeros) {
            body.beginControlFlow("if ($L == null)", zero[0]).addStatement("$L = $L", zero[0], zero[1])
                    .addStatement("$LOffset = 0", zero[0]).endControlFlow();
        }

        String[][] arrays = spec.complex() ? (forward ? COMPLEX_TANGENT_ARRAYS : COMPLEX_INPUT_ARRAYS)
                : generalized && forward ? GENERALIZED_TANGENT_ARRAYS : forward ? TANGENT_ARRAYS : INPUT_ARRAYS;
        boolean split = StraightLineParts.needed(all);
        Program program = program(spec, rule, arrays, allocator::newName);
        if (split) {
            splitBody(spec, rule, name, params, arrays, body, parts);
        } else {
            for (Statement.Load load : program.loads()) {
                body.addStatement(JavaStatements.load(load, element));
            }
            body.add(RuleClass.finiteProbe(probeTerms(program.loads(), n), RuleClass.requireFiniteInputs(spec, n),
                    element));
            for (Statement s : program.statements()) {
                if (s instanceof Statement.Let let) {
                    body.addStatement(JavaStatements.let(let, element));
                } else if (s instanceof Statement.Result result) {
                    store(spec, result, allocator, body);
                }
            }
        }
        if (forward) {
            body.addStatement("$T.checkPushforward($L, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset)",
                    RuleClass.support(spec), n);
        } else {
            body.addStatement("$T.checkGradient($L, gradient, gradientOffset)", RuleClass.support(spec), n);
        }
        if (generalized && !forward) {
            body.addStatement("$T.checkGradientB($L, gradientB, gradientBOffset)", RuleClass.support(spec), n);
        }
        if (split && !reportOutputs(spec, rule).isEmpty()) {
            String reportPart = name + "Report";
            parts.add(StraightLineParts.part(reportPart, params, reportOutputs(spec, rule), n, arrays, element,
                    (b, names) -> bindParameters(spec, b), StraightLineParts.collecting(element, (results, code) ->
                            code.addStatement("report.set($L)", CodeBlock.join(results, ", ")))));
            body.beginControlFlow("if (report != null)").addStatement(StraightLineParts.call(reportPart, params))
                    .endControlFlow();
        }
        for (Statement s : split ? List.<Statement>of() : program.statements()) {
            if (s instanceof Statement.Optional optional) {
                body.beginControlFlow("if (report != null)");
                List<CodeBlock> values = new ArrayList<>();
                for (Statement r : optional.body()) {
                    if (r instanceof Statement.Let let) {
                        body.addStatement(JavaStatements.let(let, element));
                    } else {
                        values.add(JavaValues.write(((Statement.Result) r).value(), element));
                    }
                }
                body.addStatement("report.set($L)", CodeBlock.join(values, ", "));
                body.endControlFlow();
            }
        }

        OpCount outputOps = OpCount.ofDag(outputs);
        OpCount allOps = OpCount.ofDag(all);
        String what = generalized && forward ? "the tangents of the generalised problem {@code A v = lambda B v} "
                + "along (ADot, BDot) (docs/math.md section 12, V B-orthonormal; the report's bound is on ||Omega||_F, "
                + "vectorsDot = V Omega)"
                : generalized ? "dL/dA and dL/dB of the generalised problem {@code A v = lambda B v} (docs/math.md "
                + "section 12, V B-orthonormal; the report is the standard rule's at the same V)"
                : forward ? "the tangents of the eigenvalues and eigenvectors along sym(ADot)" : "dL/dA";
        String result = forward ? "tangents" : generalized ? "gradients" : "gradient";
        String parameterDocs = RuleClass.parameterDocs(spec, false);
        if (generalized) {
            parameterDocs = RuleClass.withMatrixBDocs(spec, parameterDocs);
        }
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(params)
                .addJavadoc("Writes $L for one $Lx$L problem; straight-line code, no allocation.\n\n"
                        + "<p>Op count (after common-subexpression elimination): $L $L (total $L); with the report "
                        + "$L (total $L). Before elimination $L $L ops.\n\n$L",
                        what, n, n, result, outputOps, outputOps.total(), allOps, allOps.total(),
                        forward ? "the tangents are" : generalized ? "the gradients are" : "the gradient is",
                        OpCount.ofTree(outputs).total(), parameterDocs)
                .addCode(body.build())
                .build();
    }

    /** Writes one result of a rule's program to its output array. */
    private static void store(RuleSpec spec, Statement.Result result, NameAllocator allocator, CodeBlock.Builder body) {
        int n = spec.size();
        ElementType element = spec.elementType();
        if (spec.complex()) {
            JavaStatements.storeComplex(result, n, element, allocator, body);
        } else if (spec.isPushforward()) {
            JavaStatements.storeTangent(result, n, element, body);
        } else if (result.name().startsWith(GeneralizedFormulas.B_BAR)) {
            JavaStatements.storeSymmetric(result, n, GeneralizedFormulas.B_BAR, "gradientB", element, allocator, body);
        } else {
            JavaStatements.storeSymmetric(result, n, EigenInputs.A_BAR, "gradient", element, allocator, body);
        }
    }

    /**
     * The body of a rule too long for one compilable method ({@link StraightLineParts}): the
     * naming finiteness check of every input, then the two stages of the rule's formula
     * ({@link StagedFormula}), private methods over the same arguments but the report.
     */
    private static void splitBody(RuleSpec spec, Formula rule, String name, List<ParameterSpec> params,
            String[][] arrays, CodeBlock.Builder body, List<MethodSpec> parts) {
        body.addStatement(RuleClass.requireFiniteInputs(spec, spec.size()));
        List<ParameterSpec> partParams = params.subList(0, params.size() - 1); // all but the report
        if (!spec.complex()) {
            throw new IllegalStateException(name + " of " + spec + " is too long for one method and has no stages");
        }
        // every output needs the whole core (X of V X V^H, Y of V Y): two stages, nothing computed twice
        StagedFormula stages = spec.isPushforward()
                ? HermitianFormulas.pushforwardStages(spec.size(), RuleClass.method(spec), spec.eigenvalueTerm())
                : HermitianFormulas.pullbackStages(spec.size(), RuleClass.method(spec), spec.eigenvalueTerm());
        List<MethodSpec> methods = StraightLineParts.staged(name, partParams, stages, spec.size(), arrays,
                spec.elementType(), (b, names) -> bindParameters(spec, b),
                (result, names, code, results) -> store(spec, result, names, code));
        parts.addAll(methods);
        body.addStatement(StraightLineParts.call(methods.get(0).name(), partParams));
    }

    private static void bindParameters(RuleSpec spec, Program.Builder b) {
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            b.parameter(p.variable(), p.name());
        }
    }

    private static List<Formula.Output> reportOutputs(RuleSpec spec, Formula rule) {
        return rule.outputs().stream().filter(o -> reportNames(spec).contains(o.name())).toList();
    }

    /** The formula a rule is emitted from: the pullback or the pushforward with its report. */
    static Formula rule(RuleSpec spec) {
        int n = spec.isGeneral() ? Formula.GENERAL : spec.size();
        if (spec.complex() && spec.isGeneral()) {
            return spec.isPushforward() ? HermitianFormulas.pushforward(n, RuleClass.method(spec), spec.eigenvalueTerm())
                    : HermitianFormulas.pullback(n, RuleClass.method(spec), spec.eigenvalueTerm());
        }
        if (spec.complex()) {
            return spec.isPushforward()
                    ? HermitianFormulas.pushforwardRule(n, RuleClass.method(spec), spec.eigenvalueTerm())
                    : HermitianFormulas.pullbackRule(n, RuleClass.method(spec), spec.eigenvalueTerm());
        }
        return spec.isPushforward() ? PushforwardFormulas.rule(n, RuleClass.method(spec), spec.eigenvalueTerm())
                : EigenFormulas.rule(n, RuleClass.method(spec), spec.eigenvalueTerm());
    }

    /** The names of the report's outputs of a rule. */
    static List<String> reportNames(RuleSpec spec) {
        return spec.isPushforward() ? PushforwardFormulas.REPORT : EigenFormulas.REPORT;
    }

    /** The arrays of the inputs, by the prefix of their variables' names. */
    static final String[][] INPUT_ARRAYS = {{EigenInputs.LAMBDA_BAR, "valuesBar"},
        {EigenInputs.V_BAR, "vectorsBar"}, {EigenInputs.LAMBDA, "values"}, {EigenInputs.V, "vectors"}};
    /** The arrays of a pushforward's inputs, as {@link #INPUT_ARRAYS}. */
    static final String[][] TANGENT_ARRAYS = {{EigenInputs.A_DOT, "tangent"}, {EigenInputs.LAMBDA, "values"},
        {EigenInputs.V, "vectors"}};

    /** The arrays of a complex pullback's inputs: {prefix, array, part} for the interleaved matrices. */
    static final String[][] COMPLEX_INPUT_ARRAYS = {{EigenInputs.LAMBDA_BAR, "valuesBar"},
        {HermitianFormulas.V_BAR + "Re", "vectorsBar", "0"}, {HermitianFormulas.V_BAR + "Im", "vectorsBar", "1"},
        {EigenInputs.LAMBDA, "values"}, {HermitianFormulas.V + "Re", "vectors", "0"},
        {HermitianFormulas.V + "Im", "vectors", "1"}};
    /** The arrays of a complex pushforward's inputs. */
    static final String[][] COMPLEX_TANGENT_ARRAYS = {{HermitianFormulas.A_DOT + "Re", "tangent", "0"},
        {HermitianFormulas.A_DOT + "Im", "tangent", "1"}, {EigenInputs.LAMBDA, "values"},
        {HermitianFormulas.V + "Re", "vectors", "0"}, {HermitianFormulas.V + "Im", "vectors", "1"}};

    /** The arrays of a generalised pushforward's inputs: {@link #TANGENT_ARRAYS} and BDot. */
    static final String[][] GENERALIZED_TANGENT_ARRAYS = {{EigenInputs.A_DOT, "tangent"},
        {GeneralizedFormulas.B_DOT, "tangentB"}, {EigenInputs.LAMBDA, "values"}, {EigenInputs.V, "vectors"}};

    /**
     * The rule's program: the loads of its inputs, the temporaries and results of the gradient,
     * then the report's, run only when a report is asked for. The lane backend prints the
     * gradient part of the same program.
     */
    static Program program(RuleSpec spec, Formula rule, UnaryOperator<String> newName) {
        return program(spec, rule, spec.isPushforward() ? TANGENT_ARRAYS : INPUT_ARRAYS, newName);
    }

    /** As above, the inputs loaded from {@code arrays} (see {@link #loadInputs}). */
    static Program program(RuleSpec spec, Formula rule, String[][] arrays, UnaryOperator<String> newName) {
        int n = spec.size();
        List<Expr> gradient = new ArrayList<>();
        List<Formula.Output> reportOutputs = new ArrayList<>();
        List<Formula.Output> gradientOutputs = new ArrayList<>();
        for (Formula.Output o : rule.outputs()) {
            (reportNames(spec).contains(o.name()) ? reportOutputs : gradientOutputs).add(o);
        }
        List<Expr> all = new ArrayList<>();
        for (Formula.Output o : gradientOutputs) {
            gradient.add(o.expr());
            all.add(o.expr());
        }
        List<Expr> report = reportOutputs.stream().map(Formula.Output::expr).toList();
        all.addAll(report);
        Set<Expr> named = Program.namedNodes(all);
        Program.Builder b = Program.builder(spec.elementType(), newName);
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            b.parameter(p.variable(), p.name());
        }
        loadInputs(rule, n, arrays, b);
        b.temporaries(gradient, named, "t");
        for (Formula.Output o : gradientOutputs) {
            b.result(o.name(), o.expr());
        }
        if (!report.isEmpty()) {
            b.optional("report").temporaries(report, named, "r");
            for (Formula.Output o : reportOutputs) {
                b.result(o.name(), o.expr());
            }
            b.end();
        }
        return b.build();
    }

    /**
     * Loads every input of {@code formula} that is not a parameter: variable {@code <prefix><i>}
     * or {@code <prefix><i><j>} from entry i or i n + j of the array of the first matching pair
     * {prefix, array} of {@code arrays} (longer prefixes first).
     */
    static void loadInputs(Formula formula, int n, String[][] arrays, Program.Builder b) {
        for (String input : formula.inputs()) {
            Expr v = Expr.variable(input);
            if (!b.isNamed(v)) {
                String[] array = arrayOf(input, arrays);
                String digits = input.substring(array[0].length());
                int index = digits.length() == 1 ? Integer.parseInt(digits)
                        : Integer.parseInt(digits.substring(0, 1)) * n + Integer.parseInt(digits.substring(1));
                if (array.length > 2) { // a part of an interleaved complex matrix (docs/math.md section 13)
                    index = 2 * index + Integer.parseInt(array[2]);
                }
                b.load(v, array[1], index);
            }
        }
    }

    /**
     * What the finiteness probe reads: every loaded local, then, for each interleaved complex
     * input, the entries no formula reads (the imaginary diagonal of a Hermitian part), read in
     * place, so that a NaN there is refused as it is at general n.
     */
    static List<String> probeTerms(List<Statement.Load> loads, int n) {
        List<String> terms = new ArrayList<>();
        Map<String, BitSet> read = new TreeMap<>();
        for (Statement.Load load : loads) {
            terms.add(load.name());
            read.computeIfAbsent(load.array(), a -> new BitSet()).set(load.index());
        }
        for (Map.Entry<String, BitSet> array : read.entrySet()) {
            if (array.getValue().length() > n * n) { // interleaved: 2 n^2 entries
                for (int k = array.getValue().nextClearBit(0); k < 2 * n * n; k = array.getValue().nextClearBit(k + 1)) {
                    terms.add(array.getKey() + "[" + array.getKey() + "Offset + " + k + "]");
                }
            }
        }
        return terms;
    }

    private static String[] arrayOf(String input, String[][] arrays) {
        for (String[] array : arrays) {
            String prefix = array[0];
            if (input.startsWith(prefix) && input.length() > prefix.length()
                    && Character.isDigit(input.charAt(prefix.length()))) {
                return array;
            }
        }
        throw new IllegalStateException("not an input of this formula: " + input);
    }
}
