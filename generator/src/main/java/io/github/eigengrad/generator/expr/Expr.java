package io.github.eigengrad.generator.expr;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * An immutable, hash-consed node of a scalar expression DAG: every structurally distinct
 * expression exists once, so {@code equals} is identity and shared subexpressions are shared
 * objects. Nodes are made only by the static factories, which apply the folding that keeps
 * the representation canonical: constants folded (with {@link StrictMath}, so results are the
 * same on every platform), nested sums and products flattened, {@code x + 0}, {@code x * 1},
 * {@code x * 0}, {@code -(-x)}, {@code x^1}, {@code x^0} removed, and the terms of sums and
 * products sorted by {@link ExprOrder} (a constant coefficient first). Collecting like terms
 * is the simplifier's job.
 */
public final class Expr {
    private static final Map<Expr, WeakReference<Expr>> INTERNED = new WeakHashMap<>();

    public static final Expr ZERO = constant(0);
    public static final Expr ONE = constant(1);
    public static final Expr MINUS_ONE = constant(-1);
    public static final Expr TWO = constant(2);
    public static final Expr HALF = constant(0.5);

    private final Op op;
    private final double value;
    private final String name;
    private final int exponent;
    private final Comparison comparison;
    private final Expr[] args;
    private final int hash;

    private Expr(Op op, double value, String name, int exponent, Comparison comparison, Expr[] args) {
        this.op = op;
        this.value = value;
        this.name = name;
        this.exponent = exponent;
        this.comparison = comparison;
        this.args = args;
        int h = op.hashCode();
        h = 31 * h + Double.hashCode(value);
        h = 31 * h + Objects.hashCode(name);
        h = 31 * h + exponent;
        h = 31 * h + Objects.hashCode(comparison);
        for (Expr a : args) {
            h = 31 * h + a.hash;
        }
        this.hash = h;
    }

    private static Expr intern(Expr candidate) {
        synchronized (INTERNED) {
            WeakReference<Expr> ref = INTERNED.get(candidate);
            Expr existing = ref == null ? null : ref.get();
            if (existing != null) {
                return existing;
            }
            INTERNED.put(candidate, new WeakReference<>(candidate));
            return candidate;
        }
    }

    private static Expr node(Op op, Expr... args) {
        return intern(new Expr(op, 0, null, 0, null, args));
    }

    // ---- leaves ----

