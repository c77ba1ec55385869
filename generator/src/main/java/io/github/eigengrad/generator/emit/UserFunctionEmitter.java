package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.MatrixFunctions;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.generator.parse.Domain;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.simplify.Simplifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits the classes of a user's spectral function (docs/math.md section 14): {@code
 * <Name>Function}, a runtime {@code ScalarFunction} with f, f', the Taylor series of f (by the
 * runtime's {@code TaylorSeries}) and the domain check as generated code, f[1] and f[2] by the
 * runtime's recipe ({@code SpectralDifferences}); and {@code MatrixFunction<n><Name>} (n = 2, 3,
 * 4, straight-line) and {@code MatrixFunctionGeneral<Name>} (loops), the gradient and
 * Hessian-vector product of {@code <f(sym(A)), C>} calling them. The user's parameters become
 * constructor arguments and trailing method arguments named {@code param_<name>}, so that no
 * parameter name can clash with a name of the generated code.
 */
public final class UserFunctionEmitter {
    private UserFunctionEmitter() {}

    /**
     * A user's function to emit.
     *
     * @param name the name, a Java identifier starting with an upper-case letter (e.g. Xlogx)
     * @param function the parsed function ({@link ExpressionParser#parseSymbolic})
     * @param packageName the package of the generated classes
     * @param supertype an interface of the user's that {@code <Name>Function} implements, or null
     */
    public record UserFunction(String name, SpectralFunction function, String packageName, ClassName supertype) {
        /** A function whose class implements no interface of the user's. */
        public UserFunction(String name, SpectralFunction function, String packageName) {
            this(name, function, packageName, null);
        }

        /** This function, its {@code <Name>Function} implementing {@code type} (the processor's annotated interface). */
        public UserFunction implementing(ClassName type) {
            return new UserFunction(name, function, packageName, type);
        }

        public UserFunction {
            if (name == null || name.isEmpty() || !Character.isUpperCase(name.charAt(0))
                    || !javax.lang.model.SourceVersion.isName(name)) {
                throw new RuleSpecException("name", "the function name '" + name + "' must be a Java identifier starting with "
                        + "an upper-case letter, e.g. Xlogx");
            }
            if (packageName == null || !packageName.isEmpty() && !javax.lang.model.SourceVersion.isName(packageName)) {
                throw new RuleSpecException("package", "'" + packageName + "' is not a Java package name");
            }
        }

        /**
         * A user's function from text, as the Maven plugin, the annotation processor and
         * {@code eigengrad generate --function} take it.
         *
         * @param name the function's name (e.g. Xlogx)
         * @param expression f(x), e.g. {@code x*log(x)}
         * @param parameterNames the names of its parameters (values are given to the generated constructor)
         * @param domain the declared interval of x as text, {@code lo,hi} with either side empty for
         *     unbounded, open unless written {@code [lo,hi]} (or half-closed {@code [lo,hi)}, {@code (lo,hi]});
         *     null or blank for none
         * @param packageName the package of the generated classes
         * @return the function
         * @throws RuleSpecException naming the field at fault (an expression error names its column;
         *     an expression that loses accuracy as written over its domain, without parameters, is
         *     refused: {@code Conditioning})
         */
        public static UserFunction of(String name, String expression, List<String> parameterNames, String domain,
                String packageName) {
            Interval interval = interval(domain);
            try {
                SpectralFunction parsed = ExpressionParser.parseSymbolic(expression, parameterNames, interval.low(),
                        interval.lowClosed(), interval.high(), interval.highClosed());
                io.github.eigengrad.generator.parse.Conditioning.require(parsed);
                return new UserFunction(name, parsed, packageName);
            } catch (io.github.eigengrad.generator.parse.ExpressionException e) {
                throw new RuleSpecException("expression", e.getMessage());
            }
        }

        /** A declared interval of x: bounds (null: none) and whether each is closed. */
        record Interval(Double low, boolean lowClosed, Double high, boolean highClosed) {}

