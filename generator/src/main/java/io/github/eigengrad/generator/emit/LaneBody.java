package io.github.eigengrad.generator.emit;

import static io.github.eigengrad.generator.emit.RuntimeTypes.VECTOR_MASK;
import static io.github.eigengrad.generator.emit.RuntimeTypes.VECTOR_OPERATORS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.RuleDefaults;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The vector code of a power-iteration rule's program, walked statement by statement: each
 * temporary with a lane form becomes a {@code DoubleVector} local, cut into segments (one
 * part method each) small enough for C1, with the patch methods of the selects computed
 * apart in scalar. {@link LaneEmitter} builds the class around it.
 */
final class LaneBody {
    private final RuleSpec spec;
    private final LaneType lanes;
    private final int n;
    private final List<Formula.Output> outputs;
    private final NameAllocator allocator = new NameAllocator();
    private final List<Segment> segments = new ArrayList<>();
    private Segment current = new Segment();
    /** The temporaries that have a vector local (of the same name). */
    private final Set<String> vectors = new HashSet<>();
    /** What the lanes compute of the program. */
    private final LaneForms forms;
    /** Scalar names: the method's parameters (the same in every lane). */
    private final Set<String> parameters = new HashSet<>();
    private final Map<Double, String> constantNames = new LinkedHashMap<>();
    private final Map<String, String> parameterLanes = new HashMap<>();
    /** The inputs: gathered into their scratch rows by pullback, loaded in each part that uses them. */
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    /** The Java source of each lane-uniform local: a literal or a parameter. */
    private final Map<String, String> uniformValues = new LinkedHashMap<>();
    /** Rows after the inputs' that statements own: the powering's two, then each patched select's. */
    private int fixedRows = 2;
    private final List<MethodSpec> patchMethods = new ArrayList<>();
    private int selects;

