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
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptive;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code problem = generalized} (docs/math.md section 12): the rule implements
 * {@code GeneralizedPullbackRule} (or {@code GeneralizedPushforwardRule}), compiles without
 * warnings, and its generalised method equals the runtime's rule of the same spec lifted by
 * {@code GeneralizedRules}, bit for bit; float is refused by name.
 */
class GeneralizedRuleSpecTest {
    @Test
    void generalizedRulesLiftTheirOwnMethod() throws Exception {
        RuleSpec pullback = RuleSpec.builder().size(3).generalized(true).className("com.example.g.Eigh3Generalized")
                .build();
        RuleSpec pushforward = RuleSpec.builder().size(RuleSpec.GENERAL).direction(RuleSpec.Direction.PUSHFORWARD)
                .method(RuleSpec.Method.ADAPTIVE).generalized(true).className("com.example.g.JvpGeneralized").build();
        assertTrue(pullback.parameters().endsWith("problem=generalized"), pullback.parameters());
        Compilation compilation = EmittedRulesTest.compile(List.of(pullback, pushforward));
        assertThat(compilation).succeededWithoutWarnings();
        ClassLoader loader = EmittedRulesTest.load(compilation);
        GeneralizedPullbackRule back = (GeneralizedPullbackRule) loader.loadClass(pullback.className())
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
            if (n == 3) {
                double[] ga = new double[9];
                double[] gb = new double[9];
                back.pullback(e.values(), e.vectorsRowMajor(), lb, vb, ga, gb);
                double[] ra = new double[9];
                double[] rb = new double[9];
                GeneralizedRules.pullback(new Pullback3PowerIteration(), e.values(), e.vectorsRowMajor(), lb, vb, ra,
                        rb);
                assertArrayEquals(ra, ga);
                assertArrayEquals(rb, gb);
            }
            double[] valuesDot = new double[n];
            double[] vectorsDot = new double[n * n];
            forth.pushforward(e.values(), e.vectorsRowMajor(), vb, vb, valuesDot, vectorsDot);
            double[] rv = new double[n];
            double[] rd = new double[n * n];
            GeneralizedRules.pushforward(new PushforwardGeneralAdaptive(), e.values(), e.vectorsRowMajor(), vb, vb, rv,
                    rd);
            assertArrayEquals(rv, valuesDot);
            assertArrayEquals(rd, vectorsDot);
        }
    }

    @Test
    void floatIsRefusedByName() {
        RuleSpecException x = assertThrows(RuleSpecException.class, () -> RuleSpec.builder().size(3).generalized(true)
                .precision(Precision.FLOAT).className("com.example.F").build());
        assertEquals("problem", x.field());
    }
}
