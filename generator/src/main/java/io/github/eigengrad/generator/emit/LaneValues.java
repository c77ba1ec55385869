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

    static CodeBlock write(Value v, Function<Value, CodeBlock> leaf) {
        if (v instanceof Value.Negate negate) {
            return CodeBlock.of("$L.neg()", write(negate.operand(), leaf));
        }
        if (v instanceof Value.Binary binary) {
            String method = switch (binary.operator()) {
                case ADD -> "add";
                case SUBTRACT -> "sub";
                case MULTIPLY -> "mul";
                case DIVIDE -> "div";
            };
            CodeBlock left = write(binary.left(), leaf);
            return CodeBlock.of("$L.$L($L)", left, method, write(binary.right(), leaf));
        }
        if (v instanceof Value.Call call) {
            switch (call.function()) {
                case SQRT:
                    return CodeBlock.of("$L.lanewise($T.SQRT)", write(call.arguments().get(0), leaf),
                            RuntimeTypes.VECTOR_OPERATORS);
                case ABS:
                    return CodeBlock.of("$L.abs()", write(call.arguments().get(0), leaf));
                case MIN:
                case MAX: {
                    CodeBlock x = write(call.arguments().get(0), leaf);
                    return CodeBlock.of("$L.$L($L)", x, call.function() == io.github.eigengrad.generator.program.Intrinsic.MIN
                            ? "min" : "max", write(call.arguments().get(1), leaf));
                }
                default:
                    return leaf.apply(v);
            }
        }
        return leaf.apply(v);
    }
}
