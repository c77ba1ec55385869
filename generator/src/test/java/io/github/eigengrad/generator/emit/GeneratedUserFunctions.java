package io.github.eigengrad.generator.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.runtime.ScalarFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The users' functions of the tests (docs/math.md section 14), emitted by
 * {@link UserFunctionEmitter}, compiled once under {@code -Xlint:all -Werror} and loaded: the
 * functions of issue 19 (x^p for p = -0.7, 0.3 and 2.5) and the five built-ins as expressions.
 */
final class GeneratedUserFunctions {
    static final String PACKAGE = "com.example.spectral";

    /** (name, text, parameters, low, high): the test range lies inside each domain. */
    static final List<Object[]> FUNCTIONS = List.of(
            new Object[] {"Xlogx", "x*log(x)", Map.of(), 0.2, 5.0},
            new Object[] {"Log1p", "log1p(x)", Map.of(), -0.5, 5.0},
            new Object[] {"Softplus", "log(1+exp(x))", Map.of(), -4.0, 4.0},
            new Object[] {"Sigmoid", "1/(1+exp(-x))", Map.of(), -4.0, 4.0},
            new Object[] {"Tanh", "tanh(x)", Map.of(), -2.0, 2.0},
            new Object[] {"PowerNegative", "x^p", Map.of("p", -0.7), 0.2, 5.0},
            new Object[] {"PowerSmall", "x^p", Map.of("p", 0.3), 0.2, 5.0},
            new Object[] {"PowerLarge", "x^p", Map.of("p", 2.5), 0.2, 5.0},
            new Object[] {"Gaussian", "exp(-x^2)", Map.of(), -2.0, 2.0},
            new Object[] {"Hyperbola", "sqrt(x^2+1)", Map.of(), -3.0, 3.0},
            new Object[] {"Atan", "atan(x)", Map.of(), -3.0, 3.0},
            new Object[] {"Rational", "x/(x+a)", Map.of("a", 0.5), 0.01, 5.0},
            new Object[] {"Heat", "exp(-t*x)", Map.of("t", 0.7), -3.0, 3.0},
            new Object[] {"Cosh", "cosh(x)", Map.of(), -2.0, 2.0});

    /** The built-ins as expressions: (name, text, parameters). */
    static final List<Object[]> BUILT_INS = List.of(
            new Object[] {"BuiltInSqrt", "sqrt(x)", Map.of()},
            new Object[] {"BuiltInInvsqrt", "x^-0.5", Map.of()},
            new Object[] {"BuiltInLog", "log(x)", Map.of()},
            new Object[] {"BuiltInExp", "exp(x)", Map.of()},
            new Object[] {"BuiltInPow", "x^p", Map.of("p", 0.37)});

    private static ClassLoader loader;

    private GeneratedUserFunctions() {}

    /** The class loader of the compiled classes, compiled on first use. */
    static synchronized ClassLoader loader() throws Exception {
        if (loader == null) {
            List<JavaFileObject> sources = new ArrayList<>();
            List<Object[]> all = new ArrayList<>(FUNCTIONS);
            all.addAll(BUILT_INS);
            for (Object[] f : all) {
                for (JavaFile file : UserFunctionEmitter.emit(user(f))) {
                    sources.add(JavaFileObjects.forSourceString(PACKAGE + "." + file.typeSpec().name(),
                            file.toString()));
                }
            }
            Compilation compilation = Compiler.javac().withOptions("-Xlint:all", "-Werror").compile(sources);
            assertThat(compilation).succeededWithoutWarnings();
            loader = EmittedRulesTest.load(compilation);
        }
        return loader;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Double> parameters(Object[] f) {
        return (Map<String, Double>) f[2];
    }

    static UserFunctionEmitter.UserFunction user(Object[] f) {
        SpectralFunction parsed = ExpressionParser.parseSymbolic((String) f[1], new ArrayList<>(parameters(f).keySet()),
                null, false, null, false);
        return new UserFunctionEmitter.UserFunction((String) f[0], parsed, PACKAGE);
    }

    /** The generated {@code <name>Function} with the case's parameter values. */
    static ScalarFunction instance(Object[] f) throws Exception {
        Map<String, Double> p = parameters(f);
        Class<?> type = loader().loadClass(PACKAGE + "." + f[0] + "Function");
        if (p.isEmpty()) {
            return (ScalarFunction) type.getConstructor().newInstance();
        }
        return (ScalarFunction) type.getConstructor(double.class).newInstance(p.values().iterator().next());
    }

    /** The case named {@code name}. */
    static Object[] named(String name) {
        List<Object[]> all = new ArrayList<>(FUNCTIONS);
        all.addAll(BUILT_INS);
        return all.stream().filter(f -> f[0].equals(name)).findFirst().orElseThrow();
    }
}