    LaneBody(RuleSpec spec, Formula rule, List<Formula.Output> outputs) {
        this.spec = spec;
        this.lanes = LaneType.of(spec.precision());
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
        this.forms = new LaneForms(program, parameters);
        for (Statement.Load load : program.loads()) {
            inputs.put(load.name(), new Input(load.name(), load.array(), firstRow(load.array()) + load.index()));
        }
        seriesCheck();
        List<String> outputNames = new ArrayList<>();
        int row = 0;
        for (Statement statement : program.statements()) {
            if (statement instanceof Statement.Let let) {
                if (forms.vectorizable(let.value())) {
                    CodeBlock value = let.value() instanceof Value.Select select ? select(select, true)
                            : vector(let.value());
                    code().addStatement("final $T $L = $L", lanes.vector(), let.name(), value);
                    current.define(let.name());
                    vectors.add(let.name());
                    endSegmentIfFull();
                }
            } else if (statement instanceof Statement.Result result) {
                if (!forms.vectorizable(result.value())) {
                    throw new IllegalStateException("output " + result.name() + " of " + spec + " has no lane form");
                }
                String local = allocator.newName(result.name(), result);
                code().addStatement("final $T $L = $L", lanes.vector(), local, vector(result.value()));
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
    static final class Segment {
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

    RuleSpec spec() {
        return spec;
    }

    /** The gradient's outputs, in the order of its rows. */
    List<Formula.Output> outputs() {
        return outputs;
    }

    /** The parts' code, in order. */
    List<Segment> segments() {
        return segments;
    }

    /** The patch methods of the selects with a scalar branch. */
    List<MethodSpec> patchMethods() {
        return patchMethods;
    }

    /** True if the rule reads an entry of {@code array}. */
    boolean reads(String array) {
        return inputs.values().stream().anyMatch(input -> input.array().equals(array));
    }

    /** The Java source of a lane-uniform local: a literal or a parameter. */
    String uniformValue(String local) {
        return uniformValues.get(local);
    }

    /** The first scratch row free for the parts' spills: after the inputs' rows and the statements' own. */
    int firstSpillRow() {
        return transientRow(fixedRows);
    }

    /** Scratch row k after the inputs' rows: statements' own rows, then the parts' spills. */
    private int transientRow(int k) {
        return 2 * n + 2 * n * n + k;
    }

    /** The arrays of the inputs, in the order of their scratch rows. */
    static final String[] ARRAYS = {"values", "valuesBar", "vectors", "vectorsBar"};

    /** The scratch row of an array's entry 0: values, valuesBar, vectors, vectorsBar in turn. */
    int firstRow(String array) {
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
        if (current.code.build().toString().length() > LaneEmitter.SEGMENT_CHARACTERS) {
            segments.add(current);
            current = new Segment();
        }
    }

    /**
     * The scalar rule's spectrum check, per lane: lambda finite and descending, and
     * max(|lambda_0|, |lambda_(n-1)|) zero or in the direct range of
     * SpectrumScaling.checkSpectrum (binary exponent -500 to 500); other lanes are
     * flagged, and the scalar rule scales them or names their problem.
     */
    private void seriesCheck() {
        CodeBlock first = value(0);
        CodeBlock last = value(n - 1);
        CodeBlock.Builder b = CodeBlock.builder();
        String largest = allocator.newName("largest");
        b.addStatement("final $T $L = $L.abs().max($L.abs())", lanes.vector(), largest, first, last);
        String ok = allocator.newName("inRange");
        boolean single = spec.isFloat();
        int top = single ? RuleDefaults.FLOAT_DIRECT_EXPONENT : RuleDefaults.DIRECT_MAX_EXPONENT;
        int bottom = single ? -RuleDefaults.FLOAT_DIRECT_EXPONENT : RuleDefaults.DIRECT_MIN_EXPONENT;
        b.add("final $T<$T> $L = $L.compare($T.LT, $L).and($L.compare($T.GE, $L).or($L.compare($T.EQ, $L)))",
                VECTOR_MASK, lanes.box(), ok, largest, VECTOR_OPERATORS, constant(Math.scalb(1.0, top + 1)), largest,
                VECTOR_OPERATORS, constant(Math.scalb(1.0, bottom)), largest, VECTOR_OPERATORS, constant(0.0));
        String max = constant(lanes.maxValue());
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
        code().addStatement("final $T<$T> $L = $L", VECTOR_MASK, lanes.box(), local, mask);
        code().beginControlFlow("if ($L.anyTrue())", local)
                .addStatement("redo |= $L.toLong()", local)
                .endControlFlow();
    }

    /** A Java expression of type DoubleVector for {@code v}, with any statements it needs (selects, powers) added first. */
    private CodeBlock vector(Value v) {
        return LaneValues.write(v, this::leaf);
    }

    /** Names, constants, the run-time power and selects: what {@link LaneValues} leaves to this backend. */
    private CodeBlock leaf(Value v) {
        if (v instanceof Value.Named named) {
            String name = named.name();
            if (vectors.contains(name)) {
                return CodeBlock.of("$L", use(name));
            }
            Input input = inputs.get(name);
            if (input != null) {
                if (current.defined.add(input.local())) {
                    code().addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", lanes.vector(),
                            input.local(), lanes.vector(), input.row());
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
        if (v instanceof Value.Call call && call.function() == io.github.eigengrad.generator.program.Intrinsic.INTEGER_POWER) {
            return CodeBlock.of("$L", integerPower(vector(call.arguments().get(0))));
        }
        if (v instanceof Value.Select select) {
            return select(select, false);
        }
        throw new IllegalStateException("no lane form for " + v + " in " + spec);
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
            uniformValues.put(local, lanes.literal(v));
            return local;
        });
        current.uniforms.add(name);
        return name;
    }

    /**
     * {@code base^K} by the multiplications of {@code RuleArithmetic.integerPower}:
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
        code().addStatement("$L.intoArray(scratch, $L * LANES)", flushed(base), square);
        code().addStatement("$L.intoArray(scratch, $L * LANES)", constant(1.0), result);
        code().beginControlFlow("for (long $L = bits; $L != 0; )", e, e)
                .addStatement("final $T s = $T.fromArray(SPECIES, scratch, $L * LANES)", lanes.vector(), lanes.vector(),
                        square)
                .beginControlFlow("if (($L & 1L) != 0)", e)
                .addStatement("$L.intoArray(scratch, $L * LANES)", flushed(CodeBlock.of(
                        "$T.fromArray(SPECIES, scratch, $L * LANES).mul(s)", lanes.vector(), result)), result)
                .endControlFlow()
                .addStatement("$L >>>= 1", e)
                .beginControlFlow("if ($L != 0)", e)
                .addStatement("$L.intoArray(scratch, $L * LANES)", flushed(CodeBlock.of("s.mul(s)")), square)
                .endControlFlow()
                .endControlFlow();
        code().addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", lanes.vector(), power,
                lanes.vector(), result);
        return power;
    }

    /**
     * In float, {@code v} with the lanes below {@code RuleArithmetic.FLOAT_POWER_FLUSH} in
     * magnitude set to zero, as the scalar float powering does; in double {@code v} itself.
     */
    private CodeBlock flushed(CodeBlock v) {
        if (!spec.isFloat()) {
            return v;
        }
        String local = allocator.newName("product");
        code().addStatement("final $T $L = $L", lanes.vector(), local, v);
        return CodeBlock.of("$L.blend(0.0f, $L.abs().compare($T.LT, $T.FLOAT_POWER_FLUSH))", local, local,
                VECTOR_OPERATORS, RuntimeTypes.ARITHMETIC);
    }

    /**
     * A select: a blend when both branches have a lane form; otherwise the branch that has
     * one in every lane, and the scalar source of the other, run by a patch method between
     * this part and the next for the lanes whose test sends them there (through scratch
     * rows, so no vector is merged across a branch or live across a call).
     */
    private CodeBlock select(Value.Select e, boolean statement) {
        String mask = allocator.newName("m" + selects++);
        code().addStatement("final $T<$T> $L = $L.compare($T.$L, $L)", VECTOR_MASK, lanes.box(), mask,
                vector(e.left()), VECTOR_OPERATORS, e.comparison().name(), vector(e.right()));
        Value common = forms.commonBranch(e);
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
        CodeBlock rareSource = JavaValues.write(forms.scalar(rare, name -> vectors.contains(name) || inputs.containsKey(name),
                row + 2, operands), lanes.element());
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
                .addParameter(lanes.array(), "scratch")
                .beginControlFlow("for (int lane = 0; lane < LANES; lane++)")
                .beginControlFlow("if (scratch[$L * LANES + lane] != 0)", row + 1)
                .addStatement("scratch[$L * LANES + lane] = $L", row, rareSource)
                .endControlFlow()
                .endControlFlow()
                .build());
        current.patchAfter = patchMethods.size() - 1;
        segments.add(current);
        current = new Segment();
        return CodeBlock.of("$T.fromArray(SPECIES, scratch, $L * LANES)", lanes.vector(), row);
    }
}
