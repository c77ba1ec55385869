package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.RuleDefaults;
import io.github.eigengrad.generator.print.Terms;
import io.github.eigengrad.generator.simplify.CommonSubexpressions;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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
    static final ClassName DOUBLE_VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
    static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
    static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
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
        /** Vector locals of the temporaries. */
        private final Map<Expr, String> vectors = new IdentityHashMap<>();
        /** Scalar names: the method's parameters (the same in every lane). */
        private final Map<Expr, String> parameters = new IdentityHashMap<>();
        private final Map<Double, String> constantNames = new LinkedHashMap<>();
        private final Map<Expr, String> parameterLanes = new IdentityHashMap<>();
        /** The inputs: gathered into their scratch rows by pullback, loaded in each part that uses them. */
        private final Map<Expr, Input> inputs = new IdentityHashMap<>();
        /** The Java source of each lane-uniform local: a literal or a parameter. */
        private final Map<String, String> uniformValues = new LinkedHashMap<>();
        private final Map<Expr, Boolean> vectorizable = new IdentityHashMap<>();
        private final Map<Expr, Boolean> plain = new IdentityHashMap<>();
        private final CommonSubexpressions cse;
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
                parameters.put(p.variable(), p.name());
            }
            List<Expr> gradient = outputs.stream().map(Formula.Output::expr).toList();
            for (String input : rule.inputs()) {
                Expr v = Expr.variable(input);
                if (!parameters.containsKey(v)) {
                    // "<array>[<array>Offset + <index>]": the scalar rule's load names the array and entry
                    String load = FixedSizeEmitter.load(input, n, FixedSizeEmitter.INPUT_ARRAYS);
                    String array = load.substring(0, load.indexOf('['));
                    int index = Integer.parseInt(load.substring(load.lastIndexOf('+') + 2, load.length() - 1));
                    inputs.put(v, new Input(allocator.newName(input, v), array, firstRow(array) + index));
                }
            }
            seriesCheck();
            // a patched select ends a part, so it must be a temporary of its own
            java.util.Set<Expr> forced = JavaExpressions.powerBases(gradient);
            forced.addAll(patchedSelects(gradient));
            this.cse = CommonSubexpressions.of(gradient, forced);
            int temporaries = 0;
            for (Expr t : cse.temporaries()) {
                String local = allocator.newName("t" + temporaries++, t);
                if (vectorizable(t)) {
                    String value = vector(t, true);
                    code().addStatement("final $T $L = $L", DOUBLE_VECTOR, local, value);
                    current.define(local);
                    vectors.put(t, local);
                    endSegmentIfFull();
                }
            }
            List<String> outputNames = new ArrayList<>();
            int row = 0;
            for (Formula.Output o : outputs) {
                if (!vectorizable(o.expr())) {
                    throw new IllegalStateException("output " + o.name() + " of " + spec + " has no lane form");
                }
                String local = allocator.newName(o.name(), o);
                code().addStatement("final $T $L = $L", DOUBLE_VECTOR, local, vector(o.expr(), false));
                code().addStatement("$L.intoArray(gradient, $L * stride + first)", local, row++);
                current.define(local);
                outputNames.add(local);
                endSegmentIfFull();
            }
            // x * 0 is 0 for finite x: the scalar rule's finiteness test of the gradient
            String zero = constant(0.0);
            String probe = null;
            for (String local : outputNames) {
                String term = use(local) + ".mul(" + zero + ")";
                probe = probe == null ? term : probe + ".add(" + term + ")";
            }
            flag(probe + ".compare($T.NE, " + zero + ")", VECTOR_OPERATORS);
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
            String first = vector(Expr.variable(EigenInputs.LAMBDA + "0"), false);
            String last = vector(Expr.variable(EigenInputs.LAMBDA + (n - 1)), false);
            CodeBlock.Builder b = CodeBlock.builder();
            String largest = allocator.newName("largest");
            b.addStatement("final $T $L = $L.abs().max($L.abs())", DOUBLE_VECTOR, largest, first, last);
            String ok = allocator.newName("inRange");
            b.add("final $T<$T> $L = $L.compare($T.LT, $L).and($L.compare($T.GE, $L).or($L.compare($T.EQ, $L)))",
                    VECTOR_MASK, Double.class, ok, largest, VECTOR_OPERATORS, constant(Math.scalb(1.0, RuleDefaults.DIRECT_MAX_EXPONENT + 1)), largest,
                    VECTOR_OPERATORS, constant(Math.scalb(1.0, RuleDefaults.DIRECT_MIN_EXPONENT)), largest, VECTOR_OPERATORS, constant(0.0));
            String max = constant(Double.MAX_VALUE);
            String previous = first;
            for (int i = 1; i < n; i++) {
                String current = vector(Expr.variable(EigenInputs.LAMBDA + i), false);
                if (i < n - 1) {
                    b.add(".and($L.abs().compare($T.LE, $L))", current, VECTOR_OPERATORS, max);
                }
                b.add(".and($L.compare($T.GE, $L))", previous, VECTOR_OPERATORS, current);
                previous = current;
            }
            b.add(";\n");
            code().add(b.build());
            flag(ok + ".not()");
        }

        /** Adds the lanes of {@code mask} (a mask expression) to {@code redo}. */
        private void flag(String mask, Object... args) {
            String local = allocator.newName("flagged");
            code().addStatement("final $T<$T> $L = " + mask, concat(new Object[] {VECTOR_MASK, Double.class, local}, args));
            code().beginControlFlow("if ($L.anyTrue())", local)
                    .addStatement("redo |= $L.toLong()", local)
                    .endControlFlow();
        }

        private static Object[] concat(Object[] a, Object[] b) {
            Object[] all = new Object[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }

        /** The selects of the lanes' DAG (outside the scalar branches) whose one branch is scalar. */
        private java.util.Set<Expr> patchedSelects(List<Expr> outputs) {
            java.util.Set<Expr> found = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            java.util.Set<Expr> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>(outputs);
            while (!stack.isEmpty()) {
                Expr e = stack.pop();
                if (!seen.add(e)) {
                    continue;
                }
                Expr common = e.op() == Op.SELECT && vectorizable(e) ? commonBranch(e) : null;
                if (common != null) {
                    found.add(e);
                    // the scalar branch is not walked: it is written out in scalar
                    stack.push(e.argument(0));
                    stack.push(e.argument(1));
                    stack.push(common);
                    continue;
                }
                stack.addAll(e.arguments());
            }
            return found;
        }

        /**
         * For a select with a lane form: the branch all lanes take when the other one is not
         * plain lane arithmetic (that one is then computed in scalar for the lanes that need it);
         * null when both branches are plain or both are not (a blend).
         */
        private Expr commonBranch(Expr select) {
            boolean thenLanes = vectorizable(select.argument(2)) && !plain(select.argument(3));
            boolean otherwiseLanes = vectorizable(select.argument(3)) && !plain(select.argument(2));
            return thenLanes == otherwiseLanes ? null : thenLanes ? select.argument(2) : select.argument(3);
        }

        /** True if {@code e} is lane arithmetic throughout, with no branch to patch. */
        private boolean plain(Expr e) {
            Boolean known = plain.get(e);
            if (known == null) {
                known = vectorizable(e) && e.arguments().stream().allMatch(this::plain);
                plain.put(e, known);
            }
            return known;
        }

        /** True if the lanes compute {@code e}: a select needs a lane form of its test and of one branch. */
        private boolean vectorizable(Expr e) {
            Boolean known = vectorizable.get(e);
            if (known != null) {
                return known;
            }
            boolean result = switch (e.op()) {
                case CONSTANT, VARIABLE -> true;
                case SUM, PRODUCT, NEGATE, QUOTIENT, SQRT, ABS, MIN, MAX ->
                    e.arguments().stream().allMatch(this::vectorizable);
                case POWER -> Math.abs(e.exponent()) <= 4 && vectorizable(e.argument(0));
                case INTEGER_POWER -> vectorizable(e.argument(0)) && parameters.containsKey(e.argument(1));
                case SELECT -> vectorizable(e.argument(0)) && vectorizable(e.argument(1))
                        && (vectorizable(e.argument(2)) || vectorizable(e.argument(3)));
                default -> false;
            };
            vectorizable.put(e, result);
            return result;
        }

        /** Named in the scalar source: an input, a parameter or a temporary. */
        private boolean scalarNamed(Expr e) {
            return e.op() == Op.VARIABLE || cse.isTemporary(e);
        }

        /**
         * A Java expression of type DoubleVector for {@code e}, with any statements it needs
         * (selects, powers) added first; {@code root}: write e itself, not its name.
         */
        private String vector(Expr e, boolean root) {
            if (!root) {
                String name = vectors.get(e);
                if (name != null) {
                    return use(name);
                }
                Input input = inputs.get(e);
                if (input != null) {
                    if (current.defined.add(input.local())) {
                        code().addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR,
                                input.local(), DOUBLE_VECTOR, input.row());
                    }
                    return input.local();
                }
                if (parameters.containsKey(e)) {
                    return uniform(e);
                }
            }
            switch (e.op()) {
                case CONSTANT:
                    return constant(e.value());
                case SUM: {
                    List<Expr> terms = Terms.positiveFirst(e.arguments());
                    StringBuilder b = new StringBuilder(vector(terms.get(0), false));
                    for (int i = 1; i < terms.size(); i++) {
                        Expr t = terms.get(i);
                        Expr magnitude = Terms.negativePart(t);
                        if (magnitude != null && !scalarNamed(t)) {
                            b.append(".sub(").append(vector(magnitude, false)).append(')');
                        } else {
                            b.append(".add(").append(vector(t, false)).append(')');
                        }
                    }
                    return b.toString();
                }
                case PRODUCT: {
                    StringBuilder b = new StringBuilder(vector(e.argument(0), false));
                    for (int i = 1; i < e.arity(); i++) {
                        b.append(".mul(").append(vector(e.argument(i), false)).append(')');
                    }
                    return b.toString();
                }
                case NEGATE:
                    return vector(e.argument(0), false) + ".neg()";
                case QUOTIENT:
                    return vector(e.argument(0), false) + ".div(" + vector(e.argument(1), false) + ")";
                case POWER: {
                    String b = vector(e.argument(0), false);
                    StringBuilder p = new StringBuilder(b);
                    for (int i = 1; i < Math.abs(e.exponent()); i++) {
                        p.append(".mul(").append(b).append(')');
                    }
                    return e.exponent() < 0 ? constant(1.0) + ".div(" + p + ")" : p.toString();
                }
                case INTEGER_POWER:
                    return integerPower(vector(e.argument(0), false));
                case SQRT:
                    return vector(e.argument(0), false) + ".lanewise(" + VECTOR_OPERATORS.simpleName() + ".SQRT)";
                case ABS:
                    return vector(e.argument(0), false) + ".abs()";
                case MIN:
                    return vector(e.argument(0), false) + ".min(" + vector(e.argument(1), false) + ")";
                case MAX:
                    return vector(e.argument(0), false) + ".max(" + vector(e.argument(1), false) + ")";
                case SELECT:
                    return select(e);
                default:
                    throw new IllegalStateException("no lane form for " + e.op() + " in " + spec);
            }
        }

        /** A lane-uniform vector of a parameter, declared at the start of each part that uses it. */
        private String uniform(Expr parameter) {
            String name = parameterLanes.computeIfAbsent(parameter, p -> {
                String local = allocator.newName(parameters.get(p) + "Lanes");
                uniformValues.put(local, parameters.get(p));
                return local;
            });
            current.uniforms.add(name);
            return name;
        }

        /** A lane-uniform vector of a constant, declared at the start of each part that uses it. */
        private String constant(double value) {
            String name = constantNames.computeIfAbsent(value, v -> {
                String local = allocator.newName("c" + constantNames.size());
                uniformValues.put(local, JavaExpressions.literal(v));
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
        private String integerPower(String base) {
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
        private String select(Expr e) {
            String mask = allocator.newName("m" + selects++);
            code().addStatement("final $T<$T> $L = $L.compare($T.$L, $L)", VECTOR_MASK, Double.class, mask,
                    vector(e.argument(0), false), VECTOR_OPERATORS, e.comparison().name(),
                    vector(e.argument(1), false));
            Expr then = e.argument(2);
            Expr otherwise = e.argument(3);
            Expr common = commonBranch(e);
            if (common == null) {
                return vector(otherwise, false) + ".blend(" + vector(then, false) + ", " + mask + ")";
            }
            // the branch that is not plain arithmetic is the rare one, written in scalar as a whole
            boolean thenLanes = common == then;
            Expr rare = thenLanes ? otherwise : then;
            // rows of this select: its value, 1.0 in the lanes of the rare branch, the operands of that branch
            int row = transientRow(fixedRows);
            Map<Expr, Integer> operands = new LinkedHashMap<>();
            JavaExpressions scalar = new JavaExpressions(x -> {
                if (parameters.containsKey(x)) {
                    return parameters.get(x);
                }
                if (!vectors.containsKey(x) && !inputs.containsKey(x)) {
                    return null; // written out: a constant, or a temporary without a lane form
                }
                int slot = operands.computeIfAbsent(x, k -> row + 2 + operands.size());
                return "scratch[" + slot + " * LANES + lane]";
            });
            String rareSource = scalar.write(rare, true);
            fixedRows += 2 + operands.size();
            code().addStatement("$L.intoArray(scratch, $L * LANES)", vector(common, false), row);
            code().addStatement("$L.blend($L, $L).intoArray(scratch, $L * LANES)", constant(thenLanes ? 1.0 : 0.0),
                    constant(thenLanes ? 0.0 : 1.0), mask, row + 1);
            for (Map.Entry<Expr, Integer> o : operands.entrySet()) {
                code().addStatement("$L.intoArray(scratch, $L * LANES)", vector(o.getKey(), false), o.getValue());
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
            return DOUBLE_VECTOR.simpleName() + ".fromArray(SPECIES, scratch, " + row + " * LANES)";
        }
    }

}
