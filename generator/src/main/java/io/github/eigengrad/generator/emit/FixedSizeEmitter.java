package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.SymbolicMatrix;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emits a fixed-size rule (n = 2, 3, 4) as one straight-line static method: loads of the
 * inputs into {@code final} locals, the common subexpressions of the gradient as
 * {@code final} temporaries named by JavaPoet's {@link NameAllocator}, the stores of the
 * symmetric gradient, and the section-5 report only when a report is asked for. No loops, no
 * allocation; the only branches of the arithmetic are the selects of the stable tie handling.
 */
public final class FixedSizeEmitter {
    private FixedSizeEmitter() {}

    public static JavaFile emit(RuleSpec spec) {
        if (spec.isGeneral()) {
            throw new IllegalArgumentException("FixedSizeEmitter needs a fixed size; use GeneralEmitter for " + spec);
        }
        int n = spec.size();
        Formula rule = EigenFormulas.rule(n, RuleClass.method(spec), spec.eigenvalueTerm());
        List<Formula.Output> gradientOutputs = new ArrayList<>();
        List<Formula.Output> reportOutputs = new ArrayList<>();
        for (Formula.Output o : rule.outputs()) {
            (EigenFormulas.REPORT.contains(o.name()) ? reportOutputs : gradientOutputs).add(o);
        }
        List<Expr> gradient = gradientOutputs.stream().map(Formula.Output::expr).toList();
        List<Expr> report = reportOutputs.stream().map(Formula.Output::expr).toList();

        NameAllocator allocator = new NameAllocator();
        for (var p : RuleClass.staticParameters(spec, false)) {
            allocator.newName(p.name(), "param:" + p.name());
        }
        Map<Expr, String> names = new IdentityHashMap<>();
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            names.put(p.variable(), p.name());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement("$T.checkArrays($L, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset, "
                + "vectorsBar, vectorsBarOffset, gradient, gradientOffset)", RuleClass.SUPPORT, n);
        body.addStatement(RuleClass.parameterCheck(spec), RuleClass.SUPPORT);
        body.add(RuleClass.spectrumPrologue(RuleClass.staticParameters(spec, false), n, allocator.newName("scale"),
                allocator.newName("scaled")));
        body.beginControlFlow("if (valuesBar == null)").addStatement("valuesBar = ZERO_VALUES")
                .addStatement("valuesBarOffset = 0").endControlFlow();
        body.beginControlFlow("if (vectorsBar == null)").addStatement("vectorsBar = ZERO_VECTORS")
                .addStatement("vectorsBarOffset = 0").endControlFlow();

        // inputs: every variable that is not a parameter
        List<Expr> all = new ArrayList<>(gradient);
        all.addAll(report);
        List<String> loaded = new ArrayList<>();
        for (String input : rule.inputs()) {
            Expr v = Expr.variable(input);
            if (names.containsKey(v)) {
                continue;
            }
            String local = allocator.newName(input, v);
            names.put(v, local);
            loaded.add(local);
            body.addStatement("final double $L = $L", local, load(input, n));
        }
        body.add(RuleClass.finiteProbe(loaded, RuleClass.requireFiniteInputs(n)));

        JavaExpressions java = new JavaExpressions(names::get);
        Set<Expr> bases = JavaExpressions.powerBases(all);
        CommonSubexpressions cse = CommonSubexpressions.of(gradient, bases);
        int temporaries = 0;
        for (Expr t : cse.temporaries()) {
            String local = allocator.newName("t" + temporaries++, t);
            body.addStatement("final double $L = $L", local, java.write(t, true));
            names.put(t, local);
        }
        storeGradient(gradientOutputs, n, java, allocator, body);
        body.addStatement("$T.checkGradient($L, gradient, gradientOffset)", RuleClass.SUPPORT, n);
        body.beginControlFlow("if (report != null)");
        CommonSubexpressions reportCse = CommonSubexpressions.of(report, bases);
        for (Expr t : reportCse.temporaries()) {
            if (names.containsKey(t)) {
                continue;
            }
            String local = allocator.newName("r" + temporaries++, t);
            body.addStatement("final double $L = $L", local, java.write(t, true));
            names.put(t, local);
        }
        body.addStatement("report.set($L, $L, $L, $L)", java.write(report.get(0), false), java.write(report.get(1), false),
                java.write(report.get(2), false), java.write(report.get(3), false));
        body.endControlFlow();

        OpCount gradientOps = OpCount.ofDag(gradient);
        OpCount allOps = OpCount.ofDag(all);
        MethodSpec method = MethodSpec.methodBuilder("pullback")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(RuleClass.staticParameters(spec, false))
                .addJavadoc("Writes dL/dA for one $Lx$L problem; straight-line code, no allocation.\n\n"
                        + "<p>Op count (after common-subexpression elimination): gradient $L (total $L); with the report "
                        + "$L (total $L). Before elimination the gradient is $L ops.\n\n$L",
                        n, n, gradientOps, gradientOps.total(), allOps, allOps.total(),
                        OpCount.ofTree(gradient).total(), RuleClass.parameterDocs(spec, false))
                .addCode(body.build())
                .build();
        List<FieldSpec> fields = List.of(
                FieldSpec.builder(double[].class, "ZERO_VALUES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("new double[$L]", n).build(),
                FieldSpec.builder(double[].class, "ZERO_VECTORS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("new double[$L]", n * n).build());
        String javadoc = rule.title() + ".\n\n<p>Rule: " + spec.parameters() + ". Generated from the formula library; see docs/emission.md.\n";
        return RuleClass.build(spec, FixedSizeEmitter.class, javadoc, method, fields, List.of(),
                "values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0" + RuleClass.defaultArguments(spec)
                        + ", null");
    }

    /** The array load of an input variable ({@code lambda0}, {@code v01}, {@code lambdaBar0}, {@code vBar01}). */
    static final String[][] INPUT_ARRAYS = {{EigenInputs.LAMBDA_BAR, "valuesBar"},
        {EigenInputs.V_BAR, "vectorsBar"}, {EigenInputs.LAMBDA, "values"}, {EigenInputs.V, "vectors"}};

    private static String load(String input, int n) {
        return load(input, n, INPUT_ARRAYS);
    }

    /**
     * The array load for an input variable {@code <prefix><i>} or {@code <prefix><i><j>}: the
     * first pair {prefix, array} of {@code arrays} that matches (longer prefixes first).
     */
    static String load(String input, int n, String[][] arrays) {
        for (String[] array : arrays) {
            String prefix = array[0];
            if (input.startsWith(prefix) && input.length() > prefix.length()
                    && Character.isDigit(input.charAt(prefix.length()))) {
                String digits = input.substring(prefix.length());
                int index = digits.length() == 1 ? Integer.parseInt(digits) : entryIndex(digits, n);
                return array[1] + "[" + array[1] + "Offset + " + index + "]";
            }
        }
        throw new IllegalStateException("not an input of this formula: " + input);
    }

    private static int entryIndex(String digits, int n) {
        return Integer.parseInt(digits.substring(0, 1)) * n + Integer.parseInt(digits.substring(1));
    }

    /** Stores the outputs {@code aBar<i><j>} (i <= j) into {@code gradient}, each off-diagonal one twice. */
    static void storeGradient(List<Formula.Output> outputs, int n, JavaExpressions java, NameAllocator allocator,
            CodeBlock.Builder body) {
        for (Formula.Output o : outputs) {
            int[] ij = entry(o.name(), n);
            String value = java.write(o.expr(), false);
            if (ij[0] == ij[1]) {
                body.addStatement("gradient[gradientOffset + $L] = $L", ij[0] * n + ij[1], value);
            } else {
                String local = allocator.newName(o.name(), o);
                body.addStatement("final double $L = $L", local, value);
                body.addStatement("gradient[gradientOffset + $L] = $L", ij[0] * n + ij[1], local);
                body.addStatement("gradient[gradientOffset + $L] = $L", ij[1] * n + ij[0], local);
            }
        }
    }

    /** (i, j) of an output named {@code aBar<i><j>}. */
    static int[] entry(String name, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (SymbolicMatrix.entryName(EigenInputs.A_BAR, i, j, n).equals(name)) {
                    return new int[] {i, j};
                }
            }
        }
        throw new IllegalStateException("not a gradient output: " + name);
    }
}
