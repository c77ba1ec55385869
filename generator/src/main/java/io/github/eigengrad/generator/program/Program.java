package io.github.eigengrad.generator.program;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A scheduled straight-line program: loads, temporaries and results in the order they run,
 * each value a {@link Value} tree in its order of evaluation. It is built once per rule from
 * the formula's expressions (common subexpressions become temporaries) and printed by every
 * backend, so the backends compute the same operations by construction.
 */
public record Program(ElementType elementType, List<Statement> statements) {
    public Program {
        statements = List.copyOf(statements);
    }

    public static Builder builder(ElementType elementType, UnaryOperator<String> newName) {
        return new Builder(elementType, newName);
    }

    /** The loads, in order. */
    public List<Statement.Load> loads() {
        return statements.stream().filter(Statement.Load.class::isInstance).map(Statement.Load.class::cast).toList();
    }

    /**
     * The nodes that must be temporaries whatever their number of uses: the non-leaf bases of
     * constant powers (written as repeated multiplications of a name) and the selects with a
     * branch that calls the math library, found from the top without entering such a branch (a
     * backend without those calls, such as SIMD lanes, computes that branch apart). The outputs
     * themselves are not in the set.
     */
    public static Set<Expr> namedNodes(List<Expr> outputs) {
        Set<Expr> named = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Expr> stack = new ArrayDeque<>(outputs);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (seen.add(e)) {
                if (e.op() == Op.POWER && e.argument(0).arity() > 0) {
                    named.add(e.argument(0));
                }
                stack.addAll(e.arguments());
            }
        }
        seen.clear();
        stack.addAll(outputs);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (!seen.add(e)) {
                continue;
            }
            if (e.op() == Op.SELECT && (callsLibrary(e.argument(2)) || callsLibrary(e.argument(3)))) {
                named.add(e);
                for (int i = 0; i < 4; i++) {
                    if (i < 2 || !callsLibrary(e.argument(i))) {
                        stack.push(e.argument(i));
                    }
                }
                continue;
            }
            stack.addAll(e.arguments());
        }
        // an output is computed where it is named: forcing it would only add a copy
        for (Expr output : outputs) {
            named.remove(output);
        }
        return named;
    }

    /** True if {@code e} calls a function of the math library (not a correctly rounded IEEE operation). */
    public static boolean callsLibrary(Expr e) {
        return callsLibrary(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean callsLibrary(Expr e, Set<Expr> seen) {
        if (!seen.add(e)) {
            return false;
        }
        switch (e.op()) {
            case EXP, LOG, EXPM1, LOG1P, CEIL, REAL_POWER, CALL, SIN, COS, TANH, SINH, COSH, ATAN:
                return true;
            case POWER:
                if (Math.abs(e.exponent()) > 4) {
                    return true;
                }
                break;
            default:
                break;
        }
        for (Expr a : e.arguments()) {
            if (callsLibrary(a, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Collects the statements of a program; names come from the backend's allocator. */
    public static final class Builder {
        private final ElementType elementType;
        private final UnaryOperator<String> newName;
        private final Map<Expr, String> names = new IdentityHashMap<>();
        private final List<Statement> statements = new ArrayList<>();
        private final List<Expr> temporaryExpressions = new ArrayList<>();
        private List<Statement> current = statements;
        /** The purpose of the optional block being written, between {@link #optional} and {@link #end}. */
        private String optionalPurpose;
        private int temporaries;

        private Builder(ElementType elementType, UnaryOperator<String> newName) {
            this.elementType = elementType;
            this.newName = newName;
        }

        /** A scalar known by name (a run-time parameter): used as is, never loaded. */
        public Builder parameter(Expr variable, String name) {
            names.put(variable, name);
            return this;
        }

        /** Loads {@code variable} from {@code array[index]} (an offset is the backend's). */
        public String load(Expr variable, String array, int index) {
            String name = newName.apply(variable.name());
            names.put(variable, name);
            current.add(new Statement.Load(name, array, index));
            return name;
        }

        /** True if {@code e} has a name: a parameter, a load or a temporary. */
        public boolean isNamed(Expr e) {
            return names.containsKey(e);
        }

        /**
         * The common subexpressions of {@code roots} (and {@link #namedNodes}) not yet named, as
         * temporaries {@code <prefix><k>} in evaluation order.
         */
        public Builder temporaries(List<Expr> roots, Set<Expr> forced, String prefix) {
            for (Expr t : CommonSubexpressions.of(roots, forced).temporaries()) {
                if (!names.containsKey(t)) {
                    let(prefix + temporaries++, t);
                }
            }
            return this;
        }

        /** A temporary {@code e} named after {@code suggestion}. */
        public String let(String suggestion, Expr e) {
            String name = newName.apply(suggestion);
            current.add(new Statement.Let(name, lowering().lower(e, true)));
            names.put(e, name);
            temporaryExpressions.add(e);
            return name;
        }

        /** The expressions of the temporaries so far, in order (what a formula printer shows of the schedule). */
        public List<Expr> temporaryExpressions() {
            return List.copyOf(temporaryExpressions);
        }

        /** The name of {@code e} in this program, or null. */
        public String nameOf(Expr e) {
            return names.get(e);
        }

        /** An output of the program. */
        public Builder result(String name, Expr e) {
            current.add(new Statement.Result(name, lowering().lower(e, false)));
            return this;
        }

        /** Starts statements run only when the caller asks for {@code purpose}; {@link #end} closes them. */
        public Builder optional(String purpose) {
            if (current != statements) {
                throw new IllegalStateException("optional blocks do not nest");
            }
            current = new ArrayList<>();
            optionalPurpose = purpose;
            return this;
        }

        public Builder end() {
            if (current == statements) {
                throw new IllegalStateException("no optional block is open");
            }
            statements.add(new Statement.Optional(optionalPurpose, current));
            current = statements;
            return this;
        }

        /** The lowering with this program's names in scope. */
        public Lowering lowering() {
            return new Lowering(names::get);
        }

        public Program build() {
            if (current != statements) {
                throw new IllegalStateException("an optional block is still open");
            }
            return new Program(elementType, statements);
        }
    }
}
