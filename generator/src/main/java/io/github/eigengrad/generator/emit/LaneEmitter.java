package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.EigenInputs;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.print.FormulaLayout;
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
 * ({@code jdk.incubator.vector}): one call pulls back as many problems as the preferred
 * species has lanes, stored as lanes (input row r of problem l at {@code r * stride + first + l}).
 *
 * <p>Every lane it does not flag gets, bit for bit, the gradient of the {@link FixedSizeEmitter}
 * rule: the same common subexpressions, each evaluated with the same IEEE operations in the
 * order Java evaluates the scalar source ({@link io.github.eigengrad.generator.print.Infix}'s
 * tree, mirrored operation by operation). A select whose branches are plain arithmetic becomes
 * a blend. A select with a branch that calls a function the lanes do not have (the
 * {@code expm1}/{@code log1p} coefficient near a tie) takes the other branch in every lane,
 * then recomputes the lanes that need it with that branch's scalar source. Lanes outside the
 * scalar rule's checks (values beyond the series' range, a non-finite gradient) are returned
 * as a bit mask for the caller to redo with the scalar rule, which throws what it throws.
 * {@code x^K} for the run-time K is binary powering with the scalar's multiplications, in a
 * loop over K's bits (the same in every lane) that keeps its vectors in scratch rows.
 */
