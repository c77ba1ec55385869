package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.program.ElementType;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What every generated rule class shares, fixed size or general, pullback or pushforward: the
 * header, the {@code @Generated} annotation, the {@code PullbackRule} or {@code PushforwardRule}
 * methods, the method parameters and their defaults, and the argument checks. The emitters supply the body of the static method.
 */
final class RuleClass {
    static final ClassName PULLBACK_RULE = RuntimeTypes.PULLBACK_RULE;
    static final ClassName PULLBACK_REPORT = RuntimeTypes.PULLBACK_REPORT;
    static final ClassName PUSHFORWARD_RULE = RuntimeTypes.PUSHFORWARD_RULE;
    static final ClassName PUSHFORWARD_REPORT = RuntimeTypes.PUSHFORWARD_REPORT;
    static final ClassName SUPPORT = RuntimeTypes.SUPPORT;
    static final ClassName GENERATED = RuntimeTypes.GENERATED;
    static final String GENERATED_BY = "io.github.eigengrad.generator";

    /**
     * A run-time parameter of a rule (K, or tol and Kmax, or the degeneracy tolerance): its
     * variable, name, default; a {@code count} (K, Kmax) is a {@code long}, the others of the
     * rule's element type.
     */
    record Parameter(Expr variable, String name, String constant, double defaultValue, String doc, boolean count,
            ElementType element) {
        TypeName type() {
            return count ? TypeName.LONG : element == ElementType.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
        }

        /** The default as a Java literal of {@link #type()}. */
        String literal() {
            return count ? (long) defaultValue + "L" : JavaValues.literal(defaultValue, element);
        }
    }

    /** The checks and prologue the rule's static method calls: {@code GeneratedRuleSupport} or {@code FloatRuleSupport}. */
    static ClassName support(RuleSpec spec) {
        return spec.isFloat() ? RuntimeTypes.FLOAT_SUPPORT : spec.complex() ? RuntimeTypes.COMPLEX_SUPPORT : SUPPORT;
    }

    /** {@code double[]} or {@code float[]}: the rule's arrays. */
    static TypeName arrayType(RuleSpec spec) {
        return ArrayTypeName.of(spec.isFloat() ? TypeName.FLOAT : TypeName.DOUBLE);
    }

    private RuleClass() {}

    static List<Parameter> parameters(RuleSpec spec) {
        ElementType element = spec.elementType();
        String limit = spec.isFloat() ? "2^24" : "2^53";
        switch (spec.method()) {
            case POWER_ITERATION:
                return List.of(new Parameter(EigenFormulas.iterationsVariable(), "iterations", "DEFAULT_ITERATIONS",
                        spec.iterations(), "K, the number of terms of the series (1 to " + limit + ")", true, element));
            case ADAPTIVE:
                return List.of(
                        new Parameter(Expr.variable("tolerance"), "tolerance", "DEFAULT_TOLERANCE", spec.tolerance(),
                                "the relative error accepted per pair, in (0, 1)", false, element),
                        new Parameter(Expr.variable("maxIterations"), "maxIterations", "DEFAULT_MAX_ITERATIONS",
                                spec.maxIterations(), "the cap on K per pair (1 to " + limit + ")", true, element));
            default:
                return List.of(new Parameter(Expr.variable("degeneracyTolerance"), "degeneracyTolerance",
                        "DEFAULT_DEGENERACY_TOLERANCE", spec.degeneracyTolerance(),
                        "pairs closer than this times max|lambda| are masked (F = 0)", false, element));
        }
    }

    /** The method of the formula library for this spec, with the parameters as variables. */
    static EigenFormulas.Method method(RuleSpec spec) {
        List<Parameter> p = parameters(spec);
        switch (spec.method()) {
            case POWER_ITERATION:
                return new EigenFormulas.PowerIteration(p.get(0).variable(), spec.precision());
            case ADAPTIVE:
                return new EigenFormulas.Adaptive(p.get(0).variable(), p.get(1).variable(), spec.precision());
            default:
                return new EigenFormulas.Analytic(p.get(0).variable(), spec.precision());
        }
    }

    /** The argument check of the method's parameters, as a statement. */
    static String parameterCheck(RuleSpec spec) {
        switch (spec.method()) {
            case POWER_ITERATION:
                return "$T.checkIterations(iterations)";
            case ADAPTIVE:
                return "$T.checkAdaptive(tolerance, maxIterations)";
            default:
                return "$T.checkDegeneracyTolerance(degeneracyTolerance)";
        }
    }