        /** The interval of {@code lo,hi} text. */
        static Interval interval(String text) {
            if (text == null || text.isBlank()) {
                return new Interval(null, false, null, false);
            }
            String t = text.strip();
            boolean lowClosed = t.startsWith("[");
            boolean highClosed = t.endsWith("]");
            if (t.startsWith("[") || t.startsWith("(")) {
                t = t.substring(1);
            }
            if (t.endsWith("]") || t.endsWith(")")) {
                t = t.substring(0, t.length() - 1);
            }
            int comma = t.indexOf(',');
            if (comma < 0 || t.indexOf(',', comma + 1) >= 0) {
                throw new RuleSpecException("domain", "'" + text + "' must be lo,hi (either side empty for unbounded; "
                        + "[lo,hi] for closed bounds), e.g. 0, or [0,1]");
            }
            Double low = bound(t.substring(0, comma), text);
            Double high = bound(t.substring(comma + 1), text);
            if (low == null && lowClosed || high == null && highClosed) {
                throw new RuleSpecException("domain", "'" + text + "': an unbounded side cannot be closed");
            }
            return new Interval(low, lowClosed, high, highClosed);
        }

        private static Double bound(String side, String text) {
            if (side.isBlank()) {
                return null;
            }
            try {
                double v = Double.parseDouble(side.strip());
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new RuleSpecException("domain", "'" + text + "': '" + side.strip() + "' is not a finite number");
            }
        }

        /** {@code <Name>Function}. */
        public String functionClass() {
            return name + "Function";
        }

        /** The parameters as the generated code names them: {@code param_<name>}. */
        List<String> javaParameters() {
            return function.parameters().stream().map(UserFunctionEmitter::javaName).toList();
        }

        /** f with every parameter renamed to its {@link #javaParameters} name. */
        Expr renamed(Expr e) {
            Map<String, Expr> names = new LinkedHashMap<>();
            for (String p : function.parameters()) {
                names.put(p, Expr.variable(javaName(p)));
            }
            return names.isEmpty() ? e : e.substitute(names);
        }

        /** The formula library's view: f with its divided differences in {@link #functionClass}. */
        public ScalarFunction scalarFunction() {
            String owner = packageName.equals(RuntimeTypes.GENERATED_PACKAGE) ? functionClass()
                    : (packageName.isEmpty() ? "" : packageName + ".") + functionClass();
            return MatrixFunctions.user(name, "the user's f(x) = " + function.text().strip(),
                    Simplifier.simplify(renamed(function.f())), javaParameters(), owner);
        }
    }

    static String javaName(String parameter) {
        return "param_" + parameter;
    }

    /**
     * Every class of the function: {@code <Name>Function}, {@code MatrixFunction2<Name>} to
     * {@code MatrixFunction4<Name>} and {@code MatrixFunctionGeneral<Name>}.
     *
     * @param user the function
     * @return the files, in that order
     */
    public static List<JavaFile> emit(UserFunction user) {
        ScalarFunction f = user.scalarFunction();
        List<JavaFile> files = new ArrayList<>();
        files.add(functionClass(user, f));
        for (int n : MatrixFunctionEmitter.SIZES) {
            files.add(MatrixFunctionEmitter.emit(n, f, user.packageName()));
        }
        files.add(GeneralEmitter.emitMatrixFunction(f, user.packageName(),
                MatrixFunctionEmitter.className(RuleSpec.GENERAL, f)));
        return files;
    }

