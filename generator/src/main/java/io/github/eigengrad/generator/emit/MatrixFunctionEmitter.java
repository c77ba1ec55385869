package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.HermitianFormulas;
import io.github.eigengrad.generator.formula.HermitianMatrixFunctions;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the straight-line matrix-function gradient and Hessian-vector product for one size and
 * one function ({@link MatrixFunctions#gradient}, {@link MatrixFunctions#hessianVector}):
 * {@code MatrixFunction<n><Name>.gradient(values, vectors, C, gradient)} and
 * {@code hessianVector(values, vectors, C, ADot, gradientDot)} with array offsets, no
 * allocation, common-subexpression elimination and an op count.
 */
public final class MatrixFunctionEmitter {
    /** The sizes emitted as straight-line code; general n is emitted as loops by {@link GeneralEmitter}. */
    public static final List<Integer> SIZES = List.of(2, 3, 4);

    private static final String[][] INPUT_ARRAYS = {{EigenInputs.A_DOT, "tangent"}, {EigenInputs.LAMBDA, "values"},
        {EigenInputs.V, "vectors"}, {"c", "functionBar"}};
    /** The arrays of a complex gradient's inputs: {prefix, array, part} for the interleaved matrices. */
    private static final String[][] COMPLEX_INPUT_ARRAYS = {{EigenInputs.LAMBDA, "values"},
        {HermitianFormulas.V + "Re", "vectors", "0"}, {HermitianFormulas.V + "Im", "vectors", "1"},
        {HermitianMatrixFunctions.C + "Re", "functionBar", "0"}, {HermitianMatrixFunctions.C + "Im", "functionBar", "1"}};

    private MatrixFunctionEmitter() {}

    /**
     * {@code MatrixFunction3InverseSqrt}, {@code MatrixFunctionGeneralLog} and the like (n = -1:
     * general), with {@code Float} at the end for a function built for float.
     */
    public static String className(int n, ScalarFunction f) {
        String name = f.isUser() ? f.id() : switch (f.id()) {
            case "invsqrt" -> "InverseSqrt";
            case "pow" -> "Power";
            default -> Character.toUpperCase(f.id().charAt(0)) + f.id().substring(1);
        };
        return "MatrixFunction" + (n == RuleSpec.GENERAL ? "General" : Integer.toString(n)) + name
                + f.precision().suffix();
    }

    /**
     * {@code MatrixFunction3SqrtComplex}, {@code MatrixFunctionGeneralCallbackComplex} and the
     * like: the gradient for a complex Hermitian matrix (double only).
     */
    public static String complexClassName(int n, ScalarFunction f) {
        return className(n, f) + Emitters.COMPLEX_SUFFIX;
    }

    /**
     * All sizes and functions in double and float, general n by
     * {@link GeneralEmitter#emitMatrixFunction}, and the complex Hermitian gradients in double:
     * the classes of generated-src.
     */
    public static List<JavaFile> defaults() {
        List<JavaFile> files = new ArrayList<>();
        ScalarFunction callback = MatrixFunctions.callback();
        files.add(GeneralEmitter.emitMatrixFunction(callback, RuntimeTypes.GENERATED_PACKAGE,
                className(RuleSpec.GENERAL, callback)));
        for (Precision precision : Precision.values()) {
            for (ScalarFunction f : MatrixFunctions.all(precision)) {
                for (int n : SIZES) {
                    files.add(emit(n, f));
                }
                files.add(GeneralEmitter.emitMatrixFunction(f, RuntimeTypes.GENERATED_PACKAGE,
                        className(RuleSpec.GENERAL, f)));
            }
        }
        files.add(GeneralEmitter.emitComplexMatrixFunction(callback, RuntimeTypes.GENERATED_PACKAGE,
                complexClassName(RuleSpec.GENERAL, callback)));
        for (ScalarFunction f : MatrixFunctions.all(Precision.DOUBLE)) {
            for (int n : SIZES) {
                files.add(emitComplex(n, f));
            }
            files.add(GeneralEmitter.emitComplexMatrixFunction(f, RuntimeTypes.GENERATED_PACKAGE,
                    complexClassName(RuleSpec.GENERAL, f)));
        }
        return files;
    }

    /** {@code double[]} or {@code float[]}: the arrays of f's format. */
    static TypeName arrayType(ScalarFunction f) {
        return ArrayTypeName.of(f.precision() == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    }

    /** The checks of f's format: {@code GeneratedRuleSupport} or {@code FloatFunctionSupport}. */
    static ClassName support(ScalarFunction f) {
        return f.precision() == Precision.FLOAT ? RuntimeTypes.FLOAT_FUNCTION_SUPPORT : RuleClass.SUPPORT;
    }

    /**
     * The parameters of every matrix-function gradient method: {@code n} (general n only),
     * values, vectors, functionBar and gradient each with its offset, then the function's own
     * parameters (pow's p).
     */
    static List<ParameterSpec> parameters(ScalarFunction f, boolean withSize) {
        List<ParameterSpec> params = new ArrayList<>();
        if (withSize) {
            params.add(ParameterSpec.builder(int.class, "n").build());
        }
        for (String array : new String[] {"values", "vectors", "functionBar", "gradient"}) {
            params.add(ParameterSpec.builder(arrayType(f), array).build());
            params.add(ParameterSpec.builder(int.class, array + "Offset").build());
        }
        functionParameters(f, params);
        return params;
    }

    /** The function's own parameters (pow's p, a user's), or the {@code ScalarFunction} of a callback. */
    private static void functionParameters(ScalarFunction f, List<ParameterSpec> params) {
        for (String p : f.parameters()) {
            params.add(ParameterSpec.builder(f.precision() == Precision.FLOAT ? float.class : double.class, p).build());
        }
        if (f.isCallback()) {
            params.add(ParameterSpec.builder(RuntimeTypes.SCALAR_FUNCTION, RuntimeTypes.CALLBACK_ARGUMENT).build());
        }
    }

    /** Javadoc of the function's own parameters. */
    static String parameterDocs(ScalarFunction f) {
        StringBuilder docs = new StringBuilder();
        for (String p : f.parameters()) {
            docs.append("@param ").append(p).append(f.isUser() ? " the parameter " + p + " of f\n" : " the power\n");
        }
        if (f.isCallback()) {
            docs.append("@param function f, whose first and second give f[1] and f[2]; its domain checked by the caller\n");
        }
        return docs.toString();
    }

    /**
     * The domain check of the eigenvalues, if any: {@code checkPositive} for the built-ins that
     * need it, a user's {@code checkValues}; none for exp and callbacks (checked by the caller).
     */
    static void domainCheck(ScalarFunction f, ClassName support, CodeBlock size, CodeBlock.Builder body) {
        if (f.needsPositiveValues()) {
            body.addStatement("$T.checkPositive($L, values, valuesOffset, $S)", support, size, f.id());
        } else if (f.isUser() && !f.isCallback()) {
            CodeBlock.Builder call = CodeBlock.builder().add("$T.checkValues($L, values, valuesOffset",
                    RuntimeTypes.library(f.library()), size);
            for (String p : f.parameters()) {
                call.add(", $N", p);
            }
            body.addStatement(call.add(")").build());
        }
    }

    /**
     * The parameters of every Hessian-vector product method: {@code n} (general n only), values,
     * vectors, functionBar, tangent and gradientDot each with its offset, then pow's p.
     */
    static List<ParameterSpec> hessianParameters(ScalarFunction f, boolean withSize) {
        List<ParameterSpec> params = new ArrayList<>();
        if (withSize) {
            params.add(ParameterSpec.builder(int.class, "n").build());
        }
        for (String array : new String[] {"values", "vectors", "functionBar", "tangent", "gradientDot"}) {
            params.add(ParameterSpec.builder(arrayType(f), array).build());
            params.add(ParameterSpec.builder(int.class, array + "Offset").build());
        }
        functionParameters(f, params);
        return params;
    }

    /** Javadoc of the arrays of a Hessian-vector product method. */
    static final String HESSIAN_DOCS = "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
            + "@param valuesOffset the index of lambda_0 in {@code values}\n"
            + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
            + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
            + "@param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}\n"
            + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
            + "@param tangent ADot row-major (any matrix; only sym(ADot) acts), from {@code tangentOffset}\n"
            + "@param tangentOffset the index of ADot[0][0] in {@code tangent}\n"
            + "@param gradientDot receives the derivative of dL/dA along ADot, row-major (symmetric), from "
            + "{@code gradientDotOffset}\n"
            + "@param gradientDotOffset the index of the first entry written in {@code gradientDot}\n";

    public static JavaFile emit(int n, ScalarFunction f) {
        return emit(n, f, RuntimeTypes.GENERATED_PACKAGE);
    }

    /** {@link #emit(int, ScalarFunction)} into {@code packageName} (a user's function: the user's package). */
    public static JavaFile emit(int n, ScalarFunction f, String packageName) {
        Formula gradient = MatrixFunctions.gradient(n, f);
        List<MethodSpec> parts = new ArrayList<>();
        MethodSpec gradientMethod = straightLine("gradient", gradient, n, f, parameters(f, false), INPUT_ARRAYS, CodeBlock.of(
                "$T.checkFunctionArrays($L, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset, "
                        + "gradient, gradientOffset)", support(f), n), CodeBlock.of("$T.requireFiniteFunctionInputs($L, "
                        + "values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset)", support(f), n),
                EigenInputs.A_BAR, "gradient",
                "Writes dL/dA of {@code L = <f(sym(A)), C>} for one " + n + "x" + n + " problem, f = " + f.title()
                        + "; straight-line code, no allocation, exact at ties.",
                "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
                        + "@param valuesOffset the index of lambda_0 in {@code values}\n"
                        + "@param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
                        + "@param vectorsOffset the index of V[0][0] in {@code vectors}\n"
                        + "@param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}\n"
                        + "@param functionBarOffset the index of C[0][0] in {@code functionBar}\n"
                        + "@param gradient receives dL/dA row-major (symmetric) from {@code gradientOffset}\n"
                        + "@param gradientOffset the index of the first entry written in {@code gradient}\n", parts);
        Formula hvp = MatrixFunctions.hessianVector(n, f);
        MethodSpec hvpMethod = straightLine("hessianVector", hvp, n, f, hessianParameters(f, false), INPUT_ARRAYS, CodeBlock.of(
                "$T.checkHessianArrays($L, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset, "
                        + "tangent, tangentOffset, gradientDot, gradientDotOffset)", support(f), n),
                CodeBlock.of("$T.requireFiniteHessianInputs($L, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, tangent, tangentOffset)", support(f), n),
                MatrixFunctions.GRADIENT_DOT, "gradientDot",
                "Writes the derivative of dL/dA of {@code L = <f(sym(A)), C>} along ADot (a Hessian-vector product, "
                        + "docs/math.md section 10) for one " + n + "x" + n + " problem, f = " + f.title()
                        + "; straight-line code with one call of f[2] per distinct triple of eigenvalues, no "
                        + "arrays allocated, exact at ties.", HESSIAN_DOCS, parts);
        String simpleName = className(n, f);
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L, and its Hessian-vector product, $Lx$L. Generated from the formula library; see "
                        + "docs/matrix-functions.md.\n", RuleClass.javadocText(gradient.title()), n, n)
                .addAnnotation(GeneratedFiles.generated(MatrixFunctionEmitter.class, comment(n, f)))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(gradientMethod)
                .addMethod(hvpMethod)
                .addMethods(parts)
                .build();
        return GeneratedFiles.file(packageName, type, MatrixFunctionEmitter.class, "\n  " + comment(n, f));
    }

    /** {@code size=3, function=log} (and {@code , precision=float}). */
    static String comment(int n, ScalarFunction f) {
        return "size=" + (n == RuleSpec.GENERAL ? "general" : Integer.toString(n)) + ", function=" + f.id()
                + (f.precision() == Precision.FLOAT ? ", precision=float" : "");
    }

    /**
     * The complex Hermitian gradient of {@code Re <f(herm(A)), C>} for one size
     * ({@link HermitianMatrixFunctions#gradient}): {@code MatrixFunction3SqrtComplex.gradient(values,
     * vectors, functionBar, gradient)}, V, C and the gradient interleaved (re, im) row-major.
     */
    public static JavaFile emitComplex(int n, ScalarFunction f) {
        Formula gradient = HermitianMatrixFunctions.gradient(n, f);
        List<MethodSpec> parts = new ArrayList<>();
        MethodSpec method = straightLine("gradient", gradient, n, f, parameters(f, false), COMPLEX_INPUT_ARRAYS,
                CodeBlock.of("$T.checkFunctionArrays($L, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset, gradient, gradientOffset)", RuntimeTypes.COMPLEX_SUPPORT, n),
                CodeBlock.of("$T.checkFiniteFunction($L, values, valuesOffset, vectors, vectorsOffset, functionBar, "
                        + "functionBarOffset)", RuntimeTypes.COMPLEX_SUPPORT, n), HermitianFormulas.A_BAR, "gradient",
                "Writes dL/dA of {@code L = Re <f(herm(A)), C>} for one complex Hermitian " + n + "x" + n
                        + " problem, f = " + f.title() + ", in the convention {@code dL/dRe A + i dL/dIm A}; "
                        + "straight-line code, no allocation, exact at ties.", COMPLEX_DOCS, parts);
        String simpleName = complexClassName(n, f);
        TypeSpec type = TypeSpec.classBuilder(simpleName)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L, $Lx$L. Generated from the formula library; see docs/math.md section 13.\n",
                        RuleClass.javadocText(gradient.title()), n, n)
                .addAnnotation(GeneratedFiles.generated(MatrixFunctionEmitter.class, complexComment(n, f)))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method)
                .addMethods(parts)
                .build();
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type, MatrixFunctionEmitter.class,
                "\n  " + complexComment(n, f));
    }

    /** {@code size=3, function=log, field=complex}. */
    static String complexComment(int n, ScalarFunction f) {
        return comment(n, f) + ", field=complex";
    }

    /** Javadoc of the arrays of a complex gradient method. */
    static final String COMPLEX_DOCS = "@param values the eigenvalues, descending, from {@code valuesOffset}\n"
            + "@param valuesOffset the index of lambda_0 in {@code values}\n"
            + "@param vectors V interleaved (re, im) row-major (column j is eigenvector j), from {@code vectorsOffset}\n"
            + "@param vectorsOffset the index of the real part of V[0][0] in {@code vectors}\n"
            + "@param functionBar C interleaved (any complex matrix; only herm(C) matters), from "
            + "{@code functionBarOffset}\n"
            + "@param functionBarOffset the index of the real part of C[0][0] in {@code functionBar}\n"
            + "@param gradient receives dL/dA interleaved (Hermitian) from {@code gradientOffset}\n"
            + "@param gradientOffset the index of the first entry written in {@code gradient}\n";

    /**
     * One straight-line method: checks, loads, the finiteness probe, temporaries, symmetric (for
     * the complex inputs of {@link #COMPLEX_INPUT_ARRAYS}: Hermitian) stores, output check.
     */
    private static MethodSpec straightLine(String name, Formula formula, int n, ScalarFunction f,
            List<ParameterSpec> parameters, String[][] inputArrays, CodeBlock arrayCheck, CodeBlock finiteCheck, String outputPrefix,
            String outputArray, String doc, String parameterDocs, List<MethodSpec> parts) {
        boolean complex = inputArrays == COMPLEX_INPUT_ARRAYS;
        List<Expr> outputs = formula.outputs().stream().map(Formula.Output::expr).toList();
        NameAllocator allocator = new NameAllocator();
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC);
        for (ParameterSpec p : parameters) {
            method.addParameter(p);
            allocator.newName(p.name(), p.name());
        }
        ElementType element = ElementType.of(f.precision());
        Program.Builder program = Program.builder(element, allocator::newName);
        for (String p : f.parameters()) {
            program.parameter(Expr.variable(p), p);
        }
        CodeBlock.Builder body = CodeBlock.builder();
        body.addStatement(arrayCheck);
        domainCheck(f, support(f), CodeBlock.of("$L", n), body);
        if (StraightLineParts.needed(outputs)) { // too long for one compilable method
            if (!complex) {
                throw new IllegalStateException(name + " of " + f.id() + " at n = " + n + " needs a staged formula");
            }
            body.addStatement(finiteCheck);
            List<MethodSpec> stages = StraightLineParts.staged(name, parameters, HermitianMatrixFunctions.gradientStages(n,
                    f), n, inputArrays, element, (b, names) -> {
                        for (String p : f.parameters()) {
                            b.parameter(Expr.variable(p), p);
                        }
                    }, (result, names, code, results) -> JavaStatements.storeComplex(result, n, element, names, code));
            parts.addAll(stages);
            body.addStatement(StraightLineParts.call(stages.get(0).name(), parameters));
        } else {
            straightLineBody(formula, n, inputArrays, finiteCheck, outputPrefix, outputArray, complex, element, program,
                    allocator, body);
        }
        body.addStatement("$T.checkGradient($L, $L, $LOffset)", complex ? RuntimeTypes.COMPLEX_SUPPORT : support(f), n,
                outputArray, outputArray);
        OpCount ops = OpCount.ofDag(outputs);
        return method.addJavadoc("$L\n\n<p>Op count (after common-subexpression elimination): $L (total $L).\n\n$L$L",
                doc, ops, ops.total(), parameterDocs, parameterDocs(f))
                .addCode(body.build()).build();
    }

    /** Loads, the finiteness probe, temporaries and stores of one method. */
    private static void straightLineBody(Formula formula, int n, String[][] inputArrays, CodeBlock finiteCheck,
            String outputPrefix, String outputArray, boolean complex, ElementType element, Program.Builder program,
            NameAllocator allocator, CodeBlock.Builder body) {
        List<Expr> outputs = formula.outputs().stream().map(Formula.Output::expr).toList();
        FixedSizeEmitter.loadInputs(formula, n, inputArrays, program);
        program.temporaries(outputs, Program.namedNodes(outputs), "t");
        for (Formula.Output o : formula.outputs()) {
            program.result(o.name(), o.expr());
        }
        List<Statement.Load> loads = new ArrayList<>();
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Load load) {
                body.addStatement(JavaStatements.load(load, element));
                loads.add(load);
            }
        }
        body.add(RuleClass.finiteProbe(FixedSizeEmitter.probeTerms(loads, n), finiteCheck, element));
        for (Statement s : program.build().statements()) {
            if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, element));
            } else if (s instanceof Statement.Result result && complex) {
                JavaStatements.storeComplex(result, n, element, allocator, body);
            } else if (s instanceof Statement.Result result) {
                JavaStatements.storeSymmetric(result, n, outputPrefix, outputArray, element, allocator, body);
            }
        }
    }
}