    /**
     * The class: header comment, Javadoc, {@code @Generated}, the default-parameter constants,
     * {@code size()}, the instance {@code pullback} delegating to {@code staticMethod}.
     */
    static JavaFile build(RuleSpec spec, Class<?> emitter, String javadoc, MethodSpec staticMethod,
            List<FieldSpec> extraFields, List<TypeSpec> nestedTypes, String delegateArguments) {
        return build(spec, emitter, javadoc, staticMethod, List.of(), extraFields, nestedTypes, delegateArguments);
    }

    /** As above, with more methods after the static one (a generalised rule's fused method and its instance method). */
    static JavaFile build(RuleSpec spec, Class<?> emitter, String javadoc, MethodSpec staticMethod,
            List<MethodSpec> extraMethods, List<FieldSpec> extraFields, List<TypeSpec> nestedTypes,
            String delegateArguments) {
        TypeSpec.Builder type = TypeSpec.classBuilder(spec.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        if (spec.supertype() != null && spec.supertypeIsInterface()) {
            type.addSuperinterface(spec.supertype());
        } else if (spec.supertype() != null) {
            type.superclass(spec.supertype());
        }
        ClassName contract = contract(spec);
        type.addSuperinterface(contract)
                .addJavadoc(javadoc)
                .addAnnotation(generated(emitter, spec));
        type.addField(FieldSpec.builder(int.class, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The size this rule serves, or {@link $L#GENERAL}.\n", contract.simpleName())
                .initializer(spec.isGeneral() ? "$T.GENERAL" : "$L", spec.isGeneral() ? contract : spec.size())
                .build());
        for (Parameter p : parameters(spec)) {
            type.addField(FieldSpec.builder(p.type(), p.constant(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The default of {@code $L}: $L.\n", p.name(), p.doc())
                    .initializer("$L", p.literal())
                    .build());
        }
        for (FieldSpec f : extraFields) {
            type.addField(f);
        }
        type.addMethod(MethodSpec.methodBuilder("size")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addStatement("return SIZE")
                .build());
        MethodSpec.Builder instance = MethodSpec.methodBuilder(methodName(spec))
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC);
        for (String array : arrays(spec)) {
            instance.addParameter(arrayType(spec), array);
        }
        type.addMethod(instance.addStatement(methodName(spec) + "(" + delegateArguments + ")").build());
        type.addMethod(staticMethod);
        extraMethods.forEach(type::addMethod);
        nestedTypes.forEach(type::addType);
        return file(spec, emitter, type.build());
    }

    /** {@code @Generated} naming the emitter and the spec. */
    static AnnotationSpec generated(Class<?> emitter, RuleSpec spec) {
        return AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", emitter.getName())
                .addMember("comments", "$S", spec.describe())
                .build();
    }

    /**
     * The source file of a generated class, with the "do not edit" header. A rule goes into
     * the user's package, where a class named {@code Math} or {@code Double} may live: there the
     * java.lang types it uses are imported by name, which shadows the package's own.
     */
    static JavaFile file(RuleSpec spec, Class<?> emitter, TypeSpec type) {
        return JavaFile.builder(spec.packageName(), type)
                .addFileComment("Generated by $L from\n  $L\nDo not edit: change the generator and regenerate "
                        + "(see docs/emission.md).", emitter.getName(), spec.describe())
                .skipJavaLangImports(spec.packageName().equals(RuntimeTypes.GENERATED_PACKAGE))
                .indent("    ")
                .build();
    }

    /** The interface a rule implements: pullback or pushforward, double or float. */
    static ClassName contract(RuleSpec spec) {
        if (spec.isFloat()) {
            return spec.isPushforward() ? RuntimeTypes.FLOAT_PUSHFORWARD_RULE : RuntimeTypes.FLOAT_PULLBACK_RULE;
        }
        if (spec.generalized()) {
            return spec.isPushforward() ? RuntimeTypes.GENERALIZED_PUSHFORWARD_RULE : RuntimeTypes.GENERALIZED_PULLBACK_RULE;
        }
        if (spec.complex()) {
            return spec.isPushforward() ? RuntimeTypes.HERMITIAN_PUSHFORWARD_RULE : RuntimeTypes.HERMITIAN_PULLBACK_RULE;
        }
        return spec.isPushforward() ? PUSHFORWARD_RULE : PULLBACK_RULE;
    }

    /** {@code pullback} or {@code pushforward}: the name of the rule's methods. */
    static String methodName(RuleSpec spec) {
        return spec.direction().id();
    }

    /** The arrays of a rule's method, in order: the forward result, the inputs, the outputs. */
    static List<String> arrays(RuleSpec spec) {
        return spec.isPushforward() ? List.of("values", "vectors", "tangent", "valuesDot", "vectorsDot")
                : List.of("values", "vectors", "valuesBar", "vectorsBar", "gradient");
    }

    /** The array parameters with offsets, then the method's parameters and the report. */
    static List<ParameterSpec> staticParameters(RuleSpec spec, boolean withSize) {
        List<ParameterSpec> params = new ArrayList<>();
        if (withSize) {
            params.add(ParameterSpec.builder(int.class, "n").build());
        }
        for (String array : arrays(spec)) {
            params.add(ParameterSpec.builder(arrayType(spec), array).build());
            params.add(ParameterSpec.builder(int.class, array + "Offset").build());
        }
        for (Parameter p : parameters(spec)) {
            params.add(ParameterSpec.builder(p.type(), p.name()).build());
        }
        params.add(ParameterSpec.builder(spec.isPushforward() ? PUSHFORWARD_REPORT : PULLBACK_REPORT, "report").build());
        return params;
    }

    /**
     * The first statements of every rule's static method after the argument checks: the
     * spectrum check (values descending), and for a spectrum outside the direct range the same
     * method called again on scaled inputs ({@code SpectrumScaling.Scaled}), which returns.
     * {@code size} is the size expression (a number, or {@code n}); {@code scale} and
     * {@code scaled} are free local names.
     */
    static CodeBlock spectrumPrologue(RuleSpec spec, List<ParameterSpec> params, Object size, String scale,
            String scaled) {
        return spectrumPrologue(spec, params, methodName(spec), size, scale, scaled);
    }

    /**
     * As above, calling {@code method} again; for a generalised pullback ({@code gradientB}) that
     * output is turned back too ({@code Scaled.finishB}), for a generalised pushforward
     * ({@code tangentB}) BDot is scaled with ADot ({@code scaleTangents}).
     */
    static CodeBlock spectrumPrologue(RuleSpec spec, List<ParameterSpec> params, String method, Object size,
            String scale, String scaled) {
        CodeBlock.Builder b = CodeBlock.builder();
        ClassName scaling = spec.isFloat() ? RuntimeTypes.FLOAT_SUPPORT : RuntimeTypes.SCALING;
        b.addStatement("final double $L = $T.checkSpectrum($L, values, valuesOffset)", scale, scaling, size);
        b.beginControlFlow("if ($L != 1.0)", scale);
        boolean generalized = params.stream().anyMatch(p -> p.name().equals(arrayB(spec)));
        List<String> inputs = spec.isPushforward() ? List.of("values", "tangent", "tangentB")
                : List.of("values", "valuesBar", "vectorsBar");
        if (spec.isPushforward() && spec.complex()) {
            b.addStatement("final $T.ScaledTangent $L = $T.scaleComplexTangent($L, $L, values, valuesOffset, tangent, "
                    + "tangentOffset)", scaling, scaled, scaling, size, scale);
        } else if (spec.complex()) {
            b.addStatement("final $T.Scaled $L = $T.scaleComplex($L, $L, values, valuesOffset, valuesBar, "
                    + "valuesBarOffset, vectorsBar, vectorsBarOffset)", scaling, scaled, scaling, size, scale);
        } else if (spec.isPushforward() && generalized) {
            b.addStatement("final $T.ScaledTangent $L = $T.scaleTangents($L, $L, values, valuesOffset, tangent, "
                    + "tangentOffset, tangentB, tangentBOffset)", scaling, scaled, scaling, size, scale);
        } else if (spec.isPushforward()) {
            b.addStatement("final $T.ScaledTangent $L = $T.scaleTangent($L, $L, values, valuesOffset, tangent, "
                    + "tangentOffset)", scaling, scaled, scaling, size, scale);
        } else {
            b.addStatement("final $T.Scaled $L = $T.scale($L, $L, values, valuesOffset, valuesBar, valuesBarOffset, "
                    + "vectorsBar, vectorsBarOffset)", scaling, scaled, scaling, size, scale);
        }
        List<CodeBlock> args = new ArrayList<>();
        for (ParameterSpec p : params) {
            if (inputs.contains(p.name())) {
                args.add(CodeBlock.of("$L.$L", scaled, p.name()));
            } else if (p.name().endsWith("Offset") && inputs.contains(p.name().substring(0, p.name().length() - 6))) {
                args.add(CodeBlock.of("0"));
            } else {
                args.add(CodeBlock.of("$N", p));
            }
        }
        b.addStatement("$L($L)", method, CodeBlock.join(args, ", "));
        if (spec.isPushforward()) {
            b.addStatement("$L.finish($L, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, report)", scaled,
                    size);
        } else {
            b.addStatement("$L.finish($L, gradient, gradientOffset, report)", scaled, size);
            if (generalized) {
                b.addStatement("$L.finishB($L, gradientB, gradientBOffset)", scaled, size);
            }
        }
        b.addStatement("return");
        b.endControlFlow();
        return b.build();
    }

    /**
     * The finiteness check of a straight-line rule over the inputs it loaded (the locals
     * named): one balanced sum of {@code x * 0.0}, which is 0 exactly when all are finite, and
     * the naming check ({@code requireFiniteInputs}, or {@code requireFiniteFunctionInputs} for
     * a matrix function) only when it is not. Balanced, so its latency is that of a few adds.
     * The locals are of {@code element}.
     */
    static CodeBlock finiteProbe(List<String> locals, CodeBlock namingCheck, ElementType element) {
        String zero = JavaValues.literal(0.0, element);
        List<String> terms = new ArrayList<>();
        for (String local : locals) {
            terms.add(local + " * " + zero);
        }
        while (terms.size() > 1) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i + 1 < terms.size(); i += 2) {
                next.add("(" + terms.get(i) + " + " + terms.get(i + 1) + ")");
            }
            if (terms.size() % 2 == 1) {
                next.add(terms.get(terms.size() - 1));
            }
            terms = next;
        }
        return CodeBlock.builder()
                .beginControlFlow("if ($L != $L)", terms.isEmpty() ? zero : terms.get(0), zero)
                .addStatement(namingCheck)
                .endControlFlow()
                .build();
    }

    /** The naming finiteness check of a rule of size {@code size} (a number or {@code n}). */
    static CodeBlock requireFiniteInputs(RuleSpec spec, Object size) {
        // a complex rule's checks name the entry and its part themselves (ComplexRuleSupport)
        if (spec.isPushforward()) {
            return CodeBlock.of("$T.$L($L, values, valuesOffset, vectors, vectorsOffset, tangent, tangentOffset)",
                    support(spec), spec.complex() ? "checkFiniteTangent" : "requireFiniteTangentInputs", size);
        }
        return CodeBlock.of("$T.$L($L, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset, "
                + "vectorsBar, vectorsBarOffset)", support(spec), spec.complex() ? "checkFinite" : "requireFiniteInputs",
                size);
    }

    /** Plain text (a formula's title) made safe for Javadoc's HTML: {@code &}, {@code <}, {@code >} escaped. */
    static String javadocText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Javadoc of the static method's parameters. */
    static String parameterDocs(RuleSpec spec, boolean withSize) {
        StringBuilder b = new StringBuilder();
        if (withSize) {
            b.append("@param n the size of the matrix (>= 1)\n");
        }
        b.append("@param values the eigenvalues, descending, from {@code valuesOffset}\n")
                .append("@param valuesOffset the index of lambda_0 in {@code values}\n")
                .append("@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n")
                .append("@param vectorsOffset the index of V[0][0] in {@code vectors}\n");
        if (spec.isPushforward()) {
            b.append("@param tangent ADot row-major (any matrix; only sym(ADot) acts) from {@code tangentOffset}, or "
                    + "null for zero\n")
                    .append("@param tangentOffset the index of ADot[0][0] in {@code tangent}\n")
                    .append("@param valuesDot receives the tangents of the eigenvalues from {@code valuesDotOffset}\n")
                    .append("@param valuesDotOffset the index of the first entry written in {@code valuesDot}\n")
                    .append("@param vectorsDot receives the tangent of V row-major (column j is that of v_j) from "
                            + "{@code vectorsDotOffset}\n")
                    .append("@param vectorsDotOffset the index of the first entry written in {@code vectorsDot}\n");
            for (Parameter p : parameters(spec)) {
                b.append("@param ").append(p.name()).append(' ').append(p.doc()).append('\n');
            }
            return complexDocs(spec, b.append("@param report receives the shift, K used, largest r^K and the bound on "
                    + "||vectorsDot||_F; may be null\n").toString());
        }
        b.append("@param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero\n")
                .append("@param valuesBarOffset the index of the first entry in {@code valuesBar}\n")
                .append("@param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero\n")
                .append("@param vectorsBarOffset the index of the first entry in {@code vectorsBar}\n")
                .append("@param gradient receives dL/dA row-major (symmetric) from {@code gradientOffset}\n")
                .append("@param gradientOffset the index of the first entry written in {@code gradient}\n");
        for (Parameter p : parameters(spec)) {
            b.append("@param ").append(p.name()).append(' ').append(p.doc()).append('\n');
        }
        return complexDocs(spec, b.append("@param report receives the shift, K used, largest r^K and gradient bound; "
                + "may be null\n").toString());
    }

    /** For a complex rule, the matrices are interleaved (docs/math.md section 13). */
    private static String complexDocs(RuleSpec spec, String docs) {
        return spec.complex() ? docs.replace(" row-major", " interleaved (re, im) row-major") : docs;
    }

    /** The name of a generalised rule's fused static method (docs/math.md section 12). */
    static String generalizedMethodName(RuleSpec spec) {
        return methodName(spec) + "Generalized";
    }

    /** The array of B's cotangent (pullback) or tangent (pushforward) in a generalised rule. */
    static String arrayB(RuleSpec spec) {
        return spec.isPushforward() ? "tangentB" : "gradientB";
    }

    /** {@code params} with B's array and its offset after those of A ({@code gradient} or {@code tangent}). */
    static List<ParameterSpec> withMatrixB(RuleSpec spec, List<ParameterSpec> params) {
        String after = (spec.isPushforward() ? "tangent" : "gradient") + "Offset";
        List<ParameterSpec> out = new ArrayList<>();
        for (ParameterSpec p : params) {
            out.add(p);
            if (p.name().equals(after)) {
                out.add(ParameterSpec.builder(arrayType(spec), arrayB(spec)).build());
                out.add(ParameterSpec.builder(int.class, arrayB(spec) + "Offset").build());
            }
        }
        return out;
    }

    /** {@code docs} (of {@link #parameterDocs}) with those of B's array and its offset. */
    static String withMatrixBDocs(RuleSpec spec, String docs) {
        if (spec.isPushforward()) {
            String tangent = "@param tangentOffset the index of ADot[0][0] in {@code tangent}\n";
            return docs.replace(tangent, tangent + "@param tangentB BDot row-major (any matrix; only sym(BDot) acts) "
                    + "from {@code tangentBOffset}, or null for zero\n@param tangentBOffset the index of BDot[0][0] in "
                    + "{@code tangentB}\n");
        }
        String gradient = "@param gradientOffset the index of the first entry written in {@code gradient}\n";
        return docs.replace(gradient, gradient + "@param gradientB receives dL/dB row-major (symmetric) from "
                + "{@code gradientBOffset}\n@param gradientBOffset the index of the first entry written in "
                + "{@code gradientB}\n");
    }

    /** The first checks of a fused generalised method on B's array: its length, and for a tangent its entries. */
    static CodeBlock checkMatrixB(RuleSpec spec, Object size) {
        return spec.isPushforward()
                ? CodeBlock.of("$T.checkTangentB($L, tangentB, tangentBOffset)", support(spec), size)
                : CodeBlock.of("$T.checkGradientBArray($L, gradientB, gradientBOffset)", support(spec), size);
    }

    /** The instance method of {@code GeneralizedPullbackRule} or {@code GeneralizedPushforwardRule}, delegating to the fused static method. */
    static MethodSpec generalizedInstance(RuleSpec spec, MethodSpec fused) {
        MethodSpec.Builder instance = MethodSpec.methodBuilder(methodName(spec))
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC);
        List<String> arrays = new ArrayList<>(arrays(spec));
        arrays.add(arrays.indexOf(spec.isPushforward() ? "tangent" : "gradient") + 1, arrayB(spec));
        List<String> args = new ArrayList<>();
        if (spec.isGeneral()) {
            args.add("values.length");
        }
        for (String array : arrays) {
            instance.addParameter(arrayType(spec), array);
            args.add(array);
            args.add("0");
        }
        String workspace = spec.isGeneral() ? ", null" : "";
        return instance.addStatement("$N($L$L$L, null)", fused, String.join(", ", args), defaultArguments(spec),
                workspace).build();
    }

    /** The default-parameter arguments of the delegating instance method. */
    static String defaultArguments(RuleSpec spec) {
        StringBuilder b = new StringBuilder();
        for (Parameter p : parameters(spec)) {
            b.append(", ").append(p.constant());
        }
        return b.toString();
    }
}
