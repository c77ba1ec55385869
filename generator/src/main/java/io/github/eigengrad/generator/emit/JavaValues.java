package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.eigengrad.generator.program.Function;
import io.github.eigengrad.generator.program.Value;

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

    /** The Java source of {@code value}. */
    static CodeBlock write(Value value) {
        CodeBlock.Builder b = CodeBlock.builder();
        write(value, b);
        return b.build();
    }

    private static void write(Value value, CodeBlock.Builder b) {
        if (value instanceof Value.Constant c) {
            b.add("$L", literal(c.value()));
        } else if (value instanceof Value.Named n) {
            b.add("$L", n.name());
        } else if (value instanceof Value.Negate n) {
            b.add("-");
            operand(n.operand(), precedence(n.operand()) < ATOM, b);
        } else if (value instanceof Value.Binary bin) {
            int own = bin.operator().multiplicative() ? PRODUCT : SUM;
            operand(bin.left(), precedence(bin.left()) < own, b);
            b.add(" $L ", bin.operator().symbol());
            // a product's right operand is parenthesised unless an atom: (b * c), (-x), (-2.0)
            int right = precedence(bin.right());
            operand(bin.right(), own == PRODUCT ? right < ATOM : right <= SUM, b);
        } else if (value instanceof Value.Call call) {
            b.add("$T.$L(", owner(call.function()), call.function().methodName());
            for (int i = 0; i < call.arguments().size(); i++) {
                if (i > 0) {
                    b.add(", ");
                }
                write(call.arguments().get(i), b);
            }
            b.add(")");
        } else {
            Value.Select s = (Value.Select) value;
            b.add("(");
            write(s.left(), b);
            b.add(" $L ", s.comparison().symbol());
            write(s.right(), b);
            b.add(" ? ");
            write(s.then(), b);
            b.add(" : ");
            write(s.otherwise(), b);
            b.add(")");
        }
    }

    private static void operand(Value v, boolean parenthesise, CodeBlock.Builder b) {
        if (parenthesise) {
            b.add("(");
            write(v, b);
            b.add(")");
        } else {
            write(v, b);
        }
    }

    static ClassName owner(Function function) {
        return function.owner() == Function.Owner.RUNTIME ? RuntimeTypes.SUPPORT : RuntimeTypes.MATH;
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
