package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits a fixed-size power-iteration rule as SIMD lanes on the incubating Vector API
 * ({@code jdk.incubator.vector}): one call pulls back as many consecutive problems of the
 * flat batch layout as the preferred species has lanes, loading each input with a gather and
 * writing the gradient as rows (entry k of problem l at {@code k * stride + first + l}).
 *
 * <p>Every lane it does not flag gets, bit for bit, the gradient of the {@link FixedSizeEmitter}
 * rule: the same common subexpressions, each evaluated with the same IEEE operations in the
 * order Java evaluates the scalar source ({@link io.github.eigengrad.generator.print.Infix}'s
 * tree, mirrored operation by operation). A select whose branches are plain arithmetic becomes
 * a blend. A select with a branch that calls a function the lanes do not have (the
 * {@code expm1}/{@code log1p} coefficient near a tie) takes the other branch in every lane,
 * then recomputes the lanes that need it with that branch's scalar source, in a method run
 * between two parts of the body, where no vector is live. Lanes outside the
 * scalar rule's checks (values beyond the series' range, a non-finite gradient) are returned
 * as a bit mask for the caller to redo with the scalar rule, which throws what it throws.
 * {@code x^K} for the run-time K is binary powering with the scalar's multiplications, in a
 * loop over K's bits (the same in every lane) that keeps its vectors in scratch rows. The
 * body is cut into part methods small enough for C1, passing vectors through scratch rows.
 */
public final class LaneEmitter {
    static final ClassName VECTOR_MASK = RuntimeTypes.VECTOR_MASK;
    static final ClassName VECTOR_OPERATORS = RuntimeTypes.VECTOR_OPERATORS;
    static final ClassName VECTOR_SPECIES = RuntimeTypes.VECTOR_SPECIES;
    /** The run-time K must be below 2^POWER_BITS for the lanes (above, every lane is flagged). */
    static final int POWER_BITS = 53;
    /** About this much source per part method (see {@code LaneBody#endSegmentIfFull}). */
    static final int SEGMENT_CHARACTERS = 4500;

    private LaneEmitter() {}

