package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.RuleDefaults;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final ClassName DOUBLE_VECTOR = RuntimeTypes.DOUBLE_VECTOR;
    static final ClassName VECTOR_MASK = RuntimeTypes.VECTOR_MASK;
    static final ClassName VECTOR_OPERATORS = RuntimeTypes.VECTOR_OPERATORS;
    static final ClassName VECTOR_SPECIES = RuntimeTypes.VECTOR_SPECIES;
    /** The run-time K must be below 2^POWER_BITS for the lanes (above, every lane is flagged). */
    static final int POWER_BITS = 53;
    /** About this much source per part method (see {@code Body#endSegmentIfFull}). */
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
        Body body = new Body(spec, rule, outputs);
        MethodSpec method = body.method();
        MethodSpec rows = body.rowsMethod();
        MethodSpec partsMethod = body.partsMethod();
        List<MethodSpec> parts = body.parts();
        List<MethodSpec> patches = body.patchMethods();
        TypeSpec.Builder type = TypeSpec.classBuilder(spec.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(EigenFormulas.pullback(n, RuleClass.method(spec), spec.eigenvalueTerm()).title() + ", as SIMD lanes (jdk.incubator.vector).\n\n<p>Rule: " + spec.parameters()
                        + ". Each lane not flagged by {@code pullback} holds, bit for bit, the gradient of the scalar "
                        + "rule on that problem. Generated from the formula library; see docs/emission.md.\n")
                .addAnnotation(RuleClass.generated(LaneEmitter.class, spec))
                .addField(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(Double.class)),
                        "SPECIES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The species of the lanes: the platform's preferred one.\n")
                        .initializer("$T.SPECIES_PREFERRED", DOUBLE_VECTOR).build())
                .addField(FieldSpec.builder(int.class, "LANES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Problems per call.\n").initializer("SPECIES.length()").build())
                .addField(FieldSpec.builder(int.class, "INPUT_ROWS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Scratch rows of the inputs ({@link #pullbackRows}): values (n), valuesBar (n), "
                                + "vectors (n*n, row-major), vectorsBar (n*n, row-major).\n")
                        .initializer("$L", 2 * n + 2 * n * n).build())
                .addField(blockField("VALUE_BLOCKS", n, "Gather offsets of the lanes' values: problem l at n l."))
                .addField(blockField("VECTOR_BLOCKS", n * n,
                        "Gather offsets of the lanes' vectors: problem l at n^2 l."))
                .addField(FieldSpec.builder(double[].class, "ZERO_VALUES", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("new double[$L * LANES]", n).build())
                .addField(FieldSpec.builder(double[].class, "ZERO_VECTORS", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("new double[$L * LANES]", n * n).build())
                .addField(FieldSpec.builder(int.class, "GRADIENT_ROWS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Rows of the gradient: its entries (i, j), i <= j, row by row.\n")
                        .initializer("$L", n * (n + 1) / 2).build())
                .addField(FieldSpec.builder(int.class, "SCRATCH_LENGTH", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL)
                        .addJavadoc("The length the scratch array needs.\n")
                        .initializer("$L * LANES", Math.max(1, body.scratchRows())).build())
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

    /** The statements of {@code pullback}: written while the expressions are walked. */
    private static final class Body {
        private final RuleSpec spec;
        private final int n;
        private final List<Formula.Output> outputs;
        private final NameAllocator allocator = new NameAllocator();
        private final List<Segment> segments = new ArrayList<>();
        private Segment current = new Segment();
        /** The temporaries that have a vector local (of the same name). */
        private final Set<String> vectors = new HashSet<>();
        /** Every temporary of the program, by name: the scalar branches write out those without a vector. */
        private final Map<String, Value> lets = new HashMap<>();
        /** Scalar names: the method's parameters (the same in every lane). */
        private final Set<String> parameters = new HashSet<>();
        private final Map<Double, String> constantNames = new LinkedHashMap<>();
        private final Map<String, String> parameterLanes = new HashMap<>();
        /** The inputs: gathered into their scratch rows by pullback, loaded in each part that uses them. */
        private final Map<String, Input> inputs = new LinkedHashMap<>();
        /** The Java source of each lane-uniform local: a literal or a parameter. */
        private final Map<String, String> uniformValues = new LinkedHashMap<>();
        private final Map<Value, Boolean> vectorizable = new IdentityHashMap<>();
        private final Map<Value, Boolean> plain = new IdentityHashMap<>();
        /** Rows after the inputs' that statements own: the powering's two, then each patched select's. */
        private int fixedRows = 2;
        private int scratchRows;
        private final List<MethodSpec> patchMethods = new ArrayList<>();
        private int selects;

        Body(RuleSpec spec, Formula rule, List<Formula.Output> outputs) {
            this.spec = spec;
            this.n = spec.size();
            this.outputs = outputs;
            for (String p : List.of("values", "valuesOffset", "vectors", "vectorsOffset", "valuesBar",
                    "valuesBarOffset", "vectorsBar", "vectorsBarOffset", "gradient", "stride", "first", "scratch",
                    "redo", "lane", "bits")) {
                allocator.newName(p, "param:" + p);
            }
            for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
                allocator.newName(p.name(), "param:" + p.name());
                parameters.add(p.name());
            }
            // the scalar rule's program, the report left out
            Program program = FixedSizeEmitter.program(spec, rule, allocator::newName);
            for (Statement.Load load : program.loads()) {
                inputs.put(load.name(), new Input(load.name(), load.array(), firstRow(load.array()) + load.index()));
            }
            seriesCheck();
            List<String> outputNames = new ArrayList<>();
            int row = 0;
            for (Statement statement : program.statements()) {
                if (statement instanceof Statement.Let let) {
                    lets.put(let.name(), let.value());
                    if (vectorizable(let.value())) {
                        CodeBlock value = let.value() instanceof Value.Select select ? select(select, true)
                                : vector(let.value());
                        code().addStatement("final $T $L = $L", DOUBLE_VECTOR, let.name(), value);
                        current.define(let.name());
                        vectors.add(let.name());
                        endSegmentIfFull();
                    }
                } else if (statement instanceof Statement.Result result) {
                    if (!vectorizable(result.value())) {
                        throw new IllegalStateException("output " + result.name() + " of " + spec + " has no lane form");
                    }
                    String local = allocator.newName(result.name(), result);
                    code().addStatement("final $T $L = $L", DOUBLE_VECTOR, local, vector(result.value()));
                    code().addStatement("$L.intoArray(gradient, $L * stride + first)", local, row++);
                    current.define(local);
                    outputNames.add(local);
                    endSegmentIfFull();
                }
            }
            // x * 0 is 0 for finite x: the scalar rule's finiteness test of the gradient
            String zero = constant(0.0);
            CodeBlock.Builder probe = CodeBlock.builder();
            for (String local : outputNames) {
                probe.add(probe.isEmpty() ? "$L.mul($L)" : ".add($L.mul($L))", use(local), zero);
            }
            flag(CodeBlock.of("$L.compare($T.NE, $L)", probe.build(), VECTOR_OPERATORS, zero));
            segments.add(current);
        }

        /** An input: its vector local, the scalar rule's array it comes from, and its scratch row. */
        private record Input(String local, String array, int row) {}

        /** Vector locals and the code that defines them, one method's worth. */
        private static final class Segment {
            final CodeBlock.Builder code = CodeBlock.builder();
            final java.util.Set<String> defined = new java.util.LinkedHashSet<>();
            final java.util.Set<String> used = new java.util.LinkedHashSet<>();
            /** The patch method to run after this part, or -1. */
            int patchAfter = -1;
            /** Lane-uniform constants and parameters used here: declared at the method's start. */
            final java.util.Set<String> uniforms = new java.util.LinkedHashSet<>();

            void define(String local) {
                defined.add(local);
            }
        }

        /** Scratch row k after the inputs' rows: statements' own rows, then the parts' spills. */
        private int transientRow(int k) {
            return 2 * n + 2 * n * n + k;
        }

        /** The arrays of the inputs, in the order of their scratch rows. */
        private static final String[] ARRAYS = {"values", "valuesBar", "vectors", "vectorsBar"};

        /** The scratch row of an array's entry 0: values, valuesBar, vectors, vectorsBar in turn. */
        private int firstRow(String array) {
            return switch (array) {
                case "values" -> 0;
                case "valuesBar" -> n;
                case "vectors" -> 2 * n;
                default -> 2 * n + n * n;
            };
        }

        private CodeBlock.Builder code() {
            return current.code;
        }

        /** Records a use of a vector local by the current segment. */
        private String use(String local) {
            current.used.add(local);
            return local;
        }

        /**
         * C1 gives up on a method of a few KB of vector code ("out of virtual registers") and
         * leaves it to the interpreter for a while: the body is cut into methods of about
         * SEGMENT_CHARACTERS of source, between temporaries.
         */
        private void endSegmentIfFull() {
            if (current.code.build().toString().length() > SEGMENT_CHARACTERS) {
                segments.add(current);
                current = new Segment();
            }
        }

        List<MethodSpec> patchMethods() {
            return patchMethods;
        }

        int scratchRows() {
            return scratchRows;
        }

        MethodSpec method() {
            OpCount ops = OpCount.ofDag(outputs.stream().map(Formula.Output::expr).toList());
            MethodSpec.Builder m = MethodSpec.methodBuilder("pullback")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(long.class);
            for (String array : new String[] {"values", "vectors", "valuesBar", "vectorsBar"}) {
                m.addParameter(double[].class, array).addParameter(int.class, array + "Offset");
            }
            for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
                m.addParameter(p.type(), p.name());
            }
            m.addParameter(double[].class, "gradient").addParameter(int.class, "stride").addParameter(int.class, "first")
                    .addParameter(double[].class, "scratch");
            m.addJavadoc("Pulls back the {@link #LANES} consecutive $Lx$L problems from the offsets, in the layout of "
                    + "the scalar rule's arrays (problem l's values from {@code valuesOffset + $L l}, its vectors from "
                    + "{@code vectorsOffset + $L l}); straight-line vector code, no allocation.\n\n"
                    + "<p>Op count per lane (after common-subexpression elimination, as the scalar rule): $L (total "
                    + "$L).\n\n"
                    + "@param values the eigenvalues, descending\n"
                    + "@param vectors V row-major (column j is eigenvector j)\n"
                    + "@param valuesBar dL/dlambda, or null for zero\n"
                    + "@param vectorsBar dL/dV row-major, or null for zero\n"
                    + "@param iterations K, the number of terms of the series (1 to 2^53)\n"
                    + "@param gradient receives entry k of the upper triangle (row by row: (0, 0), (0, 1), ...) of "
                    + "problem l at {@code gradient[k * stride + first + l]}, {@link #GRADIENT_ROWS} rows\n"
                    + "@param stride the distance between the gradient's rows (>= first + LANES)\n"
                    + "@param first the gradient's column of problem 0\n"
                    + "@param scratch at least {@link #SCRATCH_LENGTH} doubles, overwritten\n"
                    + "@return bit l set: problem l is outside the lanes' checks (a value beyond the series' range, "
                    + "a non-finite gradient) and must be redone with the scalar rule, which names its problem\n",
                    n, n, n, n * n, ops, ops.total());
            CodeBlock.Builder all = CodeBlock.builder();
            all.addStatement("$T.checkLanes($L, LANES, values, valuesOffset, vectors, vectorsOffset, valuesBar, "
                    + "valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, GRADIENT_ROWS, stride, first, scratch, "
                    + "SCRATCH_LENGTH)", RuleClass.SUPPORT, n);
            all.addStatement(RuleClass.parameterCheck(spec), RuleClass.SUPPORT);
            all.beginControlFlow("if (valuesBar == null)").addStatement("valuesBar = ZERO_VALUES")
                    .addStatement("valuesBarOffset = 0").endControlFlow();
            all.beginControlFlow("if (vectorsBar == null)").addStatement("vectorsBar = ZERO_VECTORS")
                    .addStatement("vectorsBarOffset = 0").endControlFlow();
            // every input gathered once into its scratch row (a gather costs more than a row load), in
            // one loop per array: C1 gives up on a method with many gathers written out
            for (String array : ARRAYS) {
                boolean used = inputs.values().stream().anyMatch(input -> input.array().equals(array));
                if (used) {
                    int size = array.startsWith("values") ? n : n * n;
                    all.beginControlFlow("for (int k = 0; k < $L; k++)", size)
                            .addStatement("$T.fromArray(SPECIES, $L, $LOffset + k, $L, 0).intoArray(scratch, ($L + k) * LANES)",
                                    DOUBLE_VECTOR, array, array, size == n ? "VALUE_BLOCKS" : "VECTOR_BLOCKS",
                                    firstRow(array))
                            .endControlFlow();
                }
            }
            all.addStatement("return parts(iterations, gradient, stride, first, scratch)");
            return m.addCode(all.build()).build();
        }

        /** {@code pullbackRows}: the inputs already in the scratch rows. */
        MethodSpec rowsMethod() {
            MethodSpec.Builder m = MethodSpec.methodBuilder("pullbackRows")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(long.class);
            addRowParameters(m);
            m.addJavadoc("As {@link #pullback}, with the inputs already in the first {@link #INPUT_ROWS} rows of "
                    + "{@code scratch}: row r of problem l at {@code scratch[r * LANES + l]}, the rows being the "
                    + "entries of values, valuesBar, vectors and vectorsBar in turn, each in the scalar rule's order "
                    + "(zero rows for an absent cotangent).\n\n"
                    + "@param iterations K, the number of terms of the series (1 to 2^53)\n"
                    + "@param gradient receives the gradient's rows, as in {@link #pullback}\n"
                    + "@param stride the distance between the gradient's rows (>= first + LANES)\n"
                    + "@param first the gradient's column of problem 0\n"
                    + "@param scratch at least {@link #SCRATCH_LENGTH} doubles, its first rows the inputs\n"
                    + "@return the problems to redo with the scalar rule, as in {@link #pullback}\n");
            return m.addStatement("$T.checkLaneRows(LANES, gradient, GRADIENT_ROWS, stride, first, scratch, "
                    + "SCRATCH_LENGTH)", RuleClass.SUPPORT)
                    .addStatement(RuleClass.parameterCheck(spec), RuleClass.SUPPORT)
                    .addStatement("return parts(iterations, gradient, stride, first, scratch)")
                    .build();
        }

        /** The parts in turn, on the inputs in the scratch rows; every lane flagged for a K the lanes do not take. */
        MethodSpec partsMethod() {
            MethodSpec.Builder m = MethodSpec.methodBuilder("parts")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(long.class);
            addRowParameters(m);
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

        private void addRowParameters(MethodSpec.Builder m) {
            for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
                m.addParameter(p.type(), p.name());
            }
            m.addParameter(double[].class, "gradient").addParameter(int.class, "stride").addParameter(int.class, "first")
                    .addParameter(double[].class, "scratch");
        }

        /** The arguments of every part: the parameters but the input arrays, then K's bits. */
        private static final String ARGUMENTS = "iterations, gradient, stride, first, scratch, bits";

        /**
         * One method per segment: its constants, the vectors it takes from earlier parts
         * (scratch rows after the rows the statements use in passing), its code, and the
         * vectors later parts take from it.
         */
        List<MethodSpec> parts() {
            Map<String, Integer> spilled = new LinkedHashMap<>();
            for (int k = 0; k < segments.size(); k++) {
                for (String name : segments.get(k).used) {
                    if (!segments.get(k).defined.contains(name)) {
                        spilled.putIfAbsent(name, transientRow(fixedRows) + spilled.size());
                    }
                }
            }
            List<MethodSpec> parts = new ArrayList<>();
            for (int k = 0; k < segments.size(); k++) {
                Segment segment = segments.get(k);
                CodeBlock.Builder body = CodeBlock.builder();
                body.addStatement("long redo = 0L");
                for (String uniform : segment.uniforms) {
                    body.addStatement("final $T $L = $T.broadcast(SPECIES, $L)", DOUBLE_VECTOR, uniform, DOUBLE_VECTOR,
                            uniformValues.get(uniform));
                }
                for (String name : segment.used) {
                    if (!segment.defined.contains(name)) {
                        body.addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR,
                                name, DOUBLE_VECTOR, spilled.get(name));
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
                addRowParameters(part);
                part.addParameter(long.class, "bits");
                parts.add(part.addCode(body.build()).build());
            }
            scratchRows = transientRow(fixedRows) + spilled.size();
            return parts;
        }

        /**
         * The scalar rule's spectrum check, per lane: lambda finite and descending, and
         * max(|lambda_0|, |lambda_(n-1)|) zero or in the direct range of
         * GeneratedRuleSupport.checkSpectrum (binary exponent -500 to 500); other lanes are
         * flagged, and the scalar rule scales them or names their problem.
         */
        private void seriesCheck() {
            CodeBlock first = value(0);
            CodeBlock last = value(n - 1);
            CodeBlock.Builder b = CodeBlock.builder();
            String largest = allocator.newName("largest");
            b.addStatement("final $T $L = $L.abs().max($L.abs())", DOUBLE_VECTOR, largest, first, last);
            String ok = allocator.newName("inRange");
            b.add("final $T<$T> $L = $L.compare($T.LT, $L).and($L.compare($T.GE, $L).or($L.compare($T.EQ, $L)))",
                    VECTOR_MASK, Double.class, ok, largest, VECTOR_OPERATORS, constant(Math.scalb(1.0, RuleDefaults.DIRECT_MAX_EXPONENT + 1)), largest,
                    VECTOR_OPERATORS, constant(Math.scalb(1.0, RuleDefaults.DIRECT_MIN_EXPONENT)), largest, VECTOR_OPERATORS, constant(0.0));
            String max = constant(Double.MAX_VALUE);
            CodeBlock previous = first;
            for (int i = 1; i < n; i++) {
                CodeBlock current = value(i);
                if (i < n - 1) {
                    b.add(".and($L.abs().compare($T.LE, $L))", current, VECTOR_OPERATORS, max);
                }
                b.add(".and($L.compare($T.GE, $L))", previous, VECTOR_OPERATORS, current);
                previous = current;
            }
            b.add(";\n");
            code().add(b.build());
            flag(CodeBlock.of("$L.not()", ok));
        }

        /** The vector of the lanes' eigenvalue i. */
        private CodeBlock value(int i) {
            for (Input input : inputs.values()) {
                if (input.array().equals("values") && input.row() == i) {
                    return vector(new Value.Named(input.local()));
                }
            }
            throw new IllegalStateException("the rule does not read lambda" + i);
        }

        /** Adds the lanes of {@code mask} (a mask expression) to {@code redo}. */
        private void flag(CodeBlock mask) {
            String local = allocator.newName("flagged");
            code().addStatement("final $T<$T> $L = $L", VECTOR_MASK, Double.class, local, mask);
            code().beginControlFlow("if ($L.anyTrue())", local)
                    .addStatement("redo |= $L.toLong()", local)
                    .endControlFlow();
        }

        /**
         * For a select with a lane form: the branch all lanes take when the other one is not
         * plain lane arithmetic (that one is then computed in scalar for the lanes that need it);
         * null when both branches are plain or both are not (a blend).
         */
        private Value commonBranch(Value.Select select) {
            boolean thenLanes = vectorizable(select.then()) && !plain(select.otherwise());
            boolean otherwiseLanes = vectorizable(select.otherwise()) && !plain(select.then());
            return thenLanes == otherwiseLanes ? null : thenLanes ? select.then() : select.otherwise();
        }

        /** True if {@code v} is lane arithmetic throughout, with no branch to patch. */
        private boolean plain(Value v) {
            Boolean known = plain.get(v);
            if (known == null) {
                known = vectorizable(v) && operands(v).stream().allMatch(this::plain);
                plain.put(v, known);
            }
            return known;
        }

        /** The operands of {@code v}, a temporary's definition standing for its name. */
        private List<Value> operands(Value v) {
            if (v instanceof Value.Named named) {
                Value definition = lets.get(named.name());
                return definition == null ? List.of() : List.of(definition);
            }
            if (v instanceof Value.Negate negate) {
                return List.of(negate.operand());
            }
            if (v instanceof Value.Binary binary) {
                return List.of(binary.left(), binary.right());
            }
            if (v instanceof Value.Call call) {
                return call.arguments();
            }
            if (v instanceof Value.Select select) {
                return List.of(select.left(), select.right(), select.then(), select.otherwise());
            }
            return List.of();
        }

        /** True if the lanes compute {@code v}: a select needs a lane form of its test and of one branch. */
        private boolean vectorizable(Value v) {
            Boolean known = vectorizable.get(v);
            if (known != null) {
                return known;
            }
            boolean result;
            if (v instanceof Value.Call call) {
                result = switch (call.function()) {
                    case SQRT, ABS, MIN, MAX -> call.arguments().stream().allMatch(this::vectorizable);
                    case INTEGER_POWER -> vectorizable(call.arguments().get(0))
                            && call.arguments().get(1) instanceof Value.Named k && parameters.contains(k.name());
                    default -> false;
                };
            } else if (v instanceof Value.Select select) {
                result = vectorizable(select.left()) && vectorizable(select.right())
                        && (vectorizable(select.then()) || vectorizable(select.otherwise()));
            } else {
                result = operands(v).stream().allMatch(this::vectorizable);
            }
            vectorizable.put(v, result);
            return result;
        }

        /** A Java expression of type DoubleVector for {@code v}, with any statements it needs (selects, powers) added first. */
        private CodeBlock vector(Value v) {
            if (v instanceof Value.Named named) {
                String name = named.name();
                if (vectors.contains(name)) {
                    return CodeBlock.of("$L", use(name));
                }
                Input input = inputs.get(name);
                if (input != null) {
                    if (current.defined.add(input.local())) {
                        code().addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR,
                                input.local(), DOUBLE_VECTOR, input.row());
                    }
                    return CodeBlock.of("$L", input.local());
                }
                if (parameters.contains(name)) {
                    return CodeBlock.of("$L", uniform(name));
                }
                throw new IllegalStateException("no lane value for " + name + " in " + spec);
            }
            if (v instanceof Value.Constant c) {
                return CodeBlock.of("$L", constant(c.value()));
            }
            if (v instanceof Value.Negate negate) {
                return CodeBlock.of("$L.neg()", vector(negate.operand()));
            }
            if (v instanceof Value.Binary binary) {
                String method = switch (binary.operator()) {
                    case ADD -> "add";
                    case SUBTRACT -> "sub";
                    case MULTIPLY -> "mul";
                    case DIVIDE -> "div";
                };
                CodeBlock left = vector(binary.left());
                return CodeBlock.of("$L.$L($L)", left, method, vector(binary.right()));
            }
            if (v instanceof Value.Call call) {
                CodeBlock x = vector(call.arguments().get(0));
                return switch (call.function()) {
                    case SQRT -> CodeBlock.of("$L.lanewise($T.SQRT)", x, VECTOR_OPERATORS);
                    case ABS -> CodeBlock.of("$L.abs()", x);
                    case MIN -> CodeBlock.of("$L.min($L)", x, vector(call.arguments().get(1)));
                    case MAX -> CodeBlock.of("$L.max($L)", x, vector(call.arguments().get(1)));
                    case INTEGER_POWER -> CodeBlock.of("$L", integerPower(x));
                    default -> throw new IllegalStateException("no lane form for " + call.function() + " in " + spec);
                };
            }
            return select((Value.Select) v, false);
        }

        /** A lane-uniform vector of a parameter, declared at the start of each part that uses it. */
        private String uniform(String parameter) {
            String name = parameterLanes.computeIfAbsent(parameter, p -> {
                String local = allocator.newName(p + "Lanes");
                uniformValues.put(local, p);
                return local;
            });
            current.uniforms.add(name);
            return name;
        }

        /** A lane-uniform vector of a constant, declared at the start of each part that uses it. */
        private String constant(double value) {
            String name = constantNames.computeIfAbsent(value, v -> {
                String local = allocator.newName("c" + constantNames.size());
                uniformValues.put(local, JavaValues.literal(v));
                return local;
            });
            current.uniforms.add(name);
            return name;
        }

        /**
         * {@code base^K} by the multiplications of {@code GeneratedRuleSupport.integerPower}:
         * the result starts at 1 (1 * x is x), and the square is taken only while bits of K
         * remain. The square and the result stay in two scratch rows across the loop, so no
         * vector is carried around its back edge (that would box it).
         */
        private String integerPower(CodeBlock base) {
            // the first two statement rows, reserved for powers: each is done with them before the next
            int square = transientRow(0);
            int result = transientRow(1);
            String power = allocator.newName("power");
            String e = allocator.newName("e");
            code().addStatement("$L.intoArray(scratch, $L * LANES)", base, square);
            code().addStatement("$L.intoArray(scratch, $L * LANES)", constant(1.0), result);
            code().beginControlFlow("for (long $L = bits; $L != 0; )", e, e)
                    .addStatement("final $T s = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR, DOUBLE_VECTOR,
                            square)
                    .beginControlFlow("if (($L & 1L) != 0)", e)
                    .addStatement("$T.fromArray(SPECIES, scratch, $L * LANES).mul(s).intoArray(scratch, $L * LANES)",
                            DOUBLE_VECTOR, result, result)
                    .endControlFlow()
                    .addStatement("$L >>>= 1", e)
                    .beginControlFlow("if ($L != 0)", e)
                    .addStatement("s.mul(s).intoArray(scratch, $L * LANES)", square)
                    .endControlFlow()
                    .endControlFlow();
            code().addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR, power,
                    DOUBLE_VECTOR, result);
            return power;
        }

        /**
         * A select: a blend when both branches have a lane form; otherwise the branch that has
         * one in every lane, and the scalar source of the other, run by a patch method between
         * this part and the next for the lanes whose test sends them there (through scratch
         * rows, so no vector is merged across a branch or live across a call).
         */
        private CodeBlock select(Value.Select e, boolean statement) {
            String mask = allocator.newName("m" + selects++);
            code().addStatement("final $T<$T> $L = $L.compare($T.$L, $L)", VECTOR_MASK, Double.class, mask,
                    vector(e.left()), VECTOR_OPERATORS, e.comparison().name(), vector(e.right()));
            Value common = commonBranch(e);
            if (common == null) {
                CodeBlock otherwise = vector(e.otherwise());
                return CodeBlock.of("$L.blend($L, $L)", otherwise, vector(e.then()), mask);
            }
            if (!statement) {
                // it ends a part, so nothing may be half-written around it
                throw new IllegalStateException("a select with a scalar branch must be a temporary of its own: " + e);
            }
            // the branch that is not plain arithmetic is the rare one, written in scalar as a whole
            boolean thenLanes = common == e.then();
            Value rare = thenLanes ? e.otherwise() : e.then();
            // rows of this select: its value, 1.0 in the lanes of the rare branch, the operands of that branch
            int row = transientRow(fixedRows);
            Map<String, Integer> operands = new LinkedHashMap<>();
            CodeBlock rareSource = JavaValues.write(scalar(rare, row + 2, operands));
            fixedRows += 2 + operands.size();
            code().addStatement("$L.intoArray(scratch, $L * LANES)", vector(common), row);
            code().addStatement("$L.blend($L, $L).intoArray(scratch, $L * LANES)", constant(thenLanes ? 1.0 : 0.0),
                    constant(thenLanes ? 0.0 : 1.0), mask, row + 1);
            for (Map.Entry<String, Integer> o : operands.entrySet()) {
                code().addStatement("$L.intoArray(scratch, $L * LANES)", vector(new Value.Named(o.getKey())),
                        o.getValue());
            }
            // the scalar branch runs between two parts, where no vector is live: a call with live
            // vectors makes C2 box them
            patchMethods.add(MethodSpec.methodBuilder("patch" + patchMethods.size())
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addJavadoc("The lanes of select $L that take its scalar branch.\n", patchMethods.size())
                    .addParameter(long.class, "iterations")
                    .addParameter(double[].class, "scratch")
                    .beginControlFlow("for (int lane = 0; lane < LANES; lane++)")
                    .beginControlFlow("if (scratch[$L * LANES + lane] != 0)", row + 1)
                    .addStatement("scratch[$L * LANES + lane] = $L", row, rareSource)
                    .endControlFlow()
                    .endControlFlow()
                    .build());
            current.patchAfter = patchMethods.size() - 1;
            segments.add(current);
            current = new Segment();
            return CodeBlock.of("$T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR, row);
        }

        /**
         * {@code v} for one lane in scalar Java: a parameter as itself, a value the lanes hold
         * from its scratch row (slots from {@code firstSlot}, one per name, in {@code operands}),
         * a temporary without a lane form written out in place.
         */
        private Value scalar(Value v, int firstSlot, Map<String, Integer> operands) {
            if (v instanceof Value.Named named) {
                String name = named.name();
                if (parameters.contains(name)) {
                    return named;
                }
                if (vectors.contains(name) || inputs.containsKey(name)) {
                    int slot = operands.computeIfAbsent(name, k -> firstSlot + operands.size());
                    return new Value.Named("scratch[" + slot + " * LANES + lane]");
                }
                Value definition = lets.get(name);
                if (definition == null) {
                    throw new IllegalStateException("no value for " + name + " in " + spec);
                }
                return scalar(definition, firstSlot, operands);
            }
            if (v instanceof Value.Negate negate) {
                return new Value.Negate(scalar(negate.operand(), firstSlot, operands));
            }
            if (v instanceof Value.Binary b) {
                Value left = scalar(b.left(), firstSlot, operands);
                return new Value.Binary(b.operator(), left, scalar(b.right(), firstSlot, operands));
            }
            if (v instanceof Value.Call call) {
                List<Value> arguments = new ArrayList<>();
                for (Value a : call.arguments()) {
                    arguments.add(scalar(a, firstSlot, operands));
                }
                return new Value.Call(call.function(), arguments);
            }
            if (v instanceof Value.Select sel) {
                Value left = scalar(sel.left(), firstSlot, operands);
                Value right = scalar(sel.right(), firstSlot, operands);
                Value then = scalar(sel.then(), firstSlot, operands);
                return new Value.Select(sel.comparison(), left, right, then, scalar(sel.otherwise(), firstSlot, operands));
            }
            return v;
        }
    }

}
