package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.expr.Terms;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Java of a loop program (general n): loops over {@code int} index variables, branches,
 * temporaries and accumulators of the element type ({@code double} or {@code float}), stores into workspace arrays. Input vectors
 * are read in place ({@code values[valuesOffset + k]}); every other array is a local of the
 * same name. {@link Statement.Publish} and {@link Statement.Optional} are the emitter's.
 */
final class JavaLoops {
    private final Map<String, String> vectorInputs;
    private final Map<String, FlatMatrix> flatMatrices;
    private final Map<String, String> indexNames;
    private final BiConsumer<Statement, CodeBlock.Builder> special;
    private final ElementType element;

    /** A row-major matrix read and written in place: {@code parameter[parameterOffset + i * columns + j]}. */
    record FlatMatrix(String parameter, String columns) {}

    /**
     * @param vectorInputs the input vectors read in place: index-notation name to parameter
     * @param special writes a {@link Statement.Publish} or {@link Statement.Optional}
     * @param element the element type of the arrays and locals
     */
    JavaLoops(Map<String, String> vectorInputs, BiConsumer<Statement, CodeBlock.Builder> special, ElementType element) {
        this(vectorInputs, Map.of(), Map.of(), special, element);
    }

    /**
     * @param flatMatrices the matrices read and written in place, by index-notation name
     * @param indexNames the Java names of the counts in index expressions (K is {@code iterations})
     */
    JavaLoops(Map<String, String> vectorInputs, Map<String, FlatMatrix> flatMatrices, Map<String, String> indexNames,
            BiConsumer<Statement, CodeBlock.Builder> special) {
        this(vectorInputs, flatMatrices, indexNames, special, ElementType.DOUBLE);
    }

    private JavaLoops(Map<String, String> vectorInputs, Map<String, FlatMatrix> flatMatrices,
            Map<String, String> indexNames, BiConsumer<Statement, CodeBlock.Builder> special, ElementType element) {
        this.vectorInputs = vectorInputs;
        this.flatMatrices = flatMatrices;
        this.indexNames = indexNames;
        this.special = special;
        this.element = element;
    }

    void print(List<Statement> statements, CodeBlock.Builder code) {
        for (Statement s : statements) {
            print(s, code);
        }
    }

    private void print(Statement s, CodeBlock.Builder code) {
        if (s instanceof Statement.Let let) {
            code.addStatement("final $L $L = $L", element.javaName(), let.name(), value(let.value()));
        } else if (s instanceof Statement.Accumulator acc) {
            code.addStatement("$L $L = $L", element.javaName(), acc.name(), JavaValues.literal(0.0, element));
        } else if (s instanceof Statement.Accumulate add) {
            CodeBlock target = value(add.target());
            if (add.max()) {
                code.addStatement("$L = $T.max($L, $L)", target, RuntimeTypes.MATH, target, value(add.value()));
            } else {
                code.addStatement("$L += $L", target, value(add.value()));
            }
        } else if (s instanceof Statement.Store store) {
            code.addStatement("$L = $L", value(store.target()), value(store.value()));
        } else if (s instanceof Statement.Loop loop) {
            code.beginControlFlow("for (int $L = $L; $L $L $L; $L++)", loop.index(), index(loop.from()), loop.index(),
                    loop.inclusive() ? "<=" : "<", index(loop.limit()), loop.index());
            print(loop.body(), code);
            code.endControlFlow();
        } else if (s instanceof Statement.Unrolled unrolled) {
            // a block, so that the index declared for both loops ends with them
            code.add("{\n$>").addStatement("int $L = $L", unrolled.index(), index(unrolled.from()));
            code.beginControlFlow("for (; $L + $L < $L; $L += $L)", unrolled.index(), unrolled.factor() - 1,
                    index(unrolled.limit()), unrolled.index(), unrolled.factor());
            print(unrolled.unrolled(), code);
            code.endControlFlow();
            code.beginControlFlow("for (; $L < $L; $L++)", unrolled.index(), index(unrolled.limit()), unrolled.index());
            print(unrolled.rest(), code);
            code.endControlFlow();
            code.add("$<}\n");
        } else if (s instanceof Statement.Rows rows) {
            // the rows in two ranges, on the workspace's executor when it has one (from n = 256)
            code.add("$T.rows(executor, n, (rowsFrom, rowsTo) -> {\n$>", RuleClass.SUPPORT);
            print(inRange(rows.loop(), Expr.variable("rowsFrom"), Expr.variable("rowsTo")), code);
            code.add("$<});\n");
        } else if (s instanceof Statement.Branch branch) {
            code.beginControlFlow("if ($L $L $L)", index(branch.left()), branch.comparison().symbol(),
                    index(branch.right()));
            print(branch.then(), code);
            if (!branch.otherwise().isEmpty()) {
                code.nextControlFlow("else");
                print(branch.otherwise(), code);
            }
            code.endControlFlow();
        } else if (s instanceof Statement.If branch) {
            code.beginControlFlow("if ($L)", JavaValues.condition(branch.condition(), element, this::entry));
            print(branch.then(), code);
            if (!branch.otherwise().isEmpty()) {
                code.nextControlFlow("else");
                print(branch.otherwise(), code);
            }
            code.endControlFlow();
        } else if (s instanceof Statement.Row row) {
            code.addStatement("final $L[] $L = $L[$L]", element.javaName(), row.name(), row.array(),
                    index(row.index()));
        } else if (s instanceof Statement.Fill fill) {
            code.addStatement("$T.fill($L, $L)", java.util.Arrays.class, fill.name(), JavaValues.literal(0.0, element));
        } else {
            special.accept(s, code);
        }
    }