    private static JavaFile functionClass(UserFunction user, ScalarFunction f) {
        List<String> params = user.javaParameters();
        ClassName self = ClassName.get(user.packageName(), user.functionClass());
        SpectralFunction sf = user.function();
        Expr fx = f.f();
        Expr derivative = ReverseMode.gradient(fx, List.of(ExpressionParser.X)).get(ExpressionParser.X);
        derivative = derivative == null ? Expr.ZERO : Simplifier.simplify(derivative);
        TypeSpec.Builder type = TypeSpec.classBuilder(user.functionClass())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeTypes.SCALAR_FUNCTION)
                .addSuperinterfaces(user.supertype() == null ? List.of() : List.of(user.supertype()))
                .addJavadoc("The user's spectral function $L: f(x) = {@code $L}$L, on the domain $L (docs/math.md section "
                        + "14). f, f' and the Taylor series of f are generated code; f[1] and f[2] follow by the runtime's "
                        + "recipe ({@code SpectralDifferences}), exact at ties; {@code MatrixFunction.of(new $L(...))} "
                        + "gives f(M) and its exact gradients, by {@code MatrixFunction<n>$L} (n = 2, 3, 4) and "
                        + "{@code MatrixFunctionGeneral$L}.\n", user.name(), javadocSafe(sf.text().strip()),
                        sf.parameters().isEmpty() ? "" : " with the parameters " + String.join(", ", sf.parameters()),
                        domainText(sf.domain()), user.functionClass(), user.name(), user.name())
                .addAnnotation(GeneratedFiles.generated(UserFunctionEmitter.class, "function=" + user.name()
                        + ", expression=" + sf.text().strip()))
                .addField(FieldSpec.builder(String.class, "EXPRESSION", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The expression this class was generated from.\n")
                        .initializer("$S", sf.text().strip()).build());
        for (String p : params) {
            type.addField(double.class, p, Modifier.PRIVATE, Modifier.FINAL);
        }
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("f with its parameters' values$L.\n", params.isEmpty() ? " (it has none)" : "");
        for (int i = 0; i < params.size(); i++) {
            constructor.addParameter(double.class, params.get(i));
            constructor.addJavadoc("\n@param $N the parameter $L of f", params.get(i), sf.parameters().get(i));
        }
        if (!params.isEmpty()) {
            constructor.addJavadoc("\n");
            constructor.addStatement("checkParameters($L)", String.join(", ", params));
            for (String p : params) {
                constructor.addStatement("this.$N = $N", p, p);
            }
        }
        type.addMethod(constructor.build());
        type.addMethod(checkParameters(user, f));
        String args = params.isEmpty() ? "" : ", " + String.join(", ", params);
        type.addMethod(ScalarFunctionEmitter.method(ElementType.DOUBLE, "evaluate", "f(x) = " + javadocSafe(sf.text().strip()),
                List.of("x"), params, fx));
        type.addMethod(ScalarFunctionEmitter.method(ElementType.DOUBLE, "derivative", "f'(x), derived and simplified",
                List.of("x"), params, derivative));
        type.addMethod(taylor(user, fx));
        type.addMethod(checkValue(user, f));
        type.addMethod(checkValues(user));
        type.addMethod(MethodSpec.methodBuilder("firstDifference").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double.class).addParameter(double.class, "a").addParameter(double.class, "b")
                .addParameters(doubles(params))
                .addJavadoc("f[1](a, b) = (f(a) - f(b)) / (a - b), f'(a) at a tie, by the runtime's recipe.\n\n"
                        + "@param a an eigenvalue in the domain\n@param b an eigenvalue in the domain\n$L"
                        + "@return f[1](a, b)\n", paramDocs(user))
                .addStatement("return $T.first(new $T($L), a, b)", RuntimeTypes.SPECTRAL_DIFFERENCES, self,
                        String.join(", ", params)).build());
        type.addMethod(MethodSpec.methodBuilder("secondDifference").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double.class).addParameter(double.class, "a").addParameter(double.class, "b")
                .addParameter(double.class, "c").addParameters(doubles(params))
                .addJavadoc("f[2](a, b, c), symmetric, f''(a)/2 at a triple tie, by the runtime's recipe.\n\n"
                        + "@param a an eigenvalue in the domain\n@param b an eigenvalue in the domain\n"
                        + "@param c an eigenvalue in the domain\n$L@return f[2](a, b, c)\n", paramDocs(user))
                .addStatement("return $T.second(new $T($L), a, b, c)", RuntimeTypes.SPECTRAL_DIFFERENCES, self,
                        String.join(", ", params)).build());
        type.addMethod(override("name", TypeName.get(String.class)).addStatement("return $S", user.name()).build());
        type.addMethod(override("value", TypeName.DOUBLE).addParameter(double.class, "x")
                .addStatement("return evaluate(x$L)", args).build());
        type.addMethod(override("taylor", ArrayTypeName.of(TypeName.DOUBLE)).addParameter(double.class, "x0")
                .addParameter(int.class, "order").addStatement("return series(x0, order$L)", args).build());
        type.addMethod(override("checkDomain", TypeName.VOID).addParameter(int.class, "index")
                .addParameter(double.class, "x").addStatement("checkValue(index, x$L)", args).build());
        type.addMethod(dispatch(user, f, "gradient", List.of("functionBar", "gradient"), args));
        type.addMethod(dispatch(user, f, "hessianVector", List.of("functionBar", "tangent", "gradientDot"), args));
        MethodSpec.Builder text = override("toString", TypeName.get(String.class));
        if (params.isEmpty()) {
            text.addStatement("return $S", user.name() + ": f(x) = " + sf.text().strip());
        } else {
            CodeBlock.Builder values = CodeBlock.builder().add("return $S", user.name() + ": f(x) = " + sf.text().strip()
                    + " with ");
            for (int i = 0; i < params.size(); i++) {
                values.add(" + $S + $N", (i > 0 ? ", " : "") + sf.parameters().get(i) + " = ", params.get(i));
            }
            text.addStatement(values.build());
        }
        type.addMethod(text.build());
        return GeneratedFiles.file(user.packageName(), type.build(), UserFunctionEmitter.class,
                " the expression " + sf.text().strip());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    private static List<com.palantir.javapoet.ParameterSpec> doubles(List<String> names) {
        return names.stream().map(n -> com.palantir.javapoet.ParameterSpec.builder(double.class, n).build()).toList();
    }

    private static String paramDocs(UserFunction user) {
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < user.javaParameters().size(); i++) {
            docs.append("@param ").append(user.javaParameters().get(i)).append(" the parameter ")
                    .append(user.function().parameters().get(i)).append(" of f\n");
        }
        return docs.toString();
    }

    /** The Taylor series of f about x0, one {@code TaylorSeries} operation per node of f. */
    private static MethodSpec taylor(UserFunction user, Expr fx) {
        CodeBlock.Builder body = CodeBlock.builder();
        Map<Expr, String> names = new IdentityHashMap<>();
        int[] counter = {0};
        String result = series(fx, names, counter, body);
        body.addStatement("return $N", result);
        return MethodSpec.methodBuilder("series").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ArrayTypeName.of(TypeName.DOUBLE)).addParameter(double.class, "x0")
                .addParameter(int.class, "order").addParameters(doubles(user.javaParameters()))
                .addJavadoc("The Taylor coefficients of f about x0: {@code c[k] = f^(k)(x0) / k!}, k = 0..order, by "
                        + "the recurrences of {@code TaylorSeries} ($L operations).\n\n@param x0 the point, in the domain\n"
                        + "@param order the highest coefficient, at least 1\n$L@return the coefficients\n",
                        counter[0], paramDocs(user))
                .addCode(body.build()).build();
    }

    private static String series(Expr e, Map<Expr, String> names, int[] counter, CodeBlock.Builder body) {
        String known = names.get(e);
        if (known != null) {
            return known;
        }
        ClassName ts = RuntimeTypes.TAYLOR_SERIES;
        CodeBlock value;
        switch (e.op()) {
            case CONSTANT -> value = CodeBlock.of("$T.constant($L, order)", ts, JavaValues.literal(e.value()));
            case VARIABLE -> value = e.name().equals(ExpressionParser.X) ? CodeBlock.of("$T.variable(x0, order)", ts)
                    : CodeBlock.of("$T.constant($N, order)", ts, e.name());
            case SUM, PRODUCT -> {
                String acc = series(e.argument(0), names, counter, body);
                for (int i = 1; i < e.arguments().size() - 1; i++) {
                    String next = series(e.argument(i), names, counter, body);
                    String t = "s" + counter[0]++;
                    body.addStatement("final double[] $N = $T.$L($N, $N)", t, ts, e.op() == Op.SUM ? "add" : "multiply",
                            acc, next);
                    acc = t;
                }
                String last = series(e.argument(e.arguments().size() - 1), names, counter, body);
                value = CodeBlock.of("$T.$L($N, $N)", ts, e.op() == Op.SUM ? "add" : "multiply", acc, last);
            }
            case NEGATE -> value = CodeBlock.of("$T.negate($N)", ts, series(e.argument(0), names, counter, body));
            case QUOTIENT -> {
                String a = series(e.argument(0), names, counter, body);
                String b = series(e.argument(1), names, counter, body);
                value = CodeBlock.of("$T.divide($N, $N)", ts, a, b);
            }
            case POWER -> value = CodeBlock.of("$T.integerPower($N, $L)", ts, series(e.argument(0), names, counter, body),
                    e.exponent());
            case REAL_POWER -> {
                String base = series(e.argument(0), names, counter, body);
                Expr y = e.argument(1);
                if (y.op() == Op.CONSTANT) {
                    value = CodeBlock.of("$T.power($N, $L)", ts, base, JavaValues.literal(y.value()));
                } else if (!y.variableNames().contains(ExpressionParser.X)) {
                    String exponent = "y" + counter[0]++;
                    ScalarFunctionEmitter.assign(ElementType.DOUBLE, exponent, y, parameterScope(y), new NameAllocator(),
                            body);
                    value = CodeBlock.of("$T.power($N, $N)", ts, base, exponent);
                } else {
                    value = CodeBlock.of("$T.power($N, $N)", ts, base, series(y, names, counter, body));
                }
            }
            case SQRT, EXP, EXPM1, LOG, LOG1P, SIN, COS, SINH, COSH, TANH, ATAN -> value = CodeBlock.of("$T.$L($N)", ts,
                    e.op().name().toLowerCase(java.util.Locale.ROOT), series(e.argument(0), names, counter, body));
            default -> throw new RuleSpecException("expression", "no Taylor series for " + e.op() + " in a user's function");
        }
        String name = "s" + counter[0]++;
        body.addStatement("final double[] $N = $L", name, value);
        names.put(e, name);
        return name;
    }

    /** The parameters (the only variables of {@code e}) by their own names. */
    private static Map<Expr, String> parameterScope(Expr e) {
        Map<Expr, String> scope = new IdentityHashMap<>();
        for (String v : e.variableNames()) {
            scope.put(Expr.variable(v), v);
        }
        return scope;
    }

    /** Finite parameters, and the conditions of the domain on the parameters alone. */
    private static MethodSpec checkParameters(UserFunction user, ScalarFunction f) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkParameters").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameters(doubles(user.javaParameters()))
                .addJavadoc("Fails with {@code invalid-option} if a parameter is not finite or breaks a condition of the "
                        + "domain on the parameters alone.\n\n$L", paramDocs(user));
        ClassName problem = RuntimeTypes.INVALID_INPUT.nestedClass("Problem");
        for (int i = 0; i < user.javaParameters().size(); i++) {
            String p = user.javaParameters().get(i);
            m.beginControlFlow("if (!$T.isFinite($N))", Double.class, p)
                    .addStatement("throw new $T($T.INVALID_OPTION, $S + $N)", RuntimeTypes.INVALID_INPUT, problem,
                            "parameter " + user.function().parameters().get(i) + " of " + user.name() + " is ", p)
                    .endControlFlow();
        }
        int k = 0;
        for (Domain.Condition c : user.function().domain().conditions()) {
            Expr argument = user.renamed(c.argument());
            if (argument.variableNames().contains(ExpressionParser.X)) {
                continue;
            }
            String name = "condition" + k++;
            CodeBlock.Builder body = CodeBlock.builder();
            ScalarFunctionEmitter.assign(ElementType.DOUBLE, name, argument, parameterScope(argument), allocator(user),
                    body);
            m.addCode(body.build());
            m.beginControlFlow("if (!($L))", holds(c.kind(), name))
                    .addStatement("throw new $T($T.INVALID_OPTION, $S + $N)", RuntimeTypes.INVALID_INPUT, problem,
                            "the parameters leave no domain: the " + c.where() + " at column " + c.column() + " needs "
                                    + javadocSafe(c.argument().toString()) + " " + c.kind().text() + ", which is ", name)
                    .endControlFlow();
        }
        return m.build();
    }

    private static NameAllocator allocator(UserFunction user) {
        NameAllocator allocator = new NameAllocator();
        for (String p : user.javaParameters()) {
            allocator.newName(p, p);
        }
        allocator.newName("x", "x");
        allocator.newName("index", "index");
        return allocator;
    }

    private static String holds(Domain.Kind kind, String name) {
        return switch (kind) {
            case POSITIVE -> name + " > 0.0";
            case ABOVE_MINUS_ONE -> name + " > -1.0";
            case NONZERO -> name + " != 0.0";
        };
    }

    /** One eigenvalue in the domain: finite, in the declared interval, every implied condition. */
    private static MethodSpec checkValue(UserFunction user, ScalarFunction f) {
        ClassName problem = RuntimeTypes.INVALID_INPUT.nestedClass("Problem");
        MethodSpec.Builder m = MethodSpec.methodBuilder("checkValue").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(int.class, "index").addParameter(double.class, "x")
                .addParameters(doubles(user.javaParameters()))
                .addJavadoc("Fails with {@code out-of-domain}, naming eigenvalue {@code index}, if x is not finite or "
                        + "outside the domain $L or an implied condition.\n\n@param index which eigenvalue x is\n"
                        + "@param x the eigenvalue\n$L", domainText(user.function().domain()), paramDocs(user));
        m.beginControlFlow("if (!$T.isFinite(x))", Double.class)
                .addStatement("throw new $T($T.OUT_OF_DOMAIN, $S + index + $S + x)", RuntimeTypes.INVALID_INPUT, problem,
                        "eigenvalue ", " is ").endControlFlow();
        Domain d = user.function().domain();
        List<String> tests = new ArrayList<>();
        if (d.low() != null) {
            tests.add("x " + (d.lowClosed() ? ">=" : ">") + " " + JavaValues.literal(d.low()));
        }
        if (d.high() != null) {
            tests.add("x " + (d.highClosed() ? "<=" : "<") + " " + JavaValues.literal(d.high()));
        }
        if (!tests.isEmpty()) {
            m.beginControlFlow("if (!($L))", String.join(" && ", tests))
                    .addStatement("throw new $T($T.OUT_OF_DOMAIN, $S + index + $S + x + $S)", RuntimeTypes.INVALID_INPUT,
                            problem, "eigenvalue ", " = ", " is outside the declared domain " + d.describe())
                    .endControlFlow();
        }
        int k = 0;
        NameAllocator allocator = allocator(user);
        for (Domain.Condition c : d.conditions()) {
            Expr argument = user.renamed(c.argument());
            if (!argument.variableNames().contains(ExpressionParser.X)) {
                continue; // checked once, in checkParameters
            }
            String name = allocator.newName("condition" + k++);
            Map<Expr, String> scope = parameterScope(argument);
            CodeBlock.Builder body = CodeBlock.builder();
            ScalarFunctionEmitter.assign(ElementType.DOUBLE, name, argument, scope, allocator, body);
            m.addCode(body.build());
            m.beginControlFlow("if (!($L))", holds(c.kind(), name))
                    .addStatement("throw new $T($T.OUT_OF_DOMAIN, $S + index + $S + x + $S + $N)",
                            RuntimeTypes.INVALID_INPUT, problem, "eigenvalue ", " = ", " is outside the domain: the "
                                    + c.where() + " at column " + c.column() + " needs " + c.argument() + " "
                                    + c.kind().text() + ", which is ", name)
                    .endControlFlow();
        }
        return m.build();
    }

    private static MethodSpec checkValues(UserFunction user) {
        String args = user.javaParameters().isEmpty() ? "" : ", " + String.join(", ", user.javaParameters());
        return MethodSpec.methodBuilder("checkValues").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(int.class, "n").addParameter(double[].class, "values").addParameter(int.class, "valuesOffset")
                .addParameters(doubles(user.javaParameters()))
                .addJavadoc("{@link #checkValue} for each of the n eigenvalues from {@code valuesOffset}.\n\n"
                        + "@param n how many\n@param values the eigenvalues\n@param valuesOffset the index of the first\n$L",
                        paramDocs(user))
                .beginControlFlow("for (int k = 0; k < n; k++)")
                .addStatement("checkValue(k, values[valuesOffset + k]$L)", args)
                .endControlFlow().build();
    }

    /** The gradient or Hessian-vector product by size: the straight-line classes for 2, 3, 4, loops otherwise. */
    private static MethodSpec dispatch(UserFunction user, ScalarFunction f, String method, List<String> arrays,
            String args) {
        MethodSpec.Builder m = override(method, TypeName.VOID).addParameter(int.class, "n")
                .addParameter(double[].class, "values").addParameter(double[].class, "vectors");
        StringBuilder call = new StringBuilder("values, 0, vectors, 0");
        for (String a : arrays) {
            m.addParameter(double[].class, a);
            call.append(", ").append(a).append(", 0");
        }
        m.beginControlFlow("switch (n)");
        for (int n : MatrixFunctionEmitter.SIZES) {
            m.addStatement("case $L -> $T.$L($L$L)", n, ClassName.get(user.packageName(),
                    MatrixFunctionEmitter.className(n, f)), method, call, args);
        }
        m.addStatement("default -> $T.$L(n, $L$L, null)", ClassName.get(user.packageName(),
                MatrixFunctionEmitter.className(RuleSpec.GENERAL, f)), method, call, args);
        return m.endControlFlow().build();
    }

    /** The declared interval and the implied conditions, as Javadoc text. */
    static String domainText(Domain d) {
        StringBuilder text = new StringBuilder(d.describe());
        for (Domain.Condition c : d.conditions()) {
            text.append(", ").append(javadocSafe(c.argument().toString())).append(' ').append(c.kind().text())
                    .append(" (the ").append(c.where()).append(')');
        }
        return text.toString().replace(">", "&gt;").replace("<", "&lt;");
    }

    /** Text safe inside Javadoc: no comment end, no HTML. */
    static String javadocSafe(String text) {
        return text.replace("*/", "* /").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("@", "&#64;");
    }
}
