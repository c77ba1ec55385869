package io.github.eigengrad.generator.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.GeneralN;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.testing.ValueInterpreter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The row-update transformation of loop programs, checked on the program (no Java text): it
 * rewrites exactly the products whose innermost index then reads rows, and the transformed
 * program computes every array bit for bit as the plain one does.
 */
class RowUpdatesTest {
    private static final Set<String> MATRICES = Set.of("V", "VBar", "G", "F", "X", "Vt", "Y", "aBar", "c", "A", "B",
            "Z");

    private static List<Statement> lower(List<IndexDefinition> defs, boolean transform) {
        return lower(defs, transform, RowUpdates.TILE_FROM);
    }

    /** {@code tileFrom}: the n from which matrices update two rows at a time. */
    private static List<Statement> lower(List<IndexDefinition> defs, boolean transform, int tileFrom) {
        Set<String> used = new HashSet<>();
        java.util.function.UnaryOperator<String> fresh = s -> {
            String name = s;
            for (int k = 0; !used.add(name); k++) {
                name = s + "_" + k;
            }
            return name;
        };
        LoopLowering lowering = new LoopLowering(fresh);
        lowering.name(GeneralN.N, "n");
        lowering.name(Expr.variable("K"), "K");
        RowUpdates rows = new RowUpdates(fresh, lowering::newTemporary, MATRICES::contains, tileFrom);
        List<Statement> program = new ArrayList<>();
        for (IndexDefinition d : defs) {
            List<Statement> s = lowering.define(d);
            program.addAll(transform ? rows.apply(s) : s);
        }
        return program;
    }

    private static long count(List<Statement> statements, Class<? extends Statement> kind) {
        long c = 0;
        for (Statement s : statements) {
            if (kind.isInstance(s)) {
                c++;
            }
            if (s instanceof Statement.Loop loop) {
                c += count(loop.body(), kind);
            } else if (s instanceof Statement.Unrolled u) {
                c += count(u.unrolled(), kind) + count(u.rest(), kind);
            } else if (s instanceof Statement.Branch b) {
                c += count(b.then(), kind) + count(b.otherwise(), kind);
            }
        }
        return c;
    }

    /**
     * G = V^T VBar, Y = X Vt and aBar = V Y become row updates, each summed four terms a pass
     * ({@link Statement.Unrolled}, its one store the update), and from n = 128 on two rows at a
     * time (a branch on n: the pair of rows with two stores, the row left over, and the row by
     * row updates); nothing else changes.
     */
    @Test
    void theThreeProductsOfThePullbackBecomeRowUpdates() {
        List<IndexDefinition> defs = GeneralN.pullbackDefinitions(new EigenFormulas.PowerIteration(Expr.variable("K")),
                true);
        List<Statement> plain = lower(defs, false);
        List<Statement> rows = lower(defs, true);
        assertEquals(0, count(plain, Statement.Fill.class));
        assertEquals(3, count(rows, Statement.Branch.class) - count(plain, Statement.Branch.class));
        assertEquals(3 * 4, count(rows, Statement.Fill.class));
        assertEquals(3 * 4, count(rows, Statement.Unrolled.class));
        assertEquals(count(plain, Statement.Store.class) - 3 + 3 * 4, count(rows, Statement.Store.class));
        assertEquals(plain.size(), rows.size());
    }

    /** A product whose summation index is already last in both factors stays a dot product. */
    @Test
    void aContiguousDotProductStays() {
        Expr i = Expr.variable("i");
        Expr j = Expr.variable("j");
        Expr k = Expr.variable("k");
        IndexDefinition z = IndexDefinition.of("Z", Expr.indexSum("k", Expr.ZERO, GeneralN.N.minus(Expr.ONE),
                Expr.product(Expr.entry("A", i, k), Expr.entry("B", j, k))), "i", "j");
        assertEquals(lower(List.of(z), false), lower(List.of(z), true));
        IndexDefinition rowsOfB = IndexDefinition.of("Z", Expr.indexSum("k", Expr.ZERO, GeneralN.N.minus(Expr.ONE),
                Expr.product(Expr.entry("A", i, k), Expr.entry("B", k, j))), "i", "j");
        assertNotEquals(lower(List.of(rowsOfB), false), lower(List.of(rowsOfB), true));
    }

    /** The plain and the transformed pullback programs agree to the bit on every array they write. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 9, 11})
    void rowUpdatesKeepEveryBit(int n) {
        SplittableRandom random = new SplittableRandom(40 + n);
        for (EigenFormulas.Method method : List.of(new EigenFormulas.PowerIteration(Expr.variable("K")),
                new EigenFormulas.Adaptive(Expr.constant(1e-9), Expr.constant(40)), new EigenFormulas.Analytic())) {
            List<IndexDefinition> defs = GeneralN.ruleDefinitions(method, true);
            Map<String, Object> inputs = new HashMap<>();
            double[] lambda = new double[n];
            for (int a = 0; a < n; a++) {
                lambda[a] = (n - a) + random.nextDouble();
            }
            inputs.put("lambda", lambda);
            inputs.put("lambdaBar", random.doubles(n, -1, 1).toArray());
            double[][] v = new double[n][];
            double[][] vBar = new double[n][];
            for (int a = 0; a < n; a++) {
                v[a] = random.doubles(n, -1, 1).toArray();
                vBar[a] = random.doubles(n, -1, 1).toArray();
            }
            inputs.put("V", v);
            inputs.put("VBar", vBar);
            ValueInterpreter plain = new ValueInterpreter(Map.of("K", 7.0), inputs, n);
            plain.execute(lower(defs, false));
            ValueInterpreter rows = new ValueInterpreter(Map.of("K", 7.0), inputs, n);
            rows.execute(lower(defs, true));
            ValueInterpreter tiles = new ValueInterpreter(Map.of("K", 7.0), inputs, n);
            tiles.execute(lower(defs, true, 1)); // two rows at a time at every n
            for (String array : List.of("G", "Y", "aBar")) {
                double[][] expected = (double[][]) plain.array(array);
                double[][] actual = (double[][]) rows.array(array);
                double[][] tiled = (double[][]) tiles.array(array);
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        assertEquals(Double.doubleToRawLongBits(expected[a][b]), Double.doubleToRawLongBits(tiled[a][b]),
                                method + " tiled " + array + "[" + a + "][" + b + "]");
                    }
                }
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        assertEquals(Double.doubleToRawLongBits(expected[a][b]), Double.doubleToRawLongBits(actual[a][b]),
                                method + " " + array + "[" + a + "][" + b + "]");
                    }
                }
            }
            assertTrue(((double[][]) rows.array("aBar"))[0][0] != 0.0);
        }
    }
}