public final class LaneEmitter {
    static final ClassName DOUBLE_VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
    static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
    static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
    /** The run-time K must be below 2^POWER_BITS for the lanes (above, every lane is flagged). */
    static final int POWER_BITS = 53;

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
                        .addJavadoc("Rows of the input: lambda (n), lambdaBar (n), V (n*n, row-major), "
                                + "VBar (n*n, row-major).\n")
                        .initializer("$L", 2 * n + 2 * n * n).build())
                .addField(FieldSpec.builder(int.class, "GRADIENT_ROWS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Rows of the gradient: its entries (i, j), i <= j, row by row.\n")
                        .initializer("$L", n * (n + 1) / 2).build())
                .addField(FieldSpec.builder(int.class, "SCRATCH_LENGTH", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL)
                        .addJavadoc("The length the scratch array needs.\n")
                        .initializer("$L * LANES", Math.max(1, body.scratchRows())).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(method);
        return RuleClass.file(spec, LaneEmitter.class, type.build());
    }

    /** The statements of {@code pullback}: written while the expressions are walked. */
    private static final class Body {
        private final RuleSpec spec;
        private final int n;
        private final List<Formula.Output> outputs;
        private final NameAllocator allocator = new NameAllocator();
        private final CodeBlock.Builder constants = CodeBlock.builder();
        private final CodeBlock.Builder code = CodeBlock.builder();
        /** Vector locals of inputs, temporaries and lane-uniform constants. */
        private final Map<Expr, String> vectors = new IdentityHashMap<>();
        /** Scalar names: the method's parameters (the same in every lane). */
        private final Map<Expr, String> parameters = new IdentityHashMap<>();
        private final Map<Double, String> constantNames = new LinkedHashMap<>();
        private final Map<Expr, Boolean> vectorizable = new IdentityHashMap<>();
        private final Map<Expr, Boolean> plain = new IdentityHashMap<>();
        private final CommonSubexpressions cse;
        private int scratchRows;
        private int patches;

        Body(RuleSpec spec, Formula rule, List<Formula.Output> outputs) {
            this.spec = spec;
            this.n = spec.size();
            this.outputs = outputs;
            for (String p : List.of("lanes", "stride", "first", "gradient", "scratch", "redo", "lane", "bits")) {
                allocator.newName(p, "param:" + p);
            }
            for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
                allocator.newName(p.name(), "param:" + p.name());
                parameters.put(p.variable(), p.name());
            }
            List<Expr> gradient = outputs.stream().map(Formula.Output::expr).toList();
            for (String input : FormulaLayout.of(rule).inputs()) {
                Expr v = Expr.variable(input);
                if (!parameters.containsKey(v)) {
                    String local = allocator.newName(input, v);
                    vectors.put(v, local);
                    code.addStatement("final $T $L = $T.fromArray(SPECIES, lanes, $L * stride + first)", DOUBLE_VECTOR,
                            local, DOUBLE_VECTOR, row(input));
                }
            }
            seriesCheck();
            this.cse = CommonSubexpressions.of(gradient, JavaExpressions.powerBases(gradient));
            int temporaries = 0;
            for (Expr t : cse.temporaries()) {
                String local = allocator.newName("t" + temporaries++, t);
                if (vectorizable(t)) {
                    String value = vector(t, true);
                    code.addStatement("final $T $L = $L", DOUBLE_VECTOR, local, value);
                    vectors.put(t, local);
                }
            }
            String probe = null;
            int row = 0;
            for (Formula.Output o : outputs) {
                if (!vectorizable(o.expr())) {
                    throw new IllegalStateException("output " + o.name() + " of " + spec + " has no lane form");
                }
                String local = allocator.newName(o.name(), o);
                code.addStatement("final $T $L = $L", DOUBLE_VECTOR, local, vector(o.expr(), false));
                code.addStatement("$L.intoArray(gradient, $L * stride + first)", local, row++);
                String zero = constant(0.0);
                probe = probe == null ? local + ".mul(" + zero + ")" : probe + ".add(" + local + ".mul(" + zero + "))";
            }
            // x * 0 is 0 for finite x: the scalar rule's finiteness test of the gradient
            flag(probe + ".compare($T.NE, " + constant(0.0) + ")", VECTOR_OPERATORS);
            code.addStatement("return redo");
        }

        int scratchRows() {
            return scratchRows;
        }

        MethodSpec method() {
            OpCount ops = OpCount.ofDag(outputs.stream().map(Formula.Output::expr).toList());
            MethodSpec.Builder m = MethodSpec.methodBuilder("pullback")
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(long.class)
                    .addParameter(double[].class, "lanes")
                    .addParameter(int.class, "stride")
                    .addParameter(int.class, "first");
            for (RuleClass.Parameter p : RuleClass.parameters(spec)) {
                m.addParameter(double.class, p.name());
            }
            m.addParameter(double[].class, "gradient").addParameter(double[].class, "scratch");
            m.addJavadoc("Pulls back {@link #LANES} $Lx$L problems stored as lanes; straight-line vector code, no "
                    + "allocation.\n\n<p>Op count per lane (after common-subexpression elimination, as the scalar "
                    + "rule): $L (total $L).\n\n"
                    + "@param lanes input row r of problem l at {@code lanes[r * stride + first + l]}, rows as "
                    + "{@link #INPUT_ROWS}\n"
                    + "@param stride the distance between rows (>= first + LANES)\n"
                    + "@param first the column of problem 0\n"
                    + "@param iterations K, the number of terms of the series (>= 1)\n"
                    + "@param gradient receives row k of problem l at {@code gradient[k * stride + first + l]}, rows "
                    + "as {@link #GRADIENT_ROWS}\n"
                    + "@param scratch at least {@link #SCRATCH_LENGTH} doubles, overwritten\n"
                    + "@return bit l set: problem l is outside the lanes' checks (a value beyond the series' range, "
                    + "a non-finite gradient) and must be redone with the scalar rule, which names its problem\n",
                    n, n, ops, ops.total());
            CodeBlock.Builder all = CodeBlock.builder();
            all.addStatement("$T.checkLanes($L, lanes, stride, first, LANES, gradient, GRADIENT_ROWS, scratch, "
                    + "SCRATCH_LENGTH)", RuleClass.SUPPORT, 2 * n + 2 * n * n);
            all.addStatement(RuleClass.parameterCheck(spec), RuleClass.SUPPORT);
            all.addStatement("long redo = 0L");
            all.beginControlFlow("if (!(iterations < 0x1p$L))", POWER_BITS)
                    .addStatement("return (1L << LANES) - 1")
                    .endControlFlow();
            all.addStatement("final long bits = (long) iterations");
            all.add(constants.build()).add(code.build());
            return m.addCode(all.build()).build();
        }

        /** Row of an input variable: lambda, lambdaBar, V, VBar in that order. */
        private int row(String input) {
            String[][] rows = {{EigenInputs.LAMBDA_BAR, "" + n}, {EigenInputs.V_BAR, "" + (2 * n + n * n)},
                {EigenInputs.LAMBDA, "0"}, {EigenInputs.V, "" + 2 * n}};
            String load = FixedSizeEmitter.load(input, n, rows);
            // load() writes "<base>[<base>Offset + <index>]": the base is the first row of the array
            int base = Integer.parseInt(load.substring(0, load.indexOf('[')));
            int index = Integer.parseInt(load.substring(load.lastIndexOf('+') + 2, load.length() - 1));
            return base + index;
        }

        /**
         * The scalar rule's spectrum check, per lane: lambda finite and max(|lambda_0|,
         * |lambda_(n-1)|) within the series' range; other lanes are flagged.
         */
        private void seriesCheck() {
            String first = vectors.get(Expr.variable(EigenInputs.LAMBDA + "0"));
            String last = vectors.get(Expr.variable(EigenInputs.LAMBDA + (n - 1)));
            CodeBlock.Builder b = CodeBlock.builder();
            String range = constant(Double.MAX_VALUE / 4);
            String ok = allocator.newName("inRange");
            b.add("final $T<$T> $L = $L.abs().compare($T.LE, $L).and($L.abs().compare($T.LE, $L))",
                    VECTOR_MASK, Double.class, ok, first, VECTOR_OPERATORS, range, last, VECTOR_OPERATORS, range);
            String max = constant(Double.MAX_VALUE);
            for (int i = 1; i < n - 1; i++) {
                b.add(".and($L.abs().compare($T.LE, $L))", vectors.get(Expr.variable(EigenInputs.LAMBDA + i)),
                        VECTOR_OPERATORS, max);
            }
            b.add(";\n");
            code.add(b.build());
            flag(ok + ".not()");
        }

        /** Adds the lanes of {@code mask} (a mask expression) to {@code redo}. */
        private void flag(String mask, Object... args) {
            String local = allocator.newName("flagged");
            code.addStatement("final $T<$T> $L = " + mask, concat(new Object[] {VECTOR_MASK, Double.class, local}, args));
            code.beginControlFlow("if ($L.anyTrue())", local)
                    .addStatement("redo |= $L.toLong()", local)
                    .endControlFlow();
        }

        private static Object[] concat(Object[] a, Object[] b) {
            Object[] all = new Object[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
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
                    return name;
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

        /** A lane-uniform vector of a parameter. */
        private String uniform(Expr parameter) {
            String name = vectors.get(parameter);
            if (name == null) {
                name = allocator.newName(parameters.get(parameter) + "Lanes");
                constants.addStatement("final $T $L = $T.broadcast(SPECIES, $L)", DOUBLE_VECTOR, name, DOUBLE_VECTOR,
                        parameters.get(parameter));
                vectors.put(parameter, name);
            }
            return name;
        }

        /** A lane-uniform vector of a constant, declared once before the arithmetic. */
        private String constant(double value) {
            return constantNames.computeIfAbsent(value, v -> {
                String name = allocator.newName("c" + constantNames.size());
                constants.addStatement("final $T $L = $T.broadcast(SPECIES, $L)", DOUBLE_VECTOR, name, DOUBLE_VECTOR,
                        JavaExpressions.literal(v));
                return name;
            });
        }

        /**
         * {@code base^K} by the multiplications of {@code GeneratedRuleSupport.integerPower}:
         * the result starts at 1 (1 * x is x), and the square is taken only while bits of K
         * remain. The square and the result stay in two scratch rows across the loop, so no
         * vector is carried around its back edge (that would box it).
         */
        private String integerPower(String base) {
            // rows 0 and 1: a power, like a patched select, is done with the scratch rows before
            // the next statement that uses them
            int square = 0;
            int result = 1;
            scratchRows = Math.max(scratchRows, 2);
            String power = allocator.newName("power");
            String e = allocator.newName("e");
            code.addStatement("$L.intoArray(scratch, $L * LANES)", base, square);
            code.addStatement("$L.intoArray(scratch, $L * LANES)", constant(1.0), result);
            code.beginControlFlow("for (long $L = bits; $L != 0; )", e, e)
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
            code.addStatement("final $T $L = $T.fromArray(SPECIES, scratch, $L * LANES)", DOUBLE_VECTOR, power,
                    DOUBLE_VECTOR, result);
            return power;
        }

        /**
         * A select: a blend when both branches have a lane form; otherwise the branch that has
         * one in every lane, and the scalar source of the other in the lanes whose test sends
         * them there (through the scratch array, so no vector is merged across a branch).
         */
        private String select(Expr e) {
            String mask = allocator.newName("m" + patches++);
            code.addStatement("final $T<$T> $L = $L.compare($T.$L, $L)", VECTOR_MASK, Double.class, mask,
                    vector(e.argument(0), false), VECTOR_OPERATORS, operator(e.comparison()),
                    vector(e.argument(1), false));
            Expr then = e.argument(2);
            Expr otherwise = e.argument(3);
            // the branch that is not plain arithmetic is the rare one, written in scalar as a whole
            boolean thenLanes = vectorizable(then) && !plain(otherwise);
            boolean otherwiseLanes = vectorizable(otherwise) && !plain(then);
            if (thenLanes == otherwiseLanes) {
                return vector(otherwise, false) + ".blend(" + vector(then, false) + ", " + mask + ")";
            }
            Expr common = thenLanes ? then : otherwise;
            Expr rare = thenLanes ? otherwise : then;
            String value = allocator.newName("s" + patches);
            code.addStatement("$L.intoArray(scratch, 0)", vector(common, false));
            // the lanes that take the rare branch, as 1.0 in the scratch row after the result
            Map<Expr, Integer> operands = new LinkedHashMap<>();
            JavaExpressions scalar = new JavaExpressions(x -> {
                if (parameters.containsKey(x)) {
                    return parameters.get(x);
                }
                if (!vectors.containsKey(x) || x.isConstant()) {
                    return null; // written out: a constant, or a temporary without a lane form
                }
                int slot = operands.computeIfAbsent(x, k -> operands.size() + 2);
                return "scratch[" + slot + " * LANES + lane]";
            });
            String rareSource = scalar.write(rare, true);
            scratchRows = Math.max(scratchRows, operands.size() + 2);
            code.beginControlFlow(thenLanes ? "if (!$L.allTrue())" : "if ($L.anyTrue())", mask);
            code.addStatement("$L.blend($L, $L).intoArray(scratch, LANES)", constant(thenLanes ? 1.0 : 0.0),
                    constant(thenLanes ? 0.0 : 1.0), mask);
            for (Map.Entry<Expr, Integer> o : operands.entrySet()) {
                code.addStatement("$L.intoArray(scratch, $L * LANES)", vectors.get(o.getKey()), o.getValue());
            }
            code.beginControlFlow("for (int lane = 0; lane < LANES; lane++)")
                    .beginControlFlow("if (scratch[LANES + lane] != 0)")
                    .addStatement("scratch[lane] = $L", rareSource)
                    .endControlFlow()
                    .endControlFlow();
            code.endControlFlow();
            code.addStatement("final $T $L = $T.fromArray(SPECIES, scratch, 0)", DOUBLE_VECTOR, value, DOUBLE_VECTOR);
            return value;
        }

        private static String operator(Comparison c) {
            return c.name();
        }
    }

}
