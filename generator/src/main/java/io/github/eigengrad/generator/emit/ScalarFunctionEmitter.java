package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.program.Condition;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Lowering;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code DividedDifferences}: for each scalar function of {@link MatrixFunctions}, the
 * function itself and its divided differences {@code f[1](a, b)} and {@code f[2](a, b, c)}
 * (closed form, Taylor expansion near ties, the switch between them), as straight-line static
 * methods with common-subexpression elimination. The runtime's matrix-function gradients and
 * Hessian-vector products call them.
 */
public final class ScalarFunctionEmitter {
    /** The class the runtime compiles from generated-src. */
    public static final String CLASS_NAME = RuntimeTypes.GENERATED_PACKAGE + ".DividedDifferences";

    private ScalarFunctionEmitter() {}

    public static JavaFile emit() {
        return emit(ElementType.DOUBLE);
    }

    /**
     * {@code DividedDifferences} for {@code double}, or {@code DividedDifferencesFloat} for
     * {@code float}: the same functions with the switches placed for that format's rounding.
     */
    public static JavaFile emit(ElementType element) {
        Precision precision = element.precision();
        String className = "DividedDifferences" + precision.suffix();
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The scalar functions of the matrix-function gradients and their divided differences "
                        + "f[1](a, b) = (f(a) - f(b)) / (a - b), f[1](a, a) = f'(a), and f[2](a, b, c), derived by the "
                        + "generator (docs/math.md sections 7 and 10, docs/matrix-functions.md)$L.\n",
                        element == ElementType.FLOAT ? ", in float: the switches placed for float's unit roundoff "
                                + "2^-24 (docs/math.md section 11)" : "")
                .addAnnotation(GeneratedFiles.generated(ScalarFunctionEmitter.class,
                        "Taylor terms beyond the first: " + MatrixFunctions.TAYLOR_TERMS
                                + (element == ElementType.FLOAT ? ", float" : "")))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        Expr a = Expr.variable("a");
        Expr b = Expr.variable("b");
        for (ScalarFunction f : MatrixFunctions.all(precision)) {
            type.addMethod(method(element, f.id(), "f(x) = " + f.title() + " of x", List.of("x"), f.parameters(),
                    Simplifier.simplify(f.f())));
            type.addMethod(method(element, f.id() + "Difference", "f[1](a, b) for f = " + f.title()
                    + ": the closed form away from ties, the midpoint Taylor expansion near them", List.of("a", "b"),
                    f.parameters(), MatrixFunctions.firstDifferenceFunction(f).body()));
            type.addMethod(method(element, f.id() + "Second", "f[2](a, b, c) for f = " + f.title() + ", symmetric, f''(a)/2 at a "
                    + "triple tie: " + (f.closedSecond() != null ? "a closed form free of cancellation"
                            : "the closed form (f[1](hi, mid) - f[1](mid, lo)) / (hi - lo) apart, the expansion about "
                            + "the midpoint near ties (docs/math.md section 10)"), List.of("a", "b", "c"),
                    f.parameters(), MatrixFunctions.secondDifferenceFunction(f).body()));
        }
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type.build(), ScalarFunctionEmitter.class,
                " the formula library (MatrixFunctions" + (element == ElementType.FLOAT ? ", float" : "") + ").");
    }

    static MethodSpec method(ElementType element, String name, String doc, List<String> arguments,
            List<String> parameters, Expr value) {
        NameAllocator allocator = new NameAllocator();
        Class<?> primitive = element == ElementType.FLOAT ? float.class : double.class;
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(primitive);
        List<String> all = new ArrayList<>(arguments);
        all.addAll(parameters);
        Map<Expr, String> known = new IdentityHashMap<>();
        for (String arg : all) {
            m.addParameter(primitive, allocator.newName(arg, arg));
            known.put(Expr.variable(arg), arg);
        }
        CodeBlock.Builder body = CodeBlock.builder();
        returnValue(element, value, known, allocator, body);
        OpCount ops = OpCount.ofDag(List.of(value));
        StringBuilder tags = new StringBuilder();
        for (String arg : arguments) {
            tags.append("@param ").append(arg).append(arguments.size() == 1 ? " the argument" : arg.equals("a")
                    ? " the first argument" : arg.equals("b") ? " the second argument" : " the third argument")
                    .append('\n');
        }
        for (String p : parameters) {
            tags.append("@param ").append(p).append(" the parameter ").append(p).append(" of the function\n");
        }
        tags.append("@return ").append(name.equals("derivative") ? "f'(x)" : arguments.size() == 1 ? "f(x)"
                : arguments.size() == 2 ? "f[1](a, b)" : "f[2](a, b, c)").append('\n');
        return m.addJavadoc("$L.\n\n<p>Op count (after common-subexpression elimination): $L (total $L).\n\n$L", doc,
                ops, ops.total(), tags).addCode(body.build()).build();
    }

    /**
     * {@code return value}, where a select of {@code value} (and of its otherwise branch, in
     * turn) becomes {@code if (condition) { ...; return then; }}: each branch computes its own
     * temporaries, so a call pays only for the branch it takes (the expansion's fifty terms are
     * not evaluated where the closed form serves). {@code known} holds the names in scope.
     */
    private static void returnValue(ElementType element, Expr value, Map<Expr, String> known,
            NameAllocator allocator, CodeBlock.Builder body) {
        Program.Builder program = Program.builder(element, allocator::newName);
        known.forEach(program::parameter);
        if (value.op() == Op.SELECT) {
            List<Expr> sides = List.of(value.argument(0), value.argument(1));
            program.temporaries(sides, Program.namedNodes(sides), "t");
            Program built = program.build();
            printLets(element, built, body);
            Map<Expr, String> inScope = new IdentityHashMap<>(known);
            for (Expr e : program.temporaryExpressions()) {
                inScope.put(e, program.nameOf(e));
            }
            Lowering lowering = program.lowering();
            body.beginControlFlow("if ($L)", JavaValues.condition(new Condition.Compare(value.comparison(),
                    lowering.lower(value.argument(0), false), lowering.lower(value.argument(1), false)), element));
            returnValue(element, value.argument(2), new IdentityHashMap<>(inScope), allocator, body);
            body.endControlFlow();
            returnValue(element, value.argument(3), inScope, allocator, body);
            return;
        }
        program.temporaries(List.of(value), Program.namedNodes(List.of(value)), "t").result("value", value);
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, element));
            } else {
                body.addStatement("return $L", JavaValues.write(((Statement.Result) s).value(), element));
            }
        }
    }

    /**
     * {@code final double name = value;} after the temporaries of {@code value}; {@code known}
     * holds the names in scope.
     */
    static void assign(ElementType element, String name, Expr value, Map<Expr, String> known, NameAllocator allocator,
            CodeBlock.Builder body) {
        Program.Builder program = Program.builder(element, allocator::newName);
        known.forEach(program::parameter);
        program.temporaries(List.of(value), Program.namedNodes(List.of(value)), "t").result(name, value);
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, element));
            } else {
                body.addStatement("final $L $N = $L", element.javaName(), name,
                        JavaValues.write(((Statement.Result) s).value(), element));
            }
        }
    }

    private static void printLets(ElementType element, Program program, CodeBlock.Builder body) {
        for (Statement s : program.statements()) {
            body.addStatement(JavaStatements.let((Statement.Let) s, element));
        }
    }
}
