package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.forward.ClosedForms;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Emits the runtime's {@code ClosedForms}: the scalar closed-form eigensolvers of the forward
 * pass ({@link ClosedForms}) as straight-line static methods of the runtime's package. A
 * fallback returns (NaN, false) for the caller's Jacobi; the eigenvalues are unscaled and
 * stored with {@code MatrixInput.unscaleEigenvalue}, which names one beyond the double range.
 */
public final class ClosedFormEmitter {
    /** The emitted class. */
    public static final ClassName CLASS = ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "ClosedForms");
    private static final ClassName MATRIX_INPUT = ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "MatrixInput");

    private ClosedFormEmitter() {}

    public static JavaFile emit() {
        return emit(Precision.DOUBLE);
    }

    /**
     * {@code ClosedForms}, or in float {@code ClosedFormsFloat}: the same programs with the
     * thresholds of range of the format, float parameters and arithmetic, the eigenvalues
     * unscaled by the float {@code MatrixInput.unscaleEigenvalue}.
     */
    public static JavaFile emit(Precision precision) {
        ElementType element = ElementType.of(precision);
        TypeName number = element == ElementType.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
        ClassName name = className(precision);
        TypeSpec type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.FINAL)
                .addJavadoc("The closed-form eigensolvers of the 2x2 and 3x3 forward pass$L, on the matrix scaled to its "
                        + "largest entry's binade (docs/forward-pass.md). Generated from the generator's forward "
                        + "programs, which the SIMD lanes ({@code ClosedForm3Lanes$L}) print too; see docs/emission.md.\n",
                        element == ElementType.FLOAT ? " in float (docs/math.md section 11)" : "", precision.suffix())
                .addAnnotation(GeneratedFiles.generated(ClosedFormEmitter.class, comment(precision)))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(function("tangent", ClosedForms.TANGENT, number, ClosedForms.tangent(precision), null, 0,
                        element, "The tangent of the Jacobi rotation that zeroes a_pq, the smaller root.").build())
                .addMethod(function("closedForm2", ClosedForms.MATRIX2, TypeName.VOID, ClosedForms.closedForm2(precision),
                        null, 2, element, "The scaled 2x2 problem: one rotation (none when a01 = 0); writes the unscaled "
                                + "values, descending, and V row-major in the gauge.").build())
                .addMethod(function("isolatedEigenvalue", ClosedForms.MATRIX3, number,
                        ClosedForms.isolatedEigenvalue(precision), CodeBlock.of("return $T.NaN",
                                element == ElementType.FLOAT ? Float.class : Double.class), 0, element,
                        "The most isolated eigenvalue of the scaled 3x3 matrix, or NaN for a multiple of the identity "
                                + "(Jacobi's).").build())
                .addMethod(function("closedForm3", concat(ClosedForms.MATRIX3, "lambda"), TypeName.BOOLEAN,
                        ClosedForms.closedForm3(precision), CodeBlock.of("return false"), 3, element, "The rest of the "
                                + "3x3 closed form from the isolated eigenvalue: writes the pairs and returns true, or "
                                + "writes nothing and returns false where Jacobi is needed.")
                        .addStatement("return true").build())
                .addMethod(function("finish3", ClosedForms.FINISH3, TypeName.VOID, ClosedForms.finish3(precision), null, 3,
                        element, "Sorts the eigenpairs (the diagonal, the columns of V) descending, fixes the gauge, "
                                + "unscales and writes them.").build())
                .build();
        return GeneratedFiles.file(RuntimeTypes.RUNTIME_PACKAGE, type, ClosedFormEmitter.class, "\n  " + comment(precision));
    }

    /** {@code ClosedForms} or {@code ClosedFormsFloat}. */
    public static ClassName className(Precision precision) {
        return ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "ClosedForms" + precision.suffix());
    }

    private static String comment(Precision precision) {
        return precision == Precision.FLOAT ? "closed forms, float" : "closed forms";
    }

    private static String[] concat(String[] a, String b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = b;
        return all;
    }

    /**
     * The program as a static method over double parameters {@code inputs}: its single result
     * returned, or, for {@code n > 0}, its n x n results stored (after the parameters of the
     * unscaling: the exponent {@code e} and {@code epsilon}, then values and vectors with offsets).
     */
    private static MethodSpec.Builder function(String name, String[] inputs, TypeName returns, Program program,
            CodeBlock fallback, int n, ElementType element, String doc) {
        boolean single = element == ElementType.FLOAT;
        Class<?> number = single ? float.class : double.class;
        Class<?> array = single ? float[].class : double[].class;
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC).returns(returns)
                .addJavadoc("$L\n", doc);
        for (String input : inputs) {
            m.addParameter(number, input);
        }
        if (n > 0) {
            m.addParameter(int.class, "e")
                    .addParameter(number, "epsilon")
                    .addParameter(array, "values")
                    .addParameter(int.class, "valuesOffset")
                    .addParameter(array, "vectors")
                    .addParameter(int.class, "vectorsOffset");
        }
        CodeBlock.Builder body = CodeBlock.builder();
        print(program, body, fallback, result -> n == 0
                ? CodeBlock.of("return $L", JavaValues.write(result.value(), element))
                : store(result, n, element), element);
        return m.addCode(body.build());
    }

    /** An eigenvalue unscaled into values; an entry of V into vectors, n x n row-major. */
    private static CodeBlock store(Statement.Result result, int n, ElementType element) {
        ClosedForms.Output out = ClosedForms.output(result.name());
        CodeBlock value = JavaValues.write(result.value(), element);
        if (out.value()) {
            return CodeBlock.of("values[valuesOffset + $L] = $T.unscaleEigenvalue($L, e, epsilon, $L)", out.row(),
                    MATRIX_INPUT, value, out.row());
        }
        return CodeBlock.of("vectors[vectorsOffset + $L] = $L", out.row() * n + out.col(), value);
    }

    /** Lets, tests, fallbacks (returning {@code fallback}) and results (by {@code sink}) in order, in {@code element}. */
    static void print(Program program, CodeBlock.Builder body, CodeBlock fallback,
            Function<Statement.Result, CodeBlock> sink, ElementType element) {
        List<Statement> statements = program.statements();
        for (int k = 0; k < statements.size(); k++) {
            Statement s = statements.get(k);
            int run = choices(statements, k);
            if (run > 1) {
                choose(statements.subList(k, k + run), body, element);
                k += run - 1;
            } else if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, element));
            } else if (s instanceof Statement.Test test) {
                body.addStatement("final boolean $L = $L", test.name(), JavaValues.condition(test.condition(), element));
            } else if (s instanceof Statement.Fallback f) {
                body.beginControlFlow("if ($L)", JavaValues.condition(f.condition(), element)).addStatement(fallback)
                        .endControlFlow();
            } else if (s instanceof Statement.Result result) {
                body.addStatement(sink.apply(result));
            } else {
                throw new IllegalStateException("not a straight-line statement: " + s);
            }
        }
    }

    /**
     * The length of the run of temporaries from {@code k} that are each a choice on one test
     * (the top/bottom order, a swap of the sorting network), none reading another of the run.
     */
    private static int choices(List<Statement> statements, int k) {
        String test = null;
        java.util.Set<String> defined = new java.util.HashSet<>();
        int run = 0;
        for (int i = k; i < statements.size(); i++) {
            if (!(statements.get(i) instanceof Statement.Let let) || !(let.value() instanceof Value.Choose c)
                    || (test != null && !test.equals(c.test())) || reads(c, defined)) {
                break;
            }
            test = c.test();
            defined.add(let.name());
            run++;
        }
        return run;
    }

    private static boolean reads(Value.Choose c, java.util.Set<String> names) {
        return c.then() instanceof Value.Named a && names.contains(a.name())
                || c.otherwise() instanceof Value.Named b && names.contains(b.name())
                || !(c.then() instanceof Value.Named || c.then() instanceof Value.Constant)
                || !(c.otherwise() instanceof Value.Named || c.otherwise() instanceof Value.Constant);
    }

    /**
     * A run of choices on one test as one branch: {@code final double a, b; if (t) { a = ...;
     * b = ...; } else { ... }}. The same values as the choices one by one, with one test
     * instead of one per value (fewer bytecodes, which the interpreter of a cold call runs).
     */
    private static void choose(List<Statement> run, CodeBlock.Builder body, ElementType element) {
        String test = ((Value.Choose) ((Statement.Let) run.get(0)).value()).test();
        List<String> names = run.stream().map(s -> ((Statement.Let) s).name()).toList();
        body.addStatement("final $L $L", element.javaName(), String.join(", ", names));
        body.beginControlFlow("if ($L)", test);
        for (Statement s : run) {
            Statement.Let let = (Statement.Let) s;
            body.addStatement("$L = $L", let.name(), JavaValues.write(((Value.Choose) let.value()).then(), element));
        }
        body.nextControlFlow("else");
        for (Statement s : run) {
            Statement.Let let = (Statement.Let) s;
            body.addStatement("$L = $L", let.name(), JavaValues.write(((Value.Choose) let.value()).otherwise(),
                    element));
        }
        body.endControlFlow();
    }
}