    /** The lane class of a fixed-size power-iteration rule (without the report). */
    public static JavaFile emit(RuleSpec spec) {
        if (spec.isGeneral() || spec.method() != RuleSpec.Method.POWER_ITERATION) {
            throw new IllegalArgumentException("LaneEmitter needs a fixed-size power-iteration rule, got " + spec);
        }
        int n = spec.size();
        Formula rule = EigenFormulas.rule(n, RuleClass.method(spec), spec.eigenvalueTerm());
        List<Formula.Output> outputs = new ArrayList<>();
        for (Formula.Output o : rule.outputs()) {
            if (!EigenFormulas.REPORT.contains(o.name())) {
                outputs.add(o);
            }
        }
        LaneBody body = new LaneBody(spec, rule, outputs);
        LaneType lanes = LaneType.of(spec.precision());
        MethodSpec method = method(body, lanes);
        MethodSpec rows = rowsMethod(spec);
        MethodSpec partsMethod = partsMethod(body);
        int[] scratchRows = new int[1];
        List<MethodSpec> parts = parts(body, scratchRows);
        List<MethodSpec> patches = body.patchMethods();
        TypeSpec.Builder type = TypeSpec.classBuilder(spec.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(EigenFormulas.pullback(n, RuleClass.method(spec), spec.eigenvalueTerm()).title() + ", as SIMD lanes (jdk.incubator.vector).\n\n<p>Rule: " + spec.parameters()
                        + ". Each lane not flagged by {@code pullback} holds, bit for bit, the gradient of the scalar "
                        + "rule on that problem. Generated from the formula library; see docs/emission.md.\n")
                .addAnnotation(RuleClass.generated(LaneEmitter.class, spec))
                .addField(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(lanes.box())),
                        "SPECIES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The species of the lanes: the platform's preferred one.\n")
                        .initializer("$T.SPECIES_PREFERRED", lanes.vector()).build())
                .addField(FieldSpec.builder(int.class, "LANES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Problems per call.\n").initializer("SPECIES.length()").build())
                .addField(FieldSpec.builder(int.class, "INPUT_ROWS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Scratch rows of the inputs ({@link #pullbackRows}): values (n), valuesBar (n), "
                                + "vectors (n*n, row-major), vectorsBar (n*n, row-major).\n")
                        .initializer("$L", 2 * n + 2 * n * n).build())
                .addField(blockField("VALUE_BLOCKS", n, "Gather offsets of the lanes' values: problem l at n l."))
                .addField(blockField("VECTOR_BLOCKS", n * n,
                        "Gather offsets of the lanes' vectors: problem l at n^2 l."))
                .addField(FieldSpec.builder(lanes.array(), "ZERO_VALUES", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("new $L[$L * LANES]", lanes.element().javaName(), n).build())
                .addField(FieldSpec.builder(lanes.array(), "ZERO_VECTORS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("new $L[$L * LANES]", lanes.element().javaName(), n * n).build())
                .addField(FieldSpec.builder(int.class, "GRADIENT_ROWS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Rows of the gradient: its entries (i, j), i <= j, row by row.\n")
                        .initializer("$L", n * (n + 1) / 2).build())
                .addField(FieldSpec.builder(int.class, "SCRATCH_LENGTH", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL)
                        .addJavadoc("The length the scratch array needs.\n")
                        .initializer("$L * LANES", Math.max(1, scratchRows[0])).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method)
                .addMethod(rows)
                .addMethod(partsMethod)
                .addMethods(parts)
                .addMethods(patches);
        return RuleClass.file(spec, LaneEmitter.class, type.build());
    }

    private static FieldSpec blockField(String name, int block, String doc) {
        return FieldSpec.builder(int[].class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n")
                .initializer("$T.range(0, LANES).map(l -> $L * l).toArray()", ClassName.get("java.util.stream",
                        "IntStream"), block)
                .build();
    }

    private static MethodSpec method(LaneBody body, LaneType lanes) {
        RuleSpec spec = body.spec();
        int n = spec.size();
        OpCount ops = OpCount.ofDag(body.outputs().stream().map(Formula.Output::expr).toList());
        MethodSpec.Builder m = MethodSpec.methodBuilder("pullback")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(long.class);
        for (String array : new String[] {"values", "vectors", "valuesBar", "vectorsBar"}) {
            m.addParameter(lanes.array(), array).addParameter(int.class, array + "Offset");
        }
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            m.addParameter(p.type(), p.name());
        }
        m.addParameter(lanes.array(), "gradient").addParameter(int.class, "stride").addParameter(int.class, "first")
                .addParameter(lanes.array(), "scratch");
        m.addJavadoc("Pulls back the {@link #LANES} consecutive $Lx$L problems from the offsets, in the layout of "
                + "the scalar rule's arrays (problem l's values from {@code valuesOffset + $L l}, its vectors from "
                + "{@code vectorsOffset + $L l}); straight-line vector code, no allocation.\n\n"
                + "<p>Op count per lane (after common-subexpression elimination, as the scalar rule): $L (total "
                + "$L).\n\n"
                + "@param values the eigenvalues, descending\n"
                + "@param vectors V row-major (column j is eigenvector j)\n"
                + "@param valuesBar dL/dlambda, or null for zero\n"
                + "@param vectorsBar dL/dV row-major, or null for zero\n"
                + "@param iterations K, the number of terms of the series\n"
                + "@param gradient receives entry k of the upper triangle (row by row: (0, 0), (0, 1), ...) of "
                + "problem l at {@code gradient[k * stride + first + l]}, {@link #GRADIENT_ROWS} rows\n"
                + "@param stride the distance between the gradient's rows (>= first + LANES)\n"
                + "@param first the gradient's column of problem 0\n"
                + "@param scratch at least {@link #SCRATCH_LENGTH} entries, overwritten\n"
                + "@return bit l set: problem l is outside the lanes' checks (a value beyond the series' range, "
                + "a non-finite gradient) and must be redone with the scalar rule, which names its problem\n",
                n, n, n, n * n, ops, ops.total());
        CodeBlock.Builder all = CodeBlock.builder();
        all.addStatement("$T.checkLanes($L, LANES, values, valuesOffset, vectors, vectorsOffset, valuesBar, "
                + "valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, GRADIENT_ROWS, stride, first, scratch, "
                + "SCRATCH_LENGTH)", RuleClass.support(spec), n);
        all.addStatement(RuleClass.parameterCheck(spec), RuleClass.support(spec));
        all.beginControlFlow("if (valuesBar == null)").addStatement("valuesBar = ZERO_VALUES")
                .addStatement("valuesBarOffset = 0").endControlFlow();
        all.beginControlFlow("if (vectorsBar == null)").addStatement("vectorsBar = ZERO_VECTORS")
                .addStatement("vectorsBarOffset = 0").endControlFlow();
        // every input gathered once into its scratch row (a gather costs more than a row load), in
        // one loop per array: C1 gives up on a method with many gathers written out
        for (String array : LaneBody.ARRAYS) {
            if (body.reads(array)) {
                int size = array.startsWith("values") ? n : n * n;
                all.beginControlFlow("for (int k = 0; k < $L; k++)", size)
                        .addStatement("$T.fromArray(SPECIES, $L, $LOffset + k, $L, 0).intoArray(scratch, ($L + k) * LANES)",
                                lanes.vector(), array, array, size == n ? "VALUE_BLOCKS" : "VECTOR_BLOCKS",
                                body.firstRow(array))
                        .endControlFlow();
            }
        }
        all.addStatement("return parts(iterations, gradient, stride, first, scratch)");
        return m.addCode(all.build()).build();
    }


    /** {@code pullbackRows}: the inputs already in the scratch rows. */
    private static MethodSpec rowsMethod(RuleSpec spec) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("pullbackRows")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(long.class);
        addRowParameters(spec, m);
        m.addJavadoc("As {@link #pullback}, with the inputs already in the first {@link #INPUT_ROWS} rows of "
                + "{@code scratch}: row r of problem l at {@code scratch[r * LANES + l]}, the rows being the "
                + "entries of values, valuesBar, vectors and vectorsBar in turn, each in the scalar rule's order "
                + "(zero rows for an absent cotangent).\n\n"
                + "@param iterations K, the number of terms of the series\n"
                + "@param gradient receives the gradient's rows, as in {@link #pullback}\n"
                + "@param stride the distance between the gradient's rows (>= first + LANES)\n"
                + "@param first the gradient's column of problem 0\n"
                + "@param scratch at least {@link #SCRATCH_LENGTH} entries, its first rows the inputs\n"
                + "@return the problems to redo with the scalar rule, as in {@link #pullback}\n");
        return m.addStatement("$T.checkLaneRows(LANES, gradient, GRADIENT_ROWS, stride, first, scratch, "
                + "SCRATCH_LENGTH)", RuleClass.support(spec))
                .addStatement(RuleClass.parameterCheck(spec), RuleClass.support(spec))
                .addStatement("return parts(iterations, gradient, stride, first, scratch)")
                .build();
    }


    /** The parts in turn, on the inputs in the scratch rows; every lane flagged for a K the lanes do not take. */
    private static MethodSpec partsMethod(LaneBody body) {
        List<LaneBody.Segment> segments = body.segments();
        MethodSpec.Builder m = MethodSpec.methodBuilder("parts")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(long.class);
        addRowParameters(body.spec(), m);
        m.beginControlFlow("if (!(iterations < 0x1p$L))", POWER_BITS)
                .addStatement("return (1L << LANES) - 1")
                .endControlFlow();
        m.addStatement("final long bits = iterations");
        m.addStatement("long redo = 0L");
        for (int k = 0; k < segments.size(); k++) {
            m.addStatement("redo |= part$L($L)", k, ARGUMENTS);
            if (segments.get(k).patchAfter >= 0) {
                m.addStatement("patch$L(iterations, scratch)", segments.get(k).patchAfter);
            }
        }
        return m.addStatement("return redo").build();
    }


    private static void addRowParameters(RuleSpec spec, MethodSpec.Builder m) {
        LaneType lanes = LaneType.of(spec.precision());
        for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
            m.addParameter(p.type(), p.name());
        }
        m.addParameter(lanes.array(), "gradient").addParameter(int.class, "stride").addParameter(int.class, "first")
                .addParameter(lanes.array(), "scratch");
    }


