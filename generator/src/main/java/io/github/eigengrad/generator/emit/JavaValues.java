package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.github.eigengrad.generator.program.Condition;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Value;
import java.util.function.Function;

/**
 * Prints a {@link Value} as a Java expression of the element type ({@code double} unless said):
 * the tree as it stands, with the fewest parentheses under Java's precedence and left-to-right
 * association, so Java evaluates exactly the tree's operations. Constants are written with
 * {@link Double#toString} (which reads back to the same double), or for {@code float} with
 * {@link Float#toString} and an {@code f}; a math-library function, computed in double, is
 * rounded to float by a cast (correctly rounded for sqrt, within the library's accuracy for
 * the others); calls name their owner by {@code $T}.
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

    /** The literal of {@code v} in {@code type}; a constant outside the float range is an error, not Infinity. */
    static String literal(double v, ElementType type) {
        if (type == ElementType.DOUBLE) {
            return literal(v);
        }
        float f = (float) v;
        if (Float.isInfinite(f) && !Double.isInfinite(v) || f == 0 && v != 0) {
            throw new IllegalStateException("the constant " + v + " is outside the float range");
        }
        return Float.toString(f) + "f";
    }

    /** The Java source of {@code value}, which has no array entries. */
    static CodeBlock write(Value value) {
        return write(value, ElementType.DOUBLE);
    }

    /** The Java source of {@code value} in {@code type}, which has no array entries. */
    static CodeBlock write(Value value, ElementType type) {
        return write(value, type, e -> {
            throw new IllegalStateException("an array entry in a straight-line program: " + e);
        });
    }

    /** The Java source of {@code value} in {@code type}, its array entries written by {@code entries}. */
    static CodeBlock write(Value value, ElementType type, Function<Value.Entry, CodeBlock> entries) {
        CodeBlock.Builder b = CodeBlock.builder();
        new Printer(type, entries, b).write(value);
        return b.build();
    }

    /** The Java of a condition in {@code type}: {@code a < b}, a test's name, {@code !(...)}. */
    static CodeBlock condition(Condition c, ElementType type) {
        return condition(c, type, e -> {
            throw new IllegalStateException("an array entry in a straight-line condition: " + e);
        });
    }

    /** {@link #condition(Condition, ElementType)} with array entries printed by {@code entries} (loop programs). */
    static CodeBlock condition(Condition c, ElementType type, Function<Value.Entry, CodeBlock> entries) {
        if (c instanceof Condition.Compare compare) {
            return CodeBlock.of("$L $L $L", write(compare.left(), type, entries), compare.comparison().symbol(),
                    write(compare.right(), type, entries));
        }
        if (c instanceof Condition.Tested tested) {
            return CodeBlock.of("$L", tested.name());
        }
        return CodeBlock.of("!($L)", condition(((Condition.Not) c).condition(), type, entries));
    }

    static ClassName owner(Intrinsic function) {
        return function.owner() == Intrinsic.Owner.RUNTIME ? RuntimeTypes.ARITHMETIC : RuntimeTypes.MATH;
    }

    /**
     * True where the owner has an overload of the element type: {@code Math}'s abs, min, max, and
     * {@code RuleArithmetic.integerPower}, whose float form powers in float (as the lanes do).
     * No cast.
     */
    private static boolean overloaded(Intrinsic function) {
        return function == Intrinsic.ABS || function == Intrinsic.MIN || function == Intrinsic.MAX
                || function == Intrinsic.INTEGER_POWER;
    }

    /** One expression being written. */
    private record Printer(ElementType type, Function<Value.Entry, CodeBlock> entries, CodeBlock.Builder b) {
        void write(Value value) {
            if (value instanceof Value.Entry e) {
                b.add(entries.apply(e));
            } else if (value instanceof Value.Constant c) {
                b.add("$L", literal(c.value(), type));
            } else if (value instanceof Value.Named n) {
                b.add("$L", n.name());
            } else if (value instanceof Value.Negate n) {
                b.add("-");
                operand(n.operand(), precedence(n.operand()) < ATOM);
            } else if (value instanceof Value.Binary bin) {
                int own = bin.operator().multiplicative() ? PRODUCT : SUM;
                operand(bin.left(), precedence(bin.left()) < own);
                b.add(" $L ", bin.operator().symbol());
                // a product's right operand is parenthesised unless an atom: (b * c), (-x), (-2.0)
                int right = precedence(bin.right());
                operand(bin.right(), own == PRODUCT ? right < ATOM : right <= SUM);
            } else if (value instanceof Value.Call call && call.function() == Intrinsic.FLIP_SIGN) {
                // the helper's bit operation written out: no call for the interpreter of a cold method
                boolean single = type == ElementType.FLOAT;
                Class<?> box = single ? Float.class : Double.class;
                String bits = single ? "floatToRawIntBits" : "doubleToRawLongBits";
                b.add("$T.$L($T.$L(", box, single ? "intBitsToFloat" : "longBitsToDouble", box, bits);
                write(call.arguments().get(0));
                b.add(") ^ $T.$L(", box, bits);
                write(call.arguments().get(1));
                b.add(") & $T.MIN_VALUE)", single ? Integer.class : Long.class);
            } else if (value instanceof Value.Call call) {
                if (type == ElementType.FLOAT && !overloaded(call.function())) {
                    b.add("($L) ", type.javaName());
                }
                b.add("$T.$L(", owner(call.function()), call.function().methodName());
                arguments(call.arguments());
            } else if (value instanceof Value.Invoke call) {
                int dot = call.function().lastIndexOf('.');
                String owner = call.function().substring(0, dot);
                String method = call.function().substring(dot + 1);
                if (widened(call)) {
                    b.add("($L) ", type.javaName()); // a double helper on float arguments, rounded once
                }
                if (owner.equals(RuntimeTypes.CALLBACK_ARGUMENT)) {
                    b.add("$L.$L(", owner, method); // a method of the ScalarFunction argument
                } else {
                    b.add("$T.$L(", RuntimeTypes.library(owner), method);
                }
                arguments(call.arguments());
            } else if (value instanceof Value.Choose c) {
                b.add("($L ? ", c.test());
                write(c.then());
                b.add(" : ");
                write(c.otherwise());
                b.add(")");
            } else {
                Value.Select s = (Value.Select) value;
                b.add("(");
                write(s.left());
                b.add(" $L ", s.comparison().symbol());
                write(s.right());
                b.add(" ? ");
                write(s.then());
                b.add(" : ");
                write(s.otherwise());
                b.add(")");
            }
        }

        /** A float program's call of a double library function (one whose class has no {@code Float} suffix). */
        private boolean widened(Value.Invoke call) {
            String owner = call.function().substring(0, call.function().lastIndexOf('.'));
            return type == ElementType.FLOAT && !owner.endsWith("Float");
        }

        private void arguments(java.util.List<Value> arguments) {
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    b.add(", ");
                }
                write(arguments.get(i));
            }
            b.add(")");
        }

        private void operand(Value v, boolean parenthesise) {
            if (parenthesise) {
                b.add("(");
                write(v);
                b.add(")");
            } else {
                write(v);
            }
        }

        private int precedence(Value v) {
            if (v instanceof Value.Binary bin) {
                return bin.operator().multiplicative() ? PRODUCT : SUM;
            }
            if (v instanceof Value.Negate) {
                return UNARY;
            }
            if (v instanceof Value.Constant c) {
                return c.value() < 0 ? UNARY : ATOM;
            }
            if (v instanceof Value.Call call && type == ElementType.FLOAT && !overloaded(call.function())
                    && call.function() != Intrinsic.FLIP_SIGN || v instanceof Value.Invoke call2 && widened(call2)) {
                return UNARY; // a cast
            }
            return ATOM;
        }
    }
}
