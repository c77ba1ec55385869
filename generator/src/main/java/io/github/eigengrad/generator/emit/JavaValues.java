package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.eigengrad.generator.program.Condition;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Value;
import java.util.function.Function;

/**
 * Prints a {@link Value} as a Java expression of type {@code double}: the tree as it stands,
 * with the fewest parentheses under Java's precedence and left-to-right association, so Java
 * evaluates exactly the tree's operations. Constants are written with {@link Double#toString}
 * (which reads back to the same double); calls name their owner by {@code $T}.
 */
final class JavaValues {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int ATOM = 5;

    private JavaValues() {}

    static String literal(double v) {
        return Double.toString(v);
    }

    /** The Java source of {@code value}, which has no array entries. */
    static CodeBlock write(Value value) {
        return write(value, e -> {
            throw new IllegalStateException("an array entry in a straight-line program: " + e);
        });
    }

    /** The Java source of {@code value}, its array entries written by {@code entries}. */
    static CodeBlock write(Value value, Function<Value.Entry, CodeBlock> entries) {
        CodeBlock.Builder b = CodeBlock.builder();
        write(value, b, entries);
        return b.build();
    }

    private static void write(Value value, CodeBlock.Builder b, Function<Value.Entry, CodeBlock> entries) {
        if (value instanceof Value.Entry e) {
            b.add(entries.apply(e));
        } else if (value instanceof Value.Constant c) {
            b.add("$L", literal(c.value()));
        } else if (value instanceof Value.Named n) {
            b.add("$L", n.name());
        } else if (value instanceof Value.Negate n) {
            b.add("-");
            operand(n.operand(), precedence(n.operand()) < ATOM, b, entries);
        } else if (value instanceof Value.Binary bin) {
            int own = bin.operator().multiplicative() ? PRODUCT : SUM;
            operand(bin.left(), precedence(bin.left()) < own, b, entries);
            b.add(" $L ", bin.operator().symbol());
            // a product's right operand is parenthesised unless an atom: (b * c), (-x), (-2.0)
            int right = precedence(bin.right());
            operand(bin.right(), own == PRODUCT ? right < ATOM : right <= SUM, b, entries);
        } else if (value instanceof Value.Call call && call.function() == Intrinsic.FLIP_SIGN) {
            // the helper's bit operation written out: no call for the interpreter of a cold method
            b.add("$T.longBitsToDouble($T.doubleToRawLongBits(", Double.class, Double.class);
            write(call.arguments().get(0), b, entries);
            b.add(") ^ $T.doubleToRawLongBits(", Double.class);
            write(call.arguments().get(1), b, entries);
            b.add(") & $T.MIN_VALUE)", Long.class);
        } else if (value instanceof Value.Call call) {
            b.add("$T.$L(", owner(call.function()), call.function().methodName());
            for (int i = 0; i < call.arguments().size(); i++) {
                if (i > 0) {
                    b.add(", ");
                }
                write(call.arguments().get(i), b, entries);
            }
            b.add(")");
        } else if (value instanceof Value.Invoke call) {
            b.add("$T.$L(", RuntimeTypes.LIBRARY, call.function());
            for (int i = 0; i < call.arguments().size(); i++) {
                if (i > 0) {
                    b.add(", ");
                }
                write(call.arguments().get(i), b, entries);
            }
            b.add(")");
        } else if (value instanceof Value.Choose c) {
            b.add("($L ? ", c.test());
            write(c.then(), b, entries);
            b.add(" : ");
            write(c.otherwise(), b, entries);
            b.add(")");
        } else {
            Value.Select s = (Value.Select) value;
            b.add("(");
            write(s.left(), b, entries);
            b.add(" $L ", s.comparison().symbol());
            write(s.right(), b, entries);
            b.add(" ? ");
            write(s.then(), b, entries);
            b.add(" : ");
            write(s.otherwise(), b, entries);
            b.add(")");
        }
    }

    /** The Java of a condition: {@code a < b}, a test's name, {@code !(...)}. */
    static CodeBlock condition(Condition c) {
        return condition(c, e -> {
            throw new IllegalStateException("an array entry in a straight-line condition: " + e);
        });
    }

    /** {@link #condition(Condition)} with array entries printed by {@code entries} (loop programs). */
    static CodeBlock condition(Condition c, Function<Value.Entry, CodeBlock> entries) {
        if (c instanceof Condition.Compare compare) {
            return CodeBlock.of("$L $L $L", write(compare.left(), entries), compare.comparison().symbol(),
                    write(compare.right(), entries));
        }
        if (c instanceof Condition.Tested tested) {
            return CodeBlock.of("$L", tested.name());
        }
        return CodeBlock.of("!($L)", condition(((Condition.Not) c).condition(), entries));
    }

    private static void operand(Value v, boolean parenthesise, CodeBlock.Builder b,
            Function<Value.Entry, CodeBlock> entries) {
        if (parenthesise) {
            b.add("(");
            write(v, b, entries);
            b.add(")");
        } else {
            write(v, b, entries);
        }
    }

    static ClassName owner(Intrinsic function) {
        return function.owner() == Intrinsic.Owner.RUNTIME ? RuntimeTypes.ARITHMETIC : RuntimeTypes.MATH;
    }

    private static int precedence(Value v) {
        if (v instanceof Value.Binary bin) {
            return bin.operator().multiplicative() ? PRODUCT : SUM;
        }
        if (v instanceof Value.Negate) {
            return UNARY;
        }
        if (v instanceof Value.Constant c) {
            return c.value() < 0 ? UNARY : ATOM;
        }
        return ATOM;
    }
}
