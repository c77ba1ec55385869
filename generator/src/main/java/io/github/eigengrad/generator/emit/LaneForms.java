package io.github.eigengrad.generator.emit;

import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What SIMD lanes can compute of a program: IEEE arithmetic, sqrt, abs, min, max, the
 * run-time integer power and selects (as blends), but no call of the math library. A select
 * with one branch the lanes cannot compute takes its other branch in every lane, and the
 * lanes that need the rare branch are patched in scalar.
 */
final class LaneForms {
    private final Map<String, Value> lets = new HashMap<>();
    private final Set<String> parameters;
    private final Map<Value, Boolean> vectorizable = new IdentityHashMap<>();
    private final Map<Value, Boolean> plain = new IdentityHashMap<>();

    /** @param parameters the names of the lane-uniform scalars (run-time parameters) */
    LaneForms(Program program, Set<String> parameters) {
        this.parameters = Set.copyOf(parameters);
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Let let) {
                lets.put(let.name(), let.value());
            }
        }
    }

    /** The definition of temporary {@code name}, or null. */
    Value definition(String name) {
        return lets.get(name);
    }

    boolean isParameter(String name) {
        return parameters.contains(name);
    }

    /**
     * For a select with a lane form: the branch all lanes take when the other one is not
     * plain lane arithmetic (that one is then computed in scalar for the lanes that need it);
     * null when both branches are plain or both are not (a blend).
     */
    Value commonBranch(Value.Select select) {
        boolean thenLanes = vectorizable(select.then()) && !plain(select.otherwise());
        boolean otherwiseLanes = vectorizable(select.otherwise()) && !plain(select.then());
        return thenLanes == otherwiseLanes ? null : thenLanes ? select.then() : select.otherwise();
    }

    /** True if {@code v} is lane arithmetic throughout, with no branch to patch. */
    boolean plain(Value v) {
        Boolean known = plain.get(v);
        if (known == null) {
            known = vectorizable(v) && operands(v).stream().allMatch(this::plain);
            plain.put(v, known);
        }
        return known;
    }

    /** The operands of {@code v}, a temporary's definition standing for its name. */
    List<Value> operands(Value v) {
        if (v instanceof Value.Named named) {
            Value definition = lets.get(named.name());
            return definition == null ? List.of() : List.of(definition);
        }
        if (v instanceof Value.Negate negate) {
            return List.of(negate.operand());
        }
        if (v instanceof Value.Binary binary) {
            return List.of(binary.left(), binary.right());
        }
        if (v instanceof Value.Call call) {
            return call.arguments();
        }
        if (v instanceof Value.Select select) {
            return List.of(select.left(), select.right(), select.then(), select.otherwise());
        }
        if (v instanceof Value.Choose choose) {
            return List.of(choose.then(), choose.otherwise());
        }
        return List.of();
    }

    /** True if the lanes compute {@code v}: a select needs a lane form of its test and of one branch. */
    boolean vectorizable(Value v) {
        Boolean known = vectorizable.get(v);
        if (known != null) {
            return known;
        }
        boolean result;
        if (v instanceof Value.Call call) {
            result = switch (call.function()) {
                case SQRT, ABS, MIN, MAX -> call.arguments().stream().allMatch(this::vectorizable);
                case INTEGER_POWER -> vectorizable(call.arguments().get(0))
                        && call.arguments().get(1) instanceof Value.Named k && isParameter(k.name());
                default -> false;
            };
        } else if (v instanceof Value.Select select) {
            result = vectorizable(select.left()) && vectorizable(select.right())
                    && (vectorizable(select.then()) || vectorizable(select.otherwise()));
        } else if (v instanceof Value.Choose) {
            result = false; // named tests are the closed forms' (ClosedFormLanes)
        } else {
            result = operands(v).stream().allMatch(this::vectorizable);
        }
        vectorizable.put(v, result);
        return result;
    }

    /**
     * {@code v} for one lane in scalar Java: a parameter as itself, a value the lanes hold
     * ({@code held}) from its scratch row (slots from {@code firstSlot}, one per name, in {@code operands}),
     * a temporary without a lane form written out in place.
     */
    Value scalar(Value v, Predicate<String> held, int firstSlot, Map<String, Integer> operands) {
        if (v instanceof Value.Named named) {
            String name = named.name();
            if (isParameter(name)) {
                return named;
            }
            if (held.test(name)) {
                int slot = operands.computeIfAbsent(name, k -> firstSlot + operands.size());
                return new Value.Named("scratch[" + slot + " * LANES + lane]");
            }
            Value definition = definition(name);
            if (definition == null) {
                throw new IllegalStateException("no value for " + name);
            }
            return scalar(definition, held, firstSlot, operands);
        }
        if (v instanceof Value.Negate negate) {
            return new Value.Negate(scalar(negate.operand(), held, firstSlot, operands));
        }
        if (v instanceof Value.Binary b) {
            Value left = scalar(b.left(), held, firstSlot, operands);
            return new Value.Binary(b.operator(), left, scalar(b.right(), held, firstSlot, operands));
        }
        if (v instanceof Value.Call call) {
            List<Value> arguments = new ArrayList<>();
            for (Value a : call.arguments()) {
                arguments.add(scalar(a, held, firstSlot, operands));
            }
            return new Value.Call(call.function(), arguments);
        }
        if (v instanceof Value.Select sel) {
            Value left = scalar(sel.left(), held, firstSlot, operands);
            Value right = scalar(sel.right(), held, firstSlot, operands);
            Value then = scalar(sel.then(), held, firstSlot, operands);
            return new Value.Select(sel.comparison(), left, right, then, scalar(sel.otherwise(), held, firstSlot, operands));
        }
        return v;
    }
}
