package io.github.eigengrad.generator.emit;

import static io.github.eigengrad.generator.emit.RuntimeTypes.VECTOR_MASK;
import static io.github.eigengrad.generator.emit.RuntimeTypes.VECTOR_OPERATORS;
import static io.github.eigengrad.generator.emit.RuntimeTypes.VECTOR_SPECIES;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.forward.ClosedForms;
import io.github.eigengrad.generator.program.Condition;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Emits the runtime's {@code ClosedForm3Lanes}: the 3x3 closed form of {@link ClosedForms} on
 * SIMD lanes, one lane per matrix of a chunk ({@code SmallBatch3.Chunk}). The same
 * programs as the scalar {@code ClosedForms}, printed as vector operations (a select is a
 * blend, a fallback flags the lane), so every lane not flagged holds the scalar result bit
 * for bit; flagged lanes are finished by the scalar code.
 */
public final class ClosedFormLaneEmitter {
    /** The emitted class. */
    public static final ClassName CLASS = ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "ClosedForm3Lanes");

    private ClosedFormLaneEmitter() {}

    public static JavaFile emit() {
        return emit(Precision.DOUBLE);
    }

    /**
     * {@code ClosedForm3Lanes}, or in float {@code ClosedForm3FloatLanes} on {@code FloatVector}
     * lanes with the float programs, bit for bit those of {@code ClosedFormsFloat}.
     */
    public static JavaFile emit(Precision precision) {
        LaneType lanes = LaneType.of(precision);
        String comment = precision == Precision.FLOAT ? "closed forms, float lanes" : "closed forms, lanes";
        TypeSpec type = TypeSpec.classBuilder(className(precision))
                .addModifiers(Modifier.FINAL)
                .addJavadoc("The 3x3 closed form of {@code ClosedForms$L} on SIMD lanes (jdk.incubator.vector): each "
                        + "lane not flagged holds the scalar result bit for bit. Generated from the generator's "
                        + "forward programs; see docs/emission.md.\n", precision.suffix())
                .addAnnotation(GeneratedFiles.generated(ClosedFormLaneEmitter.class, comment))
                .addField(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(lanes.box())),
                        "SPECIES", Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.SPECIES_PREFERRED", lanes.vector()).build())
                .addField(FieldSpec.builder(int.class, "LANES", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Matrices per call.\n").initializer("SPECIES.length()").build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(isolated(precision, lanes))
                .addMethod(closedForm(precision, lanes))
                .build();
        return GeneratedFiles.file(RuntimeTypes.RUNTIME_PACKAGE, type, ClosedFormLaneEmitter.class, "\n  " + comment);
    }

    /** {@code ClosedForm3Lanes} or {@code ClosedForm3FloatLanes}. */
    public static ClassName className(Precision precision) {
        return ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "ClosedForm3" + precision.suffix() + "Lanes");
    }

    /** The chunk scratch the lanes read: {@code SmallBatch3.Chunk}, or {@code FloatChunk3}. */
    private static ClassName chunk(Precision precision) {
        return precision == Precision.FLOAT ? ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "FloatChunk3")
                : ClassName.get(RuntimeTypes.RUNTIME_PACKAGE, "SmallBatch3", "Chunk");
    }

    private static MethodSpec isolated(Precision precision, LaneType lanes) {
        Printer p = new Printer(lanes);
        CodeBlock.Builder body = CodeBlock.builder();
        p.loads(body, List.of(ClosedForms.MATRIX3));
        body.addStatement("$T<$T> fallback = SPECIES.maskAll(false)", VECTOR_MASK, lanes.box());
        p.print(ClosedForms.isolatedEigenvalue(precision), body, result -> CodeBlock.builder()
                .addStatement("$L.blend($T.NaN, fallback).intoArray(s.lambda, g)", p.vector(result.value()), lanes.box())
                .build());
        return MethodSpec.methodBuilder("isolated")
                .addModifiers(Modifier.STATIC)
                .addParameter(chunk(precision), "s")
                .addParameter(int.class, "g")
                .addJavadoc("{@code ClosedForms$L.isolatedEigenvalue} of the scaled matrices g to g + LANES - 1 into "
                        + "{@code s.lambda}: NaN where the scalar method returns NaN.\n", precision.suffix())
                .addCode(p.constants())
                .addCode(body.build())
                .build();
    }

    private static MethodSpec closedForm(Precision precision, LaneType lanes) {
        Printer p = new Printer(lanes);
        CodeBlock.Builder body = CodeBlock.builder();
        p.loads(body, List.of(ClosedForms.MATRIX3));
        p.loads(body, List.of("lambda"));
        body.addStatement("$T scale = $T.fromArray(SPECIES, s.scale, g)", lanes.vector(), lanes.vector());
        body.addStatement("$T eps = $T.broadcast(SPECIES, epsilon)", lanes.vector(), lanes.vector());
        // a NaN isolated eigenvalue and the zero matrix (scale 0) are the scalar code's
        body.addStatement("$T<$T> fallback = lambda.compare($T.NE, lambda).or(scale.compare($T.EQ, 0))", VECTOR_MASK,
                lanes.box(), VECTOR_OPERATORS, VECTOR_OPERATORS);
        p.print(ClosedForms.closedForm3(precision), body, result -> {
            String name = result.name();
            ClosedForms.Output out = ClosedForms.output(name);
            CodeBlock value = p.vector(result.value());
            if (out.value()) {
                // unscaled as the scalar code does; a value beyond the double range is left to it
                return CodeBlock.builder()
                        .addStatement("final $T $L = $L.mul(scale).add(eps)", lanes.vector(), name, value)
                        .addStatement("fallback = fallback.or($L.abs().compare($T.EQ, $T.POSITIVE_INFINITY))", name,
                                VECTOR_OPERATORS, lanes.box())
                        .addStatement("$L.intoArray(out, base + $L * LANES)", name, out.row())
                        .build();
            }
            return CodeBlock.builder().addStatement("$L.intoArray(out, base + $L * LANES)", value,
                    3 + 3 * out.row() + out.col()).build();
        });
        body.addStatement("return fallback.anyTrue() ? fallback.toLong() : 0");
        return MethodSpec.methodBuilder("closedForm")
                .addModifiers(Modifier.STATIC)
                .returns(long.class)
                .addParameter(chunk(precision), "s")
                .addParameter(int.class, "g")
                .addParameter(lanes.number(), "epsilon")
                .addParameter(lanes.array(), "out")
                .addParameter(int.class, "base")
                .addJavadoc("{@code ClosedForms$L.closedForm3} of the scaled matrices g to g + LANES - 1 from "
                        + "{@code s.lambda}, unscaled into 12 rows of {@code out} from {@code base} (the values, then V "
                        + "row-major), column l for matrix g + l. Returns the lanes to finish in scalar: a NaN isolated "
                        + "eigenvalue, the zero matrix, the fallbacks to Jacobi and values beyond the $L range.\n",
                        precision.suffix(), lanes.element().javaName())
                .addCode(p.constants())
                .addCode(body.build())
                .build();
    }

    /** Prints a program's statements as vector code (a result as its sink's statements); constants become locals declared first. */
    private static final class Printer {
        private final LaneType lanes;
        private final Map<Double, String> constants = new LinkedHashMap<>();
        /** The sign masks of the values a flip reads, each computed once. */
        private final Map<String, String> signs = new LinkedHashMap<>();
        private CodeBlock.Builder body;

        Printer(LaneType lanes) {
            this.lanes = lanes;
        }

        void loads(CodeBlock.Builder body, List<String> arrays) {
            for (String input : arrays) {
                body.addStatement("final $T $L = $T.fromArray(SPECIES, s.$L, g)", lanes.vector(), input, lanes.vector(),
                        input);
            }
        }

        CodeBlock constants() {
            CodeBlock.Builder b = CodeBlock.builder();
            constants.forEach((value, name) -> b.addStatement("final $T $L = $T.broadcast(SPECIES, $L)", lanes.vector(),
                    name, lanes.vector(), lanes.literal(value)));
            return b.build();
        }

        void print(Program program, CodeBlock.Builder body, Function<Statement.Result, CodeBlock> sink) {
            this.body = body;
            for (Statement s : program.statements()) {
                if (s instanceof Statement.Let let) {
                    body.addStatement("final $T $L = $L", lanes.vector(), let.name(), vector(let.value()));
                } else if (s instanceof Statement.Test test) {
                    body.addStatement("final $T<$T> $L = $L", VECTOR_MASK, lanes.box(), test.name(),
                            mask(test.condition()));
                } else if (s instanceof Statement.Fallback f) {
                    body.addStatement("fallback = fallback.or($L)", mask(f.condition()));
                } else if (s instanceof Statement.Result result) {
                    body.add(sink.apply(result));
                } else {
                    throw new IllegalStateException("not a straight-line statement: " + s);
                }
            }
        }

        CodeBlock vector(Value v) {
            return LaneValues.write(v, this::vector, this::leaf);
        }

        /** {@code test ? then : otherwise} as a blend. */
        private CodeBlock blend(CodeBlock mask, Value then, Value otherwise) {
            CodeBlock base = vector(otherwise);
            return CodeBlock.of("$L.blend($L, $L)", base, vector(then), mask);
        }

        private CodeBlock leaf(Value v) {
            if (v instanceof Value.Named named) {
                return CodeBlock.of("$L", named.name());
            }
            if (v instanceof Value.Constant c) {
                return CodeBlock.of("$L", constants.computeIfAbsent(c.value(), x -> "k" + constants.size()));
            }
            if (v instanceof Value.Call call && call.function() == Intrinsic.FLIP_SIGN
                    && call.arguments().get(0) instanceof Value.Named && call.arguments().get(1) instanceof Value.Named s) {
                // s < 0: where the scalar code's sign bit is set, for the s the intrinsic allows (not
                // -0.0 or NaN); a compare of doubles, no view of the bits as longs (which costs a cold call)
                String mask = signs.computeIfAbsent(s.name(), name -> {
                    String local = "signOf" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                    body.addStatement("final $T<$T> $L = $L.compare($T.LT, $L)", VECTOR_MASK, lanes.box(), local, name,
                            VECTOR_OPERATORS, lanes.literal(0.0));
                    return local;
                });
                CodeBlock x = vector(call.arguments().get(0));
                return CodeBlock.of("$L.blend($L.neg(), $L)", x, x, mask);
            }
            if (v instanceof Value.Choose choose) {
                return blend(CodeBlock.of("$L", choose.test()), choose.then(), choose.otherwise());
            }
            if (v instanceof Value.Select select) {
                CodeBlock mask = mask(new Condition.Compare(select.comparison(), select.left(), select.right()));
                return blend(mask, select.then(), select.otherwise());
            }
            throw new IllegalStateException("no lane form for " + v);
        }

        private CodeBlock mask(Condition c) {
            if (c instanceof Condition.Compare compare) {
                CodeBlock left = vector(compare.left());
                return CodeBlock.of("$L.compare($T.$L, $L)", left, VECTOR_OPERATORS, compare.comparison().name(),
                        vector(compare.right()));
            }
            if (c instanceof Condition.Tested tested) {
                return CodeBlock.of("$L", tested.name());
            }
            return CodeBlock.of("$L.not()", mask(((Condition.Not) c).condition()));
        }
    }
}
