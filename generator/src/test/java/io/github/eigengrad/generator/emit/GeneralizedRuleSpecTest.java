package io.github.eigengrad.generator.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedPullbackRule;
import io.github.eigengrad.runtime.GeneralizedPushforwardRule;
import io.github.eigengrad.runtime.GeneralizedRules;
import io.github.eigengrad.runtime.PullbackRule;
import io.github.eigengrad.runtime.PushforwardRule;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptive;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code problem = generalized} (docs/math.md section 12): the rule implements
 * {@code GeneralizedPullbackRule} (or {@code GeneralizedPushforwardRule}) and compiles without
 * warnings. Its generalised method is the generated fused one: bit for bit the runtime's class
 * of the same spec, and within 1e-13 the runtime's standard rule lifted by
 * {@code GeneralizedRules} (two calls); float is refused by name.
 */
class GeneralizedRuleSpecTest {
    @Test
    void generalizedRulesLiftTheirOwnMethod() throws Exception {
        RuleSpec pullback = RuleSpec.builder().size(3).generalized(true).className("com.example.g.Eigh3Generalized")
                .build();
        RuleSpec pushforward = RuleSpec.builder().size(RuleSpec.GENERAL).direction(RuleSpec.Direction.PUSHFORWARD)
                .method(RuleSpec.Method.ADAPTIVE).generalized(true).className("com.example.g.JvpGeneralized").build();
        assertTrue(pullback.parameters().endsWith("problem=generalized"), pullback.parameters());
        RuleSpec general = RuleSpec.builder().size(RuleSpec.GENERAL).generalized(true)
                .className("com.example.g.EighGeneralized").build();
        Compilation compilation = EmittedRulesTest.compile(List.of(pullback, general, pushforward));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = EmittedRulesTest.load(compilation);
        GeneralizedPullbackRule back3 = (GeneralizedPullbackRule) loader.loadClass(pullback.className())
                .getConstructor().newInstance();
        GeneralizedPullbackRule backGeneral = (GeneralizedPullbackRule) loader.loadClass(general.className())
                .getConstructor().newInstance();
        GeneralizedPushforwardRule forth = (GeneralizedPushforwardRule) loader.loadClass(pushforward.className())
                .getConstructor().newInstance();
        SplittableRandom random = new SplittableRandom(8);
        EigenGradient g = EigenGradient.builder().build();
        for (int n : new int[] {3, 6}) {
            double[][] a = new double[n][n];
            double[][] b = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = random.nextDouble(-1, 1);
                    a[j][i] = a[i][j];
                    b[i][j] = (i == j ? 2 : 0) + random.nextDouble(-0.2, 0.2);
                    b[j][i] = b[i][j];
                }
            }
            GeneralizedEigendecomposition e = g.decompose(a, b);
            double[] lb = new double[n];
            double[] vb = new double[n * n];
            for (int k = 0; k < n * n; k++) {
                vb[k] = random.nextDouble(-1, 1);
            }
            lb[0] = 1;
            GeneralizedPullbackRule back = n == 3 ? back3 : backGeneral;
            GeneralizedPullbackRule runtime = n == 3 ? new Pullback3PowerIteration() : new PullbackGeneralPowerIteration();
            double[] ga = new double[n * n];
            double[] gb = new double[n * n];
            back.pullback(e.values(), e.vectorsRowMajor(), lb, vb, ga, gb);
            double[] ra = new double[n * n];
            double[] rb = new double[n * n];
            runtime.pullback(e.values(), e.vectorsRowMajor(), lb, vb, ra, rb);
            assertArrayEquals(ra, ga, "the runtime's class of the same spec");
            assertArrayEquals(rb, gb, "the runtime's class of the same spec");
            PullbackRule standard = runtime; // its standard method, lifted by two calls
            GeneralizedRules.pullback(standard, e.values(), e.vectorsRowMajor(), lb, vb, ra, rb);
            assertArrayEquals(ra, ga, 1e-13, "lifted");
            assertArrayEquals(rb, gb, 1e-13, "lifted");
            double[] valuesDot = new double[n];
            double[] vectorsDot = new double[n * n];
            forth.pushforward(e.values(), e.vectorsRowMajor(), vb, vb, valuesDot, vectorsDot);
            double[] rv = new double[n];
            double[] rd = new double[n * n];
            GeneralizedPushforwardRule runtimeForth = new PushforwardGeneralAdaptive();
            runtimeForth.pushforward(e.values(), e.vectorsRowMajor(), vb, vb, rv, rd);
            assertArrayEquals(rv, valuesDot, "the runtime's class of the same spec");
            assertArrayEquals(rd, vectorsDot, "the runtime's class of the same spec");
            PushforwardRule standardForth = runtimeForth; // its standard method, lifted by two calls
            GeneralizedRules.pushforward(standardForth, e.values(), e.vectorsRowMajor(), vb, vb, rv, rd);
            assertArrayEquals(rv, valuesDot, 1e-13, "lifted");
            assertArrayEquals(rd, vectorsDot, 1e-13, "lifted");
        }
    }

    @Test
    void floatIsRefusedByName() {
        RuleSpecException x = assertThrows(RuleSpecException.class, () -> RuleSpec.builder().size(3).generalized(true)
                .precision(Precision.FLOAT).className("com.example.F").build());
        assertEquals("problem", x.field());
    }
}
