package io.github.eigengrad.generator.testing;

import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a straight-line {@link Program} in plain Java doubles, one operation per node, written
 * from the meaning of each node: the oracle for what any printer of a program must compute.
 */
public final class ValueInterpreter {
    private final Map<String, Double> values = new HashMap<>();

    public ValueInterpreter(Map<String, Double> inputs) {
        values.putAll(inputs);
    }

    /** The results of {@code program} (optional blocks included), in order. */
    public List<Double> run(Program program) {
        return run(program.statements());
    }

    private List<Double> run(List<Statement> statements) {
        List<Double> results = new ArrayList<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Let let) {
                values.put(let.name(), evaluate(let.value()));
            } else if (s instanceof Statement.Result result) {
                results.add(evaluate(result.value()));
            } else if (s instanceof Statement.Optional optional) {
                results.addAll(run(optional.body()));
            } else {
                throw new IllegalArgumentException("loads need arrays: " + s);
            }
        }
        return results;
    }

    public double evaluate(Value v) {
        if (v instanceof Value.Constant c) {
            return c.value();
        }
        if (v instanceof Value.Named n) {
            Double value = values.get(n.name());
            if (value == null) {
                throw new IllegalArgumentException("no value named " + n.name());
            }
            return value;
        }
        if (v instanceof Value.Negate n) {
            return -evaluate(n.operand());
        }
        if (v instanceof Value.Binary b) {
            double x = evaluate(b.left());
            double y = evaluate(b.right());
            switch (b.operator()) {
                case ADD:
                    return x + y;
                case SUBTRACT:
                    return x - y;
                case MULTIPLY:
                    return x * y;
                default:
                    return x / y;
            }
        }
        if (v instanceof Value.Select s) {
            return s.comparison().test(evaluate(s.left()), evaluate(s.right())) ? evaluate(s.then())
                    : evaluate(s.otherwise());
        }
        Value.Call c = (Value.Call) v;
        double x = evaluate(c.arguments().get(0));
        switch (c.function()) {
            case SQRT:
                return Math.sqrt(x);
            case EXP:
                return Math.exp(x);
            case LOG:
                return Math.log(x);
            case EXPM1:
                return Math.expm1(x);
            case LOG1P:
                return Math.log1p(x);
            case ABS:
                return Math.abs(x);
            case CEIL:
                return Math.ceil(x);
            case MIN:
                return Math.min(x, evaluate(c.arguments().get(1)));
            case MAX:
                return Math.max(x, evaluate(c.arguments().get(1)));
            case POW:
                return Math.pow(x, evaluate(c.arguments().get(1)));
            default: {
                // x^k by its definition, k a whole number >= 0
                double k = evaluate(c.arguments().get(1));
                double p = 1;
                for (long i = 0; i < (long) k; i++) {
                    p *= x;
                }
                return p;
            }
        }
    }
}
