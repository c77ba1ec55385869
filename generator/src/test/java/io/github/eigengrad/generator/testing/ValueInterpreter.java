package io.github.eigengrad.generator.testing;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Program} (straight-line or with loops) in plain Java doubles, one operation
 * per node, written from the meaning of each node: the oracle for what any printer of a
 * program must compute. Arrays are {@code double[]} or {@code double[][]} by name, created
 * n or n x n on their first store; a row is the same object as the matrix's row.
 */
public final class ValueInterpreter {
    private final Map<String, Double> values = new HashMap<>();
    private final Map<String, Object> arrays = new HashMap<>();
    private final Map<String, Integer> indices = new HashMap<>();
    private final Map<String, Boolean> tests = new HashMap<>();
    private boolean fellBack;
    private int n;

    public ValueInterpreter(Map<String, Double> inputs) {
        values.putAll(inputs);
    }

    /** With arrays (inputs, and the definitions once run) of size n. */
    public ValueInterpreter(Map<String, Double> inputs, Map<String, Object> arrays, int n) {
        this(inputs);
        this.arrays.putAll(arrays);
        this.n = n;
        indices.put("n", n);
    }

    /** True if a fallback of the program held (its results after that point are not computed). */
    public boolean fellBack() {
        return fellBack;
    }

    /** The array {@code name} after a run. */
    public Object array(String name) {
        return arrays.get(name);
    }

    /** The statements of a loop program. */
    public void execute(List<Statement> statements) {
        run(statements);
    }

    /** The results of {@code program} (optional blocks included), in order. */
    public List<Double> run(Program program) {
        return run(program.statements());
    }

    private List<Double> run(List<Statement> statements) {
        List<Double> results = new ArrayList<>();
        for (Statement s : statements) {
            if (fellBack) {
                break;
            }
            if (s instanceof Statement.Test test) {
                tests.put(test.name(), holds(test.condition()));
            } else if (s instanceof Statement.Fallback fallback) {
                fellBack = holds(fallback.condition());
            } else if (s instanceof Statement.Let let) {
                values.put(let.name(), evaluate(let.value()));
            } else if (s instanceof Statement.Result result) {
                results.add(evaluate(result.value()));
            } else if (s instanceof Statement.Optional optional) {
                results.addAll(run(optional.body()));
            } else if (s instanceof Statement.Accumulator acc) {
                values.put(acc.name(), 0.0);
            } else if (s instanceof Statement.Accumulate add) {
                double old = evaluate(add.target());
                double v = evaluate(add.value());
                write(add.target(), add.max() ? Math.max(old, v) : old + v);
            } else if (s instanceof Statement.Store store) {
                write(store.target(), evaluate(store.value()));
            } else if (s instanceof Statement.Loop loop) {
                int from = index(loop.from());
                int limit = index(loop.limit());
                for (int i = from; loop.inclusive() ? i <= limit : i < limit; i++) {
                    indices.put(loop.index(), i);
                    results.addAll(run(loop.body()));
                }
                indices.remove(loop.index());
            } else if (s instanceof Statement.Unrolled unrolled) {
                int limit = index(unrolled.limit());
                int i = 0;
                for (; i + unrolled.factor() - 1 < limit; i += unrolled.factor()) {
                    indices.put(unrolled.index(), i);
                    results.addAll(run(unrolled.unrolled()));
                }
                for (; i < limit; i++) {
                    indices.put(unrolled.index(), i);
                    results.addAll(run(unrolled.rest()));
                }
                indices.remove(unrolled.index());
            } else if (s instanceof Statement.Branch branch) {
                boolean taken = branch.comparison().test(index(branch.left()), index(branch.right()));
                results.addAll(run(taken ? branch.then() : branch.otherwise()));
            } else if (s instanceof Statement.If branch) {
                results.addAll(run(holds(branch.condition()) ? branch.then() : branch.otherwise()));
            } else if (s instanceof Statement.Row row) {
                arrays.put(row.name(), matrix(row.array())[index(row.index())]);
            } else if (s instanceof Statement.Fill fill) {
                java.util.Arrays.fill((double[]) arrays.get(fill.name()), 0.0);
            } else if (s instanceof Statement.Publish) {
                continue;
            } else {
                throw new IllegalArgumentException("loads need the backend's arrays: " + s);
            }
        }
        return results;
    }

    public double evaluate(Value v) {
        if (v instanceof Value.Constant c) {
            return c.value();
        }
        if (v instanceof Value.Named named) {
            Integer i = indices.get(named.name());
            if (i != null) {
                return i;
            }
            Double value = values.get(named.name());
            if (value == null) {
                throw new IllegalArgumentException("no value named " + named.name());
            }
            return value;
        }
        if (v instanceof Value.Entry e) {
            Object array = arrays.get(e.array());
            if (array == null) {
                throw new IllegalArgumentException("no array named " + e.array());
            }
            return e.indices().size() == 1 ? ((double[]) array)[index(e.indices().get(0))]
                    : ((double[][]) array)[index(e.indices().get(0))][index(e.indices().get(1))];
        }
        if (v instanceof Value.Negate negate) {
            return -evaluate(negate.operand());
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
        if (v instanceof Value.Choose c) {
            return tests.get(c.test()) ? evaluate(c.then()) : evaluate(c.otherwise());
        }
        if (v instanceof Value.Invoke invoke) {
            double[] arguments = new double[invoke.arguments().size()];
            for (int k = 0; k < arguments.length; k++) {
                arguments[k] = evaluate(invoke.arguments().get(k));
            }
            return io.github.eigengrad.generator.expr.LibraryFunction.named(invoke.function()).evaluate(arguments);
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
            case SIN:
                return Math.sin(x);
            case COS:
                return Math.cos(x);
            case TANH:
                return Math.tanh(x);
            case SINH:
                return Math.sinh(x);
            case COSH:
                return Math.cosh(x);
            case ATAN:
                return Math.atan(x);
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
            case FLIP_SIGN:
                // x, negated when s's sign bit is set: Math.copySign(1, s) is exactly +-1
                return x * Math.copySign(1.0, evaluate(c.arguments().get(1)));
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

    private boolean holds(io.github.eigengrad.generator.program.Condition c) {
        if (c instanceof io.github.eigengrad.generator.program.Condition.Compare compare) {
            return compare.comparison().test(evaluate(compare.left()), evaluate(compare.right()));
        }
        if (c instanceof io.github.eigengrad.generator.program.Condition.Tested tested) {
            return tests.get(tested.name());
        }
        return !holds(((io.github.eigengrad.generator.program.Condition.Not) c).condition());
    }

    private void write(Value target, double v) {
        if (target instanceof Value.Named named) {
            values.put(named.name(), v);
            return;
        }
        Value.Entry e = (Value.Entry) target;
        if (e.indices().size() == 1) {
            ((double[]) arrays.computeIfAbsent(e.array(), a -> new double[n]))[index(e.indices().get(0))] = v;
        } else {
            matrix(e.array())[index(e.indices().get(0))][index(e.indices().get(1))] = v;
        }
    }

    private double[][] matrix(String name) {
        return (double[][]) arrays.computeIfAbsent(name, a -> new double[n][n]);
    }

    /** An index expression with the loop variables and n bound. */
    private int index(Expr e) {
        double v = e.evaluate(name -> {
            Integer i = indices.get(name);
            if (i == null) {
                throw new IllegalArgumentException("no index named " + name);
            }
            return i;
        });
        return (int) v;
    }
}