    /** An exact double constant; NaN is rejected, -0.0 is normalised to 0.0. */
    public static Expr constant(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("an expression constant cannot be NaN");
        }
        return intern(new Expr(Op.CONSTANT, value == 0 ? 0.0 : value, null, 0, null, new Expr[0]));
    }

    /** A named variable; the name must be a Java identifier so every printer can use it. */
    public static Expr variable(String name) {
        requireIdentifier(name);
        return intern(new Expr(Op.VARIABLE, 0, name, 0, null, new Expr[0]));
    }

    private static void requireIdentifier(String name) {
        if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))
                || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
            throw new IllegalArgumentException("a name must be a Java identifier, got '" + name + "'");
        }
    }

    // ---- n-ary sum and product ----

    public static Expr sum(Expr... terms) {
        return sum(Arrays.asList(terms));
    }

    /** The sum of {@code terms}: flattened, constants folded into one, zeros dropped, sorted. */
    public static Expr sum(List<Expr> terms) {
        List<Expr> flat = new ArrayList<>();
        double constant = 0;
        for (Expr t : terms) {
            for (Expr u : t.op == Op.SUM ? t.arguments() : List.of(t)) {
                if (u.op == Op.CONSTANT) {
                    constant += u.value;
                } else {
                    flat.add(u);
                }
            }
        }
        if (constant != 0) {
            flat.add(constant(constant));
        }
        return nary(Op.SUM, flat, ZERO);
    }

    public static Expr product(Expr... factors) {
        return product(Arrays.asList(factors));
    }

    /**
     * The product of {@code factors}: flattened, constants (and the signs of negations) folded
     * into one leading coefficient, ones dropped, 0 if a factor is 0, sorted. A coefficient of
     * -1 is represented as the negation of the rest.
     */
    public static Expr product(List<Expr> factors) {
        List<Expr> flat = new ArrayList<>();
        double[] coefficient = {1};
        for (Expr f : factors) {
            collectFactors(f, flat, coefficient);
        }
        double c = coefficient[0];
        if (c == 0) {
            return ZERO;
        }
        if (c == -1 && !flat.isEmpty()) {
            return negate(nary(Op.PRODUCT, flat, ONE));
        }
        if (c != 1) {
            flat.add(constant(c));
        }
        return nary(Op.PRODUCT, flat, ONE);
    }

    private static void collectFactors(Expr f, List<Expr> flat, double[] coefficient) {
        switch (f.op) {
            case CONSTANT:
                coefficient[0] *= f.value;
                break;
            case NEGATE:
                coefficient[0] = -coefficient[0];
                collectFactors(f.args[0], flat, coefficient);
                break;
            case PRODUCT:
                for (Expr a : f.args) {
                    collectFactors(a, flat, coefficient);
                }
                break;
            default:
                flat.add(f);
        }
    }

    private static Expr nary(Op op, List<Expr> terms, Expr identity) {
        if (terms.isEmpty()) {
            return identity;
        }
        if (terms.size() == 1) {
            return terms.get(0);
        }
        Expr[] sorted = terms.toArray(new Expr[0]);
        Arrays.sort(sorted, ExprOrder.INSTANCE);
        return node(op, sorted);
    }

    // ---- unary and binary ----

    /** {@code -x}; {@code -(-x) = x}, constants folded, a sum's negation stays one node. */
    public static Expr negate(Expr x) {
        if (x.op == Op.CONSTANT) {
            return constant(-x.value);
        }
        if (x.op == Op.NEGATE) {
            return x.args[0];
        }
        if (x.op == Op.PRODUCT && x.args[0].op == Op.CONSTANT) {
            // keep one form: -(2 x) is (-2) x
            return product(MINUS_ONE, x);
        }
        return node(Op.NEGATE, x);
    }

    public static Expr difference(Expr a, Expr b) {
        return sum(a, negate(b));
    }

    /** {@code a / b}; folds constants (b != 0), {@code a / 1 = a}, {@code 0 / b = 0}. */
    public static Expr quotient(Expr a, Expr b) {
        if (b.op == Op.CONSTANT && b.value == 1) {
            return a;
        }
        if (a.op == Op.CONSTANT && a.value == 0 && !(b.op == Op.CONSTANT && b.value == 0)) {
            return ZERO;
        }
        if (a.op == Op.CONSTANT && b.op == Op.CONSTANT && b.value != 0) {
            return constant(a.value / b.value);
        }
        return node(Op.QUOTIENT, a, b);
    }

    /** {@code x^k} for an integer k; {@code x^0 = 1}, {@code x^1 = x}, {@code (x^j)^k = x^(jk)}. */
    public static Expr power(Expr x, int k) {
        if (k == 0) {
            return ONE;
        }
        if (k == 1) {
            return x;
        }
        if (x.op == Op.CONSTANT && (k > 0 || x.value != 0)) {
            return constant(StrictMath.pow(x.value, k));
        }
        if (x.op == Op.POWER) {
            return power(x.args[0], Math.multiplyExact(x.exponent, k));
        }
        return intern(new Expr(Op.POWER, 0, null, k, null, new Expr[] {x}));
    }

    /**
     * {@code x^k} where k is an expression with a whole value >= 0 at run time (K of the
     * series); a constant k gives {@link #power(Expr, int)}. See {@link Op#INTEGER_POWER}.
     */
    public static Expr integerPower(Expr x, Expr k) {
        if (k.op == Op.CONSTANT) {
            if (k.value < 0 || k.value != Math.rint(k.value) || k.value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("an integer power needs a whole exponent >= 0, got " + k.value);
            }
            return power(x, (int) k.value);
        }
        return node(Op.INTEGER_POWER, x, k);
    }

    /**
     * {@code x^y} for x > 0 and a real exponent expression y (see {@link Op#REAL_POWER}); a
     * constant whole y gives {@link #power(Expr, int)}, y = 1 gives x, x = 1 gives 1.
     */
    public static Expr realPower(Expr x, Expr y) {
        if (x.op == Op.CONSTANT && x.value == 1) {
            return ONE;
        }
        if (y.op == Op.CONSTANT && y.value == Math.rint(y.value) && Math.abs(y.value) <= 64) {
            return power(x, (int) y.value);
        }
        if (x.op == Op.CONSTANT && y.op == Op.CONSTANT) {
            return constant(StrictMath.pow(x.value, y.value));
        }
        return node(Op.REAL_POWER, x, y);
    }

    public static Expr sqrt(Expr x) {
        return function(Op.SQRT, x);
    }

    public static Expr exp(Expr x) {
        return function(Op.EXP, x);
    }

    public static Expr log(Expr x) {
        return function(Op.LOG, x);
    }

    public static Expr expm1(Expr x) {
        return function(Op.EXPM1, x);
    }

    public static Expr log1p(Expr x) {
        return function(Op.LOG1P, x);
    }

    public static Expr abs(Expr x) {
        return function(Op.ABS, x);
    }

    public static Expr sin(Expr x) {
        return function(Op.SIN, x);
    }

    public static Expr cos(Expr x) {
        return function(Op.COS, x);
    }

    public static Expr tanh(Expr x) {
        return function(Op.TANH, x);
    }

    public static Expr sinh(Expr x) {
        return function(Op.SINH, x);
    }

    public static Expr cosh(Expr x) {
        return function(Op.COSH, x);
    }

    public static Expr atan(Expr x) {
        return function(Op.ATAN, x);
    }

    private static Expr function(Op op, Expr x) {
        if (x.op == Op.CONSTANT) {
            double folded = Evaluation.applyFunction(op, x.value);
            if (!Double.isNaN(folded)) {
                return constant(folded);
            }
        }
        if (op == Op.ABS && x.op == Op.NEGATE) {
            return abs(x.args[0]);
        }
        return node(op, x);
    }

    public static Expr ceil(Expr x) {
        return function(Op.CEIL, x);
    }

    /**
     * Index notation: entry {@code array[indices...]} of an input array of a general-n formula.
     * The indices are expressions over index variables ({@code i}, {@code k + 1}).
     */
    public static Expr entry(String array, Expr... indices) {
        requireIdentifier(array);
        if (indices.length == 0) {
            throw new IllegalArgumentException("an entry needs at least one index");
        }
        return intern(new Expr(Op.ENTRY, 0, array, 0, null, indices.clone()));
    }

    /** Index notation: {@code sum_{index = lower}^{upper} body}, empty (0) when upper &lt; lower. */
    public static Expr indexSum(String index, Expr lower, Expr upper, Expr body) {
        requireIdentifier(index);
        if (body.isConstant(0)) {
            return ZERO;
        }
        if (lower.isConstant() && upper.isConstant() && upper.value() < lower.value()) {
            return ZERO;
        }
        return intern(new Expr(Op.INDEX_SUM, 0, index, 0, null, new Expr[] {lower, upper, body}));
    }

    /** Index notation: {@code max_{index = lower}^{upper} body}, 0 when upper &lt; lower. */
    public static Expr indexMax(String index, Expr lower, Expr upper, Expr body) {
        requireIdentifier(index);
        if (lower.isConstant() && upper.isConstant() && upper.value() < lower.value()) {
            return ZERO;
        }
        return intern(new Expr(Op.INDEX_MAX, 0, index, 0, null, new Expr[] {lower, upper, body}));
    }

    public static Expr min(Expr a, Expr b) {
        return binaryExtremum(Op.MIN, a, b);
    }

    public static Expr max(Expr a, Expr b) {
        return binaryExtremum(Op.MAX, a, b);
    }

    private static Expr binaryExtremum(Op op, Expr a, Expr b) {
        if (a == b) {
            return a;
        }
        if (a.op == Op.CONSTANT && b.op == Op.CONSTANT) {
            return constant(op == Op.MIN ? Math.min(a.value, b.value) : Math.max(a.value, b.value));
        }
        return ExprOrder.INSTANCE.compare(a, b) <= 0 ? node(op, a, b) : node(op, b, a);
    }

    /** {@code (a cmp b) ? then : otherwise}; folded when the comparison is decided or both branches agree. */
    public static Expr select(Expr a, Comparison cmp, Expr b, Expr then, Expr otherwise) {
        if (then == otherwise) {
            return then;
        }
        if (a.op == Op.CONSTANT && b.op == Op.CONSTANT) {
            return cmp.test(a.value, b.value) ? then : otherwise;
        }
        return intern(new Expr(Op.SELECT, 0, null, 0, cmp, new Expr[] {a, b, then, otherwise}));
    }

    /**
     * This node's operation applied to new arguments, through the factories (so the result is
     * folded and canonical). Leaves return themselves. The one rebuild step every pass uses.
     */
    public Expr withArguments(List<Expr> newArgs) {
        if (newArgs.size() != args.length) {
            throw new IllegalArgumentException(op + " takes " + args.length + " arguments, got " + newArgs.size());
        }
        switch (op) {
            case CONSTANT:
            case VARIABLE:
                return this;
            case SUM:
                return sum(newArgs);
            case PRODUCT:
                return product(newArgs);
            case NEGATE:
                return negate(newArgs.get(0));
            case QUOTIENT:
                return quotient(newArgs.get(0), newArgs.get(1));
            case POWER:
                return power(newArgs.get(0), exponent);
            case INTEGER_POWER:
                return integerPower(newArgs.get(0), newArgs.get(1));
            case REAL_POWER:
                return realPower(newArgs.get(0), newArgs.get(1));
            case MIN:
                return min(newArgs.get(0), newArgs.get(1));
            case MAX:
                return max(newArgs.get(0), newArgs.get(1));
            case SELECT:
                return select(newArgs.get(0), comparison, newArgs.get(1), newArgs.get(2), newArgs.get(3));
            case ENTRY:
                return entry(name, newArgs.toArray(new Expr[0]));
            case INDEX_SUM:
                return indexSum(name, newArgs.get(0), newArgs.get(1), newArgs.get(2));
            case INDEX_MAX:
                return indexMax(name, newArgs.get(0), newArgs.get(1), newArgs.get(2));
            case CALL:
                return call(LibraryFunction.named(name), newArgs);
            default:
                return function(op, newArgs.get(0));
        }
    }

    /** A call of {@code function} on {@code arguments} (one per parameter), kept as one opaque node. */
    public static Expr call(LibraryFunction function, List<Expr> arguments) {
        if (arguments.size() != function.parameters().size()) {
            throw new IllegalArgumentException(function.name() + " takes " + function.parameters().size()
                    + " arguments, got " + arguments.size());
        }
        LibraryFunction.define(function.owner(), function.method(), function.parameters(), function.body());
        return intern(new Expr(Op.CALL, 0, function.name(), 0, null, arguments.toArray(new Expr[0])));
    }

    /**
     * This expression with the named variables replaced, rebuilt through the factories (so the
     * result is folded and canonical); variables not in {@code values} stay.
     */
    public Expr substitute(Map<String, Expr> values) {
        return substitute(values, new IdentityHashMap<>());
    }

    private Expr substitute(Map<String, Expr> values, Map<Expr, Expr> memo) {
        Expr done = memo.get(this);
        if (done != null) {
            return done;
        }
        Expr result;
        if (op == Op.VARIABLE) {
            result = values.getOrDefault(name, this);
        } else if (args.length == 0) {
            result = this;
        } else {
            List<Expr> newArgs = new ArrayList<>(args.length);
            for (Expr a : args) {
                newArgs.add(a.substitute(values, memo));
            }
            result = withArguments(newArgs);
        }
        memo.put(this, result);
        return result;
    }

    /** The names of the variables in this expression, in depth-first first-occurrence order. */
    public List<String> variableNames() {
        List<String> names = new ArrayList<>();
        collectVariables(this, java.util.Collections.newSetFromMap(new IdentityHashMap<>()), names);
        return names;
    }

    private static void collectVariables(Expr e, java.util.Set<Expr> seen, List<String> names) {
        if (!seen.add(e)) {
            return;
        }
        if (e.op == Op.VARIABLE) {
            names.add(e.name);
        }
        for (Expr a : e.args) {
            collectVariables(a, seen, names);
        }
    }

    // ---- fluent helpers for writing formulas ----

    public Expr plus(Expr other) {
        return sum(this, other);
    }

    public Expr minus(Expr other) {
        return difference(this, other);
    }

    public Expr times(Expr other) {
        return product(this, other);
    }

    public Expr times(double c) {
        return product(this, constant(c));
    }

    public Expr dividedBy(Expr other) {
        return quotient(this, other);
    }

    public Expr negated() {
        return negate(this);
    }

    // ---- accessors ----

    public Op op() {
        return op;
    }

    /** The value of a {@link Op#CONSTANT}; 0 for other nodes. */
    public double value() {
        return value;
    }

    /**
     * The name of a {@link Op#VARIABLE}, the array of an {@link Op#ENTRY}, the index of an
     * {@link Op#INDEX_SUM}, the function of a {@link Op#CALL}; else null.
     */
    public String name() {
        return name;
    }

    /** The exponent of a {@link Op#POWER}; 0 for other nodes. */
    public int exponent() {
        return exponent;
    }

    /** The comparison of a {@link Op#SELECT}; null for other nodes. */
    public Comparison comparison() {
        return comparison;
    }

    /** The operands, in canonical order for sums, products, min and max. */
    public List<Expr> arguments() {
        return Collections.unmodifiableList(Arrays.asList(args));
    }

    public Expr argument(int i) {
        return args[i];
    }

    public int arity() {
        return args.length;
    }

    public boolean isConstant() {
        return op == Op.CONSTANT;
    }

    public boolean isConstant(double c) {
        return op == Op.CONSTANT && value == c;
    }

    // ---- evaluation ----

    /** Values of the variables and, for index notation, of array entries; a lambda gives the variables. */
    @FunctionalInterface
    public interface Environment {
        double variable(String name);

        /** Entry {@code indices} of input array {@code array}; only index-notation formulas ask. */
        default double entry(String array, int[] indices) {
            throw new IllegalArgumentException("no array '" + array + "' in this environment");
        }
    }

    /** The value at the point given by {@code env}; shared subexpressions are evaluated once. */
    public double evaluate(Environment env) {
        return Evaluation.evaluate(this, env, new IdentityHashMap<>());
    }

    /** Evaluates with a caller-owned memo, so several outputs of one DAG share work. */
    public double evaluate(Environment env, Map<Expr, Double> memo) {
        return Evaluation.evaluate(this, env, memo);
    }

    // ---- identity ----

    /**
     * Structural equality with the arguments compared by identity, which is complete because
     * arguments are themselves interned. After interning, equal nodes are the same object.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Expr)) {
            return false;
        }
        Expr e = (Expr) o;
        if (e.hash != hash || e.op != op || Double.compare(e.value, value) != 0 || e.exponent != exponent
                || e.comparison != comparison || !Objects.equals(e.name, name) || e.args.length != args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            if (e.args[i] != args[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * The expression as text, for debugging and messages. Small expressions print as a tree;
     * one whose tree would exceed {@value ExprText#TREE_LIMIT} nodes (shared subexpressions
     * repeated) prints each distinct node once, {@code #k = ...}, so the text stays linear in
     * the DAG.
     */
    @Override
    public String toString() {
        return ExprText.of(this);
    }
}
