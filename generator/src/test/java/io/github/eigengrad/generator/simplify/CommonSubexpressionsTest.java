package io.github.eigengrad.generator.simplify;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static io.github.eigengrad.generator.expr.Expr.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.testing.RandomExpressions;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {
    static final Expr X = variable("x");
    static final Expr Y = variable("y");

    @Test
    void sharedNodesBecomeTemporariesInTopologicalOrder() {
        Expr s = X.plus(Y);
        Expr r = Expr.sqrt(s);
        Expr out1 = Expr.product(r, Expr.exp(r), s);
        Expr out2 = r.plus(constant(1));
        CommonSubexpressions cse = CommonSubexpressions.of(List.of(out1, out2));
        assertEquals(List.of(s, r), cse.temporaries(), "s is used twice, r three times; s first");
        assertTrue(cse.isTemporary(r));
        assertTrue(!cse.isTemporary(out1) && !cse.isTemporary(X), "single uses and leaves are inlined");
    }

    @Test
    void anOutputUsedInsideAnotherIsATemporary() {
        Expr s = X.plus(Y);
        CommonSubexpressions cse = CommonSubexpressions.of(List.of(s, Expr.exp(s)));
        assertEquals(List.of(s), cse.temporaries());
    }

    /** On random DAGs: every temporary is used at least twice and follows every temporary it contains. */
    @Test
    void temporariesAreSharedAndOrdered() {
        RandomExpressions random = new RandomExpressions(42);
        for (int i = 0; i < 2000; i++) {
            List<Expr> outputs = List.of(random.next(6), random.next(6));
            CommonSubexpressions cse = CommonSubexpressions.of(outputs);
            Map<Expr, Integer> position = new IdentityHashMap<>();
            for (Expr t : cse.temporaries()) {
                assertTrue(t.arity() > 0);
                for (Expr inner : descendants(t)) {
                    if (cse.isTemporary(inner)) {
                        assertTrue(position.containsKey(inner), "temporary used before it is defined");
                    }
                }
                position.put(t, position.size());
            }
            assertEquals(cse.temporaries().size(), position.size(), "no temporary listed twice");
            assertTrue(OpCount.ofDag(outputs).total() <= OpCount.ofTree(outputs).total());
        }
    }

    static List<Expr> descendants(Expr e) {
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        collect(e, seen);
        seen.remove(e);
        return List.copyOf(seen.keySet());
    }

    private static void collect(Expr e, Map<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) == null) {
            e.arguments().forEach(a -> collect(a, seen));
        }
    }

    @Test
    void opCountsOfTreeAndDag() {
        Expr s = X.plus(Y);                                   // 1 add
        Expr r = Expr.sqrt(s);                                // 1 call
        Expr e = Expr.product(r, r.plus(constant(1)), Expr.quotient(r, Y), Expr.power(X, -5));
        // tree: r three times (3 add, 3 call), r + 1 (1 add), / (1 div), x^-5 (2 squarings + 1 mul, 1 div), product of 4 (3 mul)
        assertEquals(new OpCount(4, 6, 2, 3, 0), OpCount.ofTree(List.of(e)));
        // dag: r once
        assertEquals(new OpCount(2, 6, 2, 1, 0), OpCount.ofDag(List.of(e)));
        assertEquals(new OpCount(1, 0, 0, 0, 1), OpCount.ofDag(List.of(
                Expr.select(X, io.github.eigengrad.generator.expr.Comparison.EQ, Y, X.negated(), Y))));
    }

    @Test
    void countsSaturateInsteadOfOverflowing() {
        OpCount huge = new OpCount(Long.MAX_VALUE - 1, 5, 0, 0, 0);
        OpCount sum = huge.plus(new OpCount(10, 1, 0, 0, 0));
        assertEquals(Long.MAX_VALUE, sum.additions());
        assertEquals(6, sum.multiplications());
        assertEquals(Long.MAX_VALUE, sum.total());
    }
}
