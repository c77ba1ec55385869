package io.github.eigengrad.generator.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.github.eigengrad.runtime.PullbackRule;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * Rules beyond the default set (other K, eigenvalue term off, other defaults, other packages)
 * compile with {@code -Xlint:all -Werror} and compute what the reference computes.
 */
class EmittedRulesTest {
    static final String PACKAGE = "com.example.rules";

    static List<RuleSpec> userRules() {
        return List.of(
                RuleSpec.builder().size(3).iterations(5).eigenvalueTerm(false).className(PACKAGE + ".Eigh3Paper").build(),
                RuleSpec.builder().size(2).method(RuleSpec.Method.ADAPTIVE).tolerance(1e-6).maxIterations(50)
                        .className(PACKAGE + ".Eigh2Adaptive").build(),
                RuleSpec.builder().size(4).method(RuleSpec.Method.ANALYTIC).degeneracyTolerance(1e-6)
                        .className(PACKAGE + ".Eigh4Analytic").build(),
                RuleSpec.builder().size(RuleSpec.GENERAL).iterations(7).eigenvalueTerm(false)
                        .className(PACKAGE + ".EighNPaper").build(),
                RuleSpec.builder().size(3).className("Eigh3InTheDefaultPackage").build());
    }

    static Compilation compile(List<RuleSpec> rules) {
        List<JavaFileObject> sources = rules.stream()
                .map(r -> JavaFileObjects.forSourceString(r.className(), Emitters.emit(r).toString())).toList();
        return Compiler.javac().withOptions("-Xlint:all", "-Werror").compile(sources);
    }

    /**
     * A user's package may hold classes named like the types generated code uses; the rules
     * must not bind to them. These stand-ins have none of the methods, so a rule that named
     * {@code Math}, {@code Double}, {@code Arrays} or the runtime's helpers by their simple
     * name without importing them would not compile.
     */
    @Test
    void rulesDoNotBindToUserClassesOfTheSameName() {
        String pkg = "com.example.shadowed";
        List<JavaFileObject> sources = new java.util.ArrayList<>();
        for (String name : List.of("Math", "Double", "Arrays", "GeneratedRuleSupport", "PullbackReport", "Long")) {
            sources.add(JavaFileObjects.forSourceString(pkg + "." + name, "package " + pkg + "; final class " + name
                    + " {}"));
        }
        for (RuleSpec rule : List.of(
                RuleSpec.builder().size(3).className(pkg + ".Eigh3").build(),
                RuleSpec.builder().size(2).method(RuleSpec.Method.ADAPTIVE).className(pkg + ".Eigh2Adaptive").build(),
                RuleSpec.builder().size(4).method(RuleSpec.Method.ANALYTIC).className(pkg + ".Eigh4Analytic").build(),
                RuleSpec.builder().size(RuleSpec.GENERAL).method(RuleSpec.Method.ADAPTIVE).className(pkg + ".EighN")
                        .build())) {
            sources.add(JavaFileObjects.forSourceString(rule.className(), Emitters.emit(rule).toString()));
        }
        Compilation compilation = Compiler.javac().withOptions("-Xlint:all", "-Werror").compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void userRulesCompileWithoutWarnings() {
        Compilation compilation = compile(userRules());
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void userRulesComputeWhatTheReferenceComputes() throws Exception {
        ClassLoader loader = load(compile(userRules()));
        SplittableRandom random = new SplittableRandom(12);
        int checked = 0;
        for (RuleSpec spec : userRules()) {
            PullbackRule rule = (PullbackRule) loader.loadClass(spec.className()).getDeclaredConstructor().newInstance();
            int n = spec.isGeneral() ? 5 : spec.size();
            assertEquals(spec.isGeneral() ? PullbackRule.GENERAL : n, rule.size());
            for (int trial = 0; trial < 10; trial++) {
                double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, trial % 2 == 0, random), random);
                SymmetricEigendecomposition e = Losses.decompose(a);
                double[] valuesBar = TestMatrices.gaussianVector(n, random);
                double[][] vBar = TestMatrices.gaussianMatrix(n, n, random);
                ReferencePullbacks.Method method = switch (spec.method()) {
                    case POWER_ITERATION -> new ReferencePullbacks.PowerIteration((int) spec.iterations());
                    case ADAPTIVE -> new ReferencePullbacks.Adaptive(spec.tolerance(), (int) spec.maxIterations());
                    case ANALYTIC -> new ReferencePullbacks.Analytic(spec.degeneracyTolerance(), false);
                };
                RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
                RealMatrix expected = spec.method() == RuleSpec.Method.ANALYTIC
                        ? ReferencePullbacks.analytic(e.values(), v, MatrixUtils.createRealMatrix(vBar), valuesBar,
                                spec.eigenvalueTerm(), (ReferencePullbacks.Analytic) method).gradient()
                        : ReferencePullbacks.series(e.values(), v, MatrixUtils.createRealMatrix(vBar), valuesBar,
                                spec.eigenvalueTerm(), method).gradient();
                double[] gradient = new double[n * n];
                rule.pullback(e.values(), e.vectorsRowMajor(), valuesBar,
                        java.util.Arrays.stream(vBar).flatMapToDouble(java.util.Arrays::stream).toArray(), gradient);
                double diff = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        diff = Math.max(diff, Math.abs(gradient[i * n + j] - expected.getEntry(i, j)));
                    }
                }
                double scale = expected.getFrobeniusNorm();
                assertTrue(diff <= 1e-12 * scale, spec + ": " + diff / scale);
                checked++;
            }
        }
        assertEquals(50, checked);
    }

    @Test
    void invalidSpecsNameTheField() {
        assertField("size", () -> RuleSpec.builder().size(1).className("a.B").build());
        assertField("size", () -> RuleSpec.builder().size(5).className("a.B").build());
        assertField("iterations", () -> RuleSpec.builder().iterations(0).className("a.B").build());
        assertField("tolerance", () -> RuleSpec.builder().tolerance(1).className("a.B").build());
        assertField("maxIterations", () -> RuleSpec.builder().maxIterations(0).className("a.B").build());
        assertField("className", () -> RuleSpec.builder().className("a.class").build());
        assertField("className", () -> RuleSpec.builder().className("1abc").build());
        assertField("className", () -> RuleSpec.builder().build());
        assertField("method", () -> RuleSpec.Method.fromId("exact"));
        RuleSpec spec = RuleSpec.builder().size(4).className("a.B").build();
        assertEquals(spec, spec.toBuilder().build());
    }

    static void assertField(String field, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, call);
        assertTrue(x.getMessage().startsWith(field + ":"), x.getMessage());
    }

    /** A class loader over the compiled class files (child first for their own names). */
    static ClassLoader load(Compilation compilation) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : compilation.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String name = f.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "").replace(".class", "").replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                classes.put(name, out.toByteArray());
            }
        }
        return new ClassLoader(EmittedRulesTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }
}