    /** The arguments of every part: the parameters but the input arrays, then K's bits. */
    private static final String ARGUMENTS = "iterations, gradient, stride, first, scratch, bits";


    /**
     * One method per segment: its constants, the vectors it takes from earlier parts
     * (scratch rows after the rows the statements use in passing), its code, and the
     * vectors later parts take from it.
     */
    /** The part methods, and the scratch rows they need in {@code rows[0]}. */
    private static List<MethodSpec> parts(LaneBody lanes, int[] rows) {
        List<LaneBody.Segment> segments = lanes.segments();
        LaneType type = LaneType.of(lanes.spec().precision());
        Map<String, Integer> spilled = new LinkedHashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            for (String name : segments.get(k).used) {
                if (!segments.get(k).defined.contains(name)) {
                    spilled.putIfAbsent(name, lanes.firstSpillRow() + spilled.size());
                }
            }
        }
        List<MethodSpec> parts = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            LaneBody.Segment segment = segments.get(k);
            CodeBlock.Builder body = CodeBlock.builder();
            body.addStatement("long redo = 0L");
            for (String uniform : segment.uniforms) {
                body.addStatement("final $T $L = $T.broadcast(SPECIES, $L)", type.vector(), uniform, type.vector(),
                        lanes.uniformValue(uniform));
            }
            for (String name : segment.used) {
                if (!segment.defined.contains(name)) {
                    body.addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", type.vector(),
                            name, type.vector(), spilled.get(name));
                }
            }
            body.add(segment.code.build());
            for (String name : segment.defined) {
                if (spilled.containsKey(name)) {
                    body.addStatement("$L.intoArray(scratch, $L * LANES)", name, spilled.get(name));
                }
            }
            body.addStatement("return redo");
            MethodSpec.Builder part = MethodSpec.methodBuilder("part" + k)
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(long.class)
                    .addJavadoc("Part $L of {@link #pullback}; returns the lanes it flags.\n", k);
            addRowParameters(lanes.spec(), part);
            part.addParameter(long.class, "bits");
            parts.add(part.addCode(body.build()).build());
        }
        rows[0] = lanes.firstSpillRow() + spilled.size();
        return parts;
    }
}
