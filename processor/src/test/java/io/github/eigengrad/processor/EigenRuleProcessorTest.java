package io.github.eigengrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.eigengrad.generator.testing.Golden;
import io.github.eigengrad.runtime.PullbackRule;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EigenRuleProcessorTest {
    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new EigenRuleProcessor()).withOptions("-Xlint:all,-processing", "-Werror")
                .compile(sources);
    }

    static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceLines(name, lines);
    }

    static String contents(JavaFileObject file) {
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the classes a compilation produced (and, through the parent, the runtime). */
    static final class CompiledClasses extends ClassLoader {
        private final Map<String, JavaFileObject> classes = new HashMap<>();

        CompiledClasses(Compilation compilation) {
            super(CompiledClasses.class.getClassLoader());
            for (JavaFileObject f : compilation.generatedFiles()) {
                if (f.getKind() == JavaFileObject.Kind.CLASS) {
                    String path = f.toUri().getPath();
                    String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                            path.length() - ".class".length()).replace('/', '.');
                    classes.put(name, f);
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JavaFileObject f = classes.get(name);
            if (f == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = f.openInputStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        PullbackRule rule(String name) throws ReflectiveOperationException {
            return (PullbackRule) loadClass(name).getDeclaredConstructor().newInstance();
        }
    }

    @Test
    void interfaceGetsItsImplementationMatchingTheGoldenFile() throws Exception {
        Compilation c = compile(source("com.example.Eigh3",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenGradient;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "import io.github.eigengrad.runtime.PullbackRule;",
                "@EigenRule(size = 3, method = EigenGradient.Method.POWER_ITERATION, iterations = 19)",
                "public interface Eigh3 extends PullbackRule {}"));
        assertThat(c).succeededWithoutWarnings();
        JavaFileObject generated = c.generatedSourceFile("com.example.Eigh3Impl").orElseThrow();
        Golden.assertMatches(Path.of("src/test/resources/golden/Eigh3Impl.java"), contents(generated));
        // the generated rule is the runtime's own 3x3 power-iteration rule: identical results
        PullbackRule rule = new CompiledClasses(c).rule("com.example.Eigh3Impl");
        assertTrue(rule instanceof PullbackRule);
        assertEquals(3, rule.size());
        SplittableRandom random = new SplittableRandom(6);
        int compared = 0;
        for (int t = 0; t < 50; t++) {
            double[][] p = problem(3, random);
            double[] ours = new double[9];
            double[] expected = new double[9];
            rule.pullback(p[0], p[1], p[2], p[3], ours);
            new Pullback3PowerIteration().pullback(p[0], p[1], p[2], p[3], expected);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, ours, 0.0);
            compared++;
        }
        assertEquals(50, compared);
    }

    /** precision = FLOAT: the runtime's 3x3 float analytic pullback (default mask 1e-4), bit for bit. */
    @Test
    void floatRulesAreGeneratedWithTheFloatDefaults() throws Exception {
        Compilation c = compile(source("com.example.Eigh3f",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenGradient;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "import io.github.eigengrad.runtime.FloatPullbackRule;",
                "@EigenRule(size = 3, method = EigenGradient.Method.ANALYTIC, precision = EigenRule.Precision.FLOAT)",
                "public interface Eigh3f extends FloatPullbackRule {}"));
        assertThat(c).succeededWithoutWarnings();
        assertTrue(contents(c.generatedSourceFile("com.example.Eigh3fImpl").orElseThrow())
                .contains("DEFAULT_DEGENERACY_TOLERANCE = 1.0E-4f"));
        io.github.eigengrad.runtime.FloatPullbackRule rule = (io.github.eigengrad.runtime.FloatPullbackRule)
                new CompiledClasses(c).loadClass("com.example.Eigh3fImpl").getDeclaredConstructor().newInstance();
        SplittableRandom random = new SplittableRandom(9);
        int compared = 0;
        for (int t = 0; t < 50; t++) {
            double[][] p = problem(3, random);
            float[][] f = new float[4][];
            for (int k = 0; k < 4; k++) {
                f[k] = new float[p[k].length];
                for (int i = 0; i < p[k].length; i++) {
                    f[k][i] = (float) p[k][i];
                }
            }
            float[] ours = new float[9];
            float[] expected = new float[9];
            rule.pullback(f[0], f[1], f[2], f[3], ours);
            new io.github.eigengrad.runtime.generated.Pullback3AnalyticFloat().pullback(f[0], f[1], f[2], f[3],
                    expected);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, ours, 0.0f);
            compared++;
        }
        assertEquals(50, compared);
        // a double signature on a float rule is named
        Compilation bad = compile(source("com.example.Bad",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = 3, precision = EigenRule.Precision.FLOAT)",
                "interface Bad extends io.github.eigengrad.runtime.PullbackRule {}"));
        assertThat(bad).hadErrorContaining("declares abstract method pullback(double[],");
    }

    /** direction = PUSHFORWARD: the runtime's 3x3 analytic pushforward, bit for bit. */
    @Test
    void pushforwardRulesAreGeneratedToo() throws Exception {
        Compilation c = compile(source("com.example.Jvp3",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenGradient;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "import io.github.eigengrad.runtime.PushforwardRule;",
                "@EigenRule(size = 3, method = EigenGradient.Method.ANALYTIC, direction = EigenRule.Direction.PUSHFORWARD)",
                "public interface Jvp3 extends PushforwardRule {}"));
        assertThat(c).succeededWithoutWarnings();
        io.github.eigengrad.runtime.PushforwardRule rule = (io.github.eigengrad.runtime.PushforwardRule)
                new CompiledClasses(c).loadClass("com.example.Jvp3Impl").getDeclaredConstructor().newInstance();
        assertEquals(3, rule.size());
        SplittableRandom random = new SplittableRandom(8);
        int compared = 0;
        for (int t = 0; t < 50; t++) {
            double[][] p = problem(3, random);
            double[] valuesDot = new double[3];
            double[] vectorsDot = new double[9];
            double[] expectedValues = new double[3];
            double[] expectedVectors = new double[9];
            rule.pushforward(p[0], p[1], p[3], valuesDot, vectorsDot);
            new io.github.eigengrad.runtime.generated.Pushforward3Analytic().pushforward(p[0], p[1], p[3],
                    expectedValues, expectedVectors);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expectedValues, valuesDot, 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expectedVectors, vectorsDot, 0.0);
            compared++;
        }
        assertEquals(50, compared);
    }

    @Test
    void abstractClassGetsASubclassForGeneralN() throws Exception {
        Compilation c = compile(source("com.example.rules.AdaptiveRule",
                "package com.example.rules;",
                "import io.github.eigengrad.runtime.EigenGradient.Method;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = EigenRule.GENERAL, method = Method.ADAPTIVE, tolerance = 1e-12, maxIterations = 500)",
                "public abstract class AdaptiveRule {",
                "    public String describe() { return \"adaptive \" + size(); }",
                "    public abstract int size();",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        String text = contents(c.generatedSourceFile("com.example.rules.AdaptiveRuleImpl").orElseThrow());
        assertTrue(text.contains("public final class AdaptiveRuleImpl extends AdaptiveRule implements PullbackRule"), text);
        assertTrue(text.contains("DEFAULT_TOLERANCE = 1.0E-12") && text.contains("DEFAULT_MAX_ITERATIONS = 500L"), text);
        PullbackRule rule = new CompiledClasses(c).rule("com.example.rules.AdaptiveRuleImpl");
        assertEquals(PullbackRule.GENERAL, rule.size());
        SplittableRandom random = new SplittableRandom(8);
        for (int n : new int[] {2, 5, 7}) {
            double[][] p = problem(n, random);
            double[] ours = new double[n * n];
            double[] expected = new double[n * n];
            rule.pullback(p[0], p[1], p[2], p[3], ours);
            PullbackGeneralAdaptive.pullback(n, p[0], 0, p[1], 0, p[2], 0, p[3], 0, expected, 0, 1e-12, 500, null, null);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, ours, 0.0);
        }
    }

    /** Descending values, an orthonormal V (a product of rotations), cotangents. */
    static double[][] problem(int n, SplittableRandom random) {
        double[] values = new double[n];
        double v = 3;
        for (int i = 0; i < n; i++) {
            v -= 0.1 + random.nextDouble();
            values[i] = v;
        }
        double[] vectors = new double[n * n];
        for (int i = 0; i < n; i++) {
            vectors[i * n + i] = 1;
        }
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                double angle = random.nextDouble(-Math.PI, Math.PI);
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                for (int r = 0; r < n; r++) {
                    double x = vectors[r * n + p];
                    double y = vectors[r * n + q];
                    vectors[r * n + p] = c * x - s * y;
                    vectors[r * n + q] = s * x + c * y;
                }
            }
        }
        double[] valuesBar = new double[n];
        double[] vectorsBar = new double[n * n];
        for (int i = 0; i < n; i++) {
            valuesBar[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < n * n; i++) {
            vectorsBar[i] = random.nextDouble(-1, 1);
        }
        return new double[][] {values, vectors, valuesBar, vectorsBar};
    }

    /** Each misuse is one error, on the line of the offending declaration or attribute. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "enum|@EigenRule(size = 3) enum Bad { A }|not on enum Bad|enum Bad",
        "record|@EigenRule(size = 3) record Bad(int x) {}|not on record Bad|record Bad",
        "annotation|@EigenRule(size = 3) @interface Bad {}|not on annotation type Bad|@interface Bad",
        "concrete class|@EigenRule(size = 3) class Bad {}|Bad is a concrete class|class Bad",
        "final class|@EigenRule(size = 3) final class Bad {}|Bad is a concrete class|final class Bad",
        "no no-arg constructor|@EigenRule(size = 3) abstract class Bad { Bad(int x) {} }|needs a constructor without arguments|abstract class Bad",
        "generic|@EigenRule(size = 3) interface Bad<T> {}|has type parameters|interface Bad",
        "final size|@EigenRule(size = 3) abstract class Bad { public final int size() { return 3; } }|has a final size()|abstract class Bad",
        "final pullback|@EigenRule(size = 3) abstract class Bad { public final void pullback(double[] a, double[] b, double[] c, double[] d, double[] e) {} }|has a final pullback(|abstract class Bad",
        "default long size|@EigenRule(size = 3) interface Bad { default long size() { return 3; } }|size() returning long|interface Bad",
        "final pushforward|@EigenRule(size = 3, direction = EigenRule.Direction.PUSHFORWARD) abstract class Bad { public final void pushforward(double[] a, double[] b, double[] c, double[] d, double[] e) {} }|has a final pushforward(|abstract class Bad",
        "pullback on a pushforward|@EigenRule(size = 3, direction = EigenRule.Direction.PUSHFORWARD) interface Bad extends io.github.eigengrad.runtime.PullbackRule {}|declares abstract method pullback(|interface Bad",
        "static size|@EigenRule(size = 3) abstract class Bad { static int size() { return 3; } }|has a static size()|abstract class Bad",
        "sealed|@EigenRule(size = 3) sealed interface Bad permits Bad.X { final class X implements Bad {} }|is sealed|sealed interface Bad",
        "throwing constructor|@EigenRule(size = 3) abstract class Bad { Bad() throws Exception {} }|without checked exceptions|abstract class Bad",
        "foreign abstract method|@EigenRule(size = 3) interface Bad { double norm(); }|declares abstract method norm()|interface Bad",
        "size 1|@EigenRule(size = 1) interface Bad {}|size: must be 2, 3, 4 or general, got 1|size = 1",
        "size 5|@EigenRule(size = 5) interface Bad {}|size: must be 2, 3, 4 or general, got 5|size = 5",
        "K = 0|@EigenRule(size = 3,\\n iterations = 0) interface Bad {}|iterations: K must be from 1 to 2^53, got 0|iterations = 0",
        "tolerance 1|@EigenRule(size = 3,\\n tolerance = 1.0) interface Bad {}|tolerance: must be in (0, 1), got 1.0|tolerance = 1.0",
        "Kmax 0|@EigenRule(size = 3,\\n maxIterations = 0) interface Bad {}|maxIterations: must be from 1 to 2^53, got 0|maxIterations = 0",
        "degeneracy -1|@EigenRule(size = 3,\\n degeneracyTolerance = -1) interface Bad {}|degeneracyTolerance: must be in [0, 1), got -1.0|degeneracyTolerance = -1",
    })
    void misuseIsAnErrorOnTheOffendingElement(String name, String declaration, String message, String line) {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;"));
        lines.addAll(java.util.List.of(declaration.split("\\\\n")));
        JavaFileObject file = source("com.example.Bad", lines.toArray(new String[0]));
        Compilation c = compile(file);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
    }

    @Test
    void innerClassesMustBeStatic() {
        JavaFileObject file = source("com.example.Outer",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "public class Outer {",
                "    @EigenRule(size = 2) abstract class Inner {}",
                "    @EigenRule(size = 2) public abstract static class Nested {}",
                "}");
        Compilation c = compile(file);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("Inner is an inner class; make it static").inFile(file)
                .onLineContaining("abstract class Inner");
    }

    @Test
    void aTypeNestedInAPrivateTypeIsAnError() {
        JavaFileObject file = source("com.example.Outer",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "public class Outer {",
                "    private static class Hidden {",
                "        @EigenRule(size = 2) public interface Rule {}",
                "    }",
                "}");
        Compilation c = compile(file);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("nested in the private type Hidden").inFile(file)
                .onLineContaining("interface Rule");
    }

    /** A constructor declaring only unchecked exceptions can still be called. */
    @Test
    void aConstructorThrowingUncheckedExceptionsIsFine() {
        Compilation c = compile(source("com.example.Fine",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = 2) public abstract class Fine { protected Fine() throws IllegalStateException {} }"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void staticNestedTypesAreServed() {
        Compilation c = compile(source("com.example.Holder",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "public class Holder {",
                "    @EigenRule(size = 2) public abstract static class Nested {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        String text = contents(c.generatedSourceFile("com.example.NestedImpl").orElseThrow());
        assertTrue(text.contains("public final class NestedImpl extends Holder.Nested implements PullbackRule"), text);
    }

    /** {@code @EigenRule(problem = GENERALIZED)}: the rule also serves A v = lambda B v (docs/math.md section 12). */
    @Test
    void aGeneralizedRule() throws Exception {
        Compilation c = compile(source("com.example.Pair",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = 3, problem = EigenRule.Problem.GENERALIZED)",
                "public interface Pair {}"));
        assertThat(c).succeededWithoutWarnings();
        Object rule = new CompiledClasses(c).loadClass("com.example.PairImpl").getConstructor()
                .newInstance();
        assertTrue(rule instanceof io.github.eigengrad.runtime.GeneralizedPullbackRule, rule.getClass().toString());
    }

    /**
     * {@code @EigenRule(field = COMPLEX)}: a rule for complex Hermitian matrices (docs/math.md
     * section 13), the runtime's own complex rule bit for bit; in float the attribute is refused
     * by name.
     */
    @Test
    void aComplexRule() throws Exception {
        Compilation c = compile(source("com.example.Herm",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = EigenRule.GENERAL, field = EigenRule.Field.COMPLEX)",
                "public interface Herm {}"));
        assertThat(c).succeededWithoutWarnings();
        io.github.eigengrad.runtime.HermitianPullbackRule rule = (io.github.eigengrad.runtime.HermitianPullbackRule)
                new CompiledClasses(c).loadClass("com.example.HermImpl").getConstructor().newInstance();
        double[] values = {3, 1};
        double[] vectors = {1, 0, 0, 0, 0, 0, 1, 0};
        double[] valuesBar = {0.5, -1};
        double[] vectorsBar = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
        double[] mine = new double[8];
        double[] runtime = new double[8];
        rule.pullback(values, vectors, valuesBar, vectorsBar, mine);
        new io.github.eigengrad.runtime.generated.PullbackGeneralPowerIterationComplex().pullback(values, vectors,
                valuesBar, vectorsBar, runtime);
        assertTrue(java.util.Arrays.equals(runtime, mine), java.util.Arrays.toString(mine));
        Compilation single = compile(source("com.example.HermF",
                "package com.example;",
                "import io.github.eigengrad.runtime.EigenRule;",
                "@EigenRule(size = 3, field = EigenRule.Field.COMPLEX, precision = EigenRule.Precision.FLOAT)",
                "public interface HermF {}"));
        assertThat(single).failed();
        assertThat(single).hadErrorContaining("complex rules are double only");
    }
}
