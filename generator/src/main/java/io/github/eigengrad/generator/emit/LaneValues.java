package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import io.github.eigengrad.generator.program.Value;
import java.util.function.Function;

/**
 * The lane arithmetic of a program value as {@code DoubleVector} method calls, operation for
 * operation as the scalar Java evaluates it: {@code add}, {@code sub}, {@code mul},
 * {@code div}, {@code neg}, {@code sqrt}, {@code abs}, {@code min}, {@code max}. Names,
 * constants, selects, the run-time power and the sign flip are the backend's ({@code leaf}).
 */
final class LaneValues {
    private LaneValues() {}

    /** {@code v}, its operands printed by this same function. */
    static CodeBlock write(Value v, Function<Value, CodeBlock> leaf) {
        return write(v, x -> write(x, leaf), leaf);
    }

    /** {@code v}, its operands printed by {@code operand} (the backend's own printing of values). */
    static CodeBlock write(Value v, Function<Value, CodeBlock> operand, Function<Value, CodeBlock> leaf) {
        if (v instanceof Value.Negate negate) {
            return CodeBlock.of("$L.neg()", operand.apply(negate.operand()));
        }
        if (v instanceof Value.Binary binary) {
            String method = switch (binary.operator()) {
                case ADD -> "add";
                case SUBTRACT -> "sub";
                case MULTIPLY -> "mul";
                case DIVIDE -> "div";
            };
            CodeBlock left = operand.apply(binary.left());
            return CodeBlock.of("$L.$L($L)", left, method, operand.apply(binary.right()));
        }
        if (v instanceof Value.Call call) {
            switch (call.function()) {
                case SQRT:
                    return CodeBlock.of("$L.lanewise($T.SQRT)", operand.apply(call.arguments().get(0)),
                            RuntimeTypes.VECTOR_OPERATORS);
                case ABS:
                    return CodeBlock.of("$L.abs()", operand.apply(call.arguments().get(0)));
                case MIN:
                case MAX: {
                    CodeBlock x = operand.apply(call.arguments().get(0));
                    return CodeBlock.of("$L.$L($L)", x, call.function() == io.github.eigengrad.generator.program.Intrinsic.MIN
                            ? "min" : "max", operand.apply(call.arguments().get(1)));
                }
                default:
                    return leaf.apply(v);
            }
        }
        return leaf.apply(v);
    }
}