    /** A row loop of a {@link Statement.Rows} over the rows [from, to) instead of [0, n). */
    private static Statement inRange(Statement loop, Expr from, Expr to) {
        if (loop instanceof Statement.Loop l) {
            return new Statement.Loop(l.index(), from, to, false, l.body());
        }
        if (loop instanceof Statement.Unrolled u) {
            return new Statement.Unrolled(u.index(), u.factor(), from, to, u.unrolled(), u.rest());
        }
        Statement.Branch b = (Statement.Branch) loop;
        return new Statement.Branch(b.comparison(), b.left(), b.right(),
                b.then().stream().map(s -> inRange(s, from, to)).toList(),
                b.otherwise().stream().map(s -> inRange(s, from, to)).toList());
    }

    /** The Java of a value; entries of input vectors with their offsets, others as {@code a[i][j]}. */
    CodeBlock value(Value v) {
        return JavaValues.write(v, element, this::entry);
    }

    private CodeBlock entry(Value.Entry e) {
        String input = vectorInputs.get(e.array());
        if (input != null) {
            return CodeBlock.of("$L[$LOffset + $L]", input, input, index(e.indices().get(0)));
        }
        FlatMatrix flat = flatMatrices.get(e.array());
        if (flat != null) {
            String row = index(e.indices().get(0));
            return CodeBlock.of("$L[$LOffset + $L * $L + $L]", flat.parameter(), flat.parameter(),
                    e.indices().get(0).arity() == 0 ? row : "(" + row + ")", flat.columns(), index(e.indices().get(1)));
        }
        if (e.indices().size() > 2) {
            throw new IllegalStateException("arrays of rank " + e.indices().size() + " are not supported");
        }
        CodeBlock.Builder b = CodeBlock.builder().add("$L", e.array());
        for (Expr i : e.indices()) {
            b.add("[$L]", index(i));
        }
        return b.build();
    }

    /** An index expression (index variables, counts, whole constants, sums) as int arithmetic. */
    String index(Expr e) {
        switch (e.op()) {
            case CONSTANT:
                if (e.value() != Math.rint(e.value())) {
                    throw new IllegalStateException("a non-integer index " + e);
                }
                return Long.toString((long) e.value());
            case VARIABLE:
                return indexNames.getOrDefault(e.name(), e.name());
            case NEGATE:
                return "-(" + index(e.argument(0)) + ")";
            case PRODUCT: {
                StringBuilder b = new StringBuilder();
                for (Expr f : e.arguments()) {
                    String factor = index(f);
                    b.append(b.length() == 0 ? "" : " * ").append(f.op() == Op.SUM ? "(" + factor + ")" : factor);
                }
                return b.toString();
            }
            case SUM: {
                StringBuilder b = new StringBuilder();
                for (Expr t : Terms.positiveFirst(e.arguments())) {
                    Expr negative = Terms.negativePart(t);
                    if (b.length() == 0) {
                        b.append(index(t));
                    } else if (negative != null) {
                        b.append(" - ").append(index(negative));
                    } else {
                        b.append(" + ").append(index(t));
                    }
                }
                return b.toString();
            }
            default:
                throw new IllegalStateException("not an index expression: " + e);
        }
    }
}
