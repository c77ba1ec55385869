package io.github.eigengrad.generator.parse;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses a user's spectral function (docs/math.md section 14) into the generator's
 * {@link Expr}: numbers in JSON syntax, the variable {@code x}, named parameters, {@code + - *
 * / ^} with the usual precedence ({@code ^} right-associative and binding tighter than unary
 * minus: {@code -x^2} is {@code -(x^2)}, {@code x^-2} is allowed), parentheses, and the
 * functions exp, log, log1p, expm1, sqrt, pow, sin, cos, tanh, sinh, cosh and atan (erf is
 * named, and refused until the runtime has an accurate one). Every error names the 1-based
 * column and the problem.
 *
 * <p>A hand-written recursive descent: the grammar has five rules, and a parser library would
 * need a grammar file, a build step and its own error texts for what here is a page of code.
 * Its recursion is bounded ({@link #MAX_DEPTH}) and so is the text ({@link #MAX_LENGTH}), so
 * a hostile expression costs linear time and never overflows the stack.
 */
public final class ExpressionParser {
    /** The variable of every function. */
    public static final String X = "x";
    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 10_000;
    /** The deepest nesting accepted: parentheses, calls, unary minus and powers together. */
    public static final int MAX_DEPTH = 200;
    /** Functions of section 14 that the IR does not have yet: named as such, not as unknown. */
    private static final Set<String> NOT_YET = Set.of("erf");
    private static final Set<String> FUNCTIONS = Set.of("exp", "log", "log1p", "expm1", "sqrt", "pow", "sin", "cos",
            "tanh", "sinh", "cosh", "atan");
    /** The functions, as error messages list them. */
    private static final String FUNCTION_LIST = "exp, log, log1p, expm1, sqrt, pow, sin, cos, tanh, sinh, cosh and atan";

    private final String text;
    private final Map<String, Double> parameters;
    /** Parameters without values (generation): conditions on them alone are kept, not checked. */
    private boolean symbolic;
    private final Set<String> used = new LinkedHashSet<>();
    private final Map<String, Domain.Condition> conditions = new LinkedHashMap<>();
    private int position;
    private int depth;

    private ExpressionParser(String text, Map<String, Double> parameters) {
        this.text = text;
        this.parameters = parameters;
    }

    /**
     * f(x) from {@code text} with the parameters' values (every one used, every name given),
     * no declared domain.
     *
     * @param text the expression
     * @param parameters the value of every parameter the expression names
     * @return the parsed function
     * @throws ExpressionException naming the column and the problem
     */
    public static SpectralFunction parse(String text, Map<String, Double> parameters) {
        return parse(text, parameters, null, false, null, false);
    }

    /**
     * f(x) from {@code text} on a declared interval of x ({@code null} bounds: none).
     *
     * @param text the expression
     * @param parameters the value of every parameter the expression names
     * @param low the lower bound of x, or null
     * @param lowClosed whether x may equal {@code low}
     * @param high the upper bound of x, or null
     * @param highClosed whether x may equal {@code high}
     * @return the parsed function
     * @throws ExpressionException naming the column and the problem
     */
    public static SpectralFunction parse(String text, Map<String, Double> parameters, Double low, boolean lowClosed,
            Double high, boolean highClosed) {
        return parse(text, parameters, low, lowClosed, high, highClosed, false);
    }

    private static SpectralFunction parse(String text, Map<String, Double> parameters, Double low, boolean lowClosed,
            Double high, boolean highClosed, boolean symbolic) {
        if (text == null) {
            throw new ExpressionException(0, "the expression is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException(0, "the expression has " + text.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted");
        }
        Map<String, Double> values = parameters == null ? Map.of() : parameters;
        for (Map.Entry<String, Double> p : new TreeMap<>(values).entrySet()) {
            String name = p.getKey();
            if (name.equals(X) || FUNCTIONS.contains(name) || NOT_YET.contains(name) || !isName(name)) {
                throw new ExpressionException(0, "'" + name + "' cannot name a parameter (it must be a name other "
                        + "than x and the functions)");
            }
            if (p.getValue() == null || !Double.isFinite(p.getValue())) {
                throw new ExpressionException(0, "parameter '" + name + "' = " + p.getValue()
                        + " is not a finite number");
            }
        }
        checkBound("lower", low);
        checkBound("upper", high);
        if (low != null && high != null && !(low < high || low.equals(high) && lowClosed && highClosed)) {
            throw new ExpressionException(0, "the declared domain is empty: " + low + " to " + high);
        }
        ExpressionParser p = new ExpressionParser(text, values);
        p.symbolic = symbolic;
        p.skipBlanks();
        if (p.position == text.length()) {
            throw new ExpressionException(1, "the expression is empty");
        }
        Expr f = p.sum();
        p.skipBlanks();
        if (p.position < text.length()) {
            throw p.error(p.position, "unexpected '" + text.charAt(p.position) + "'"
                    + (text.charAt(p.position) == ')' ? " (no '(' to close)" : ""));
        }
        for (String name : new TreeMap<>(values).keySet()) {
            if (!p.used.contains(name)) {
                throw new ExpressionException(0, "parameter '" + name + "' is given but not used in the expression");
            }
        }
        Domain domain = new Domain(low, lowClosed, high, highClosed, new ArrayList<>(p.conditions.values()));
        return new SpectralFunction(text, f, new ArrayList<>(p.used), values, domain);
    }

    /**
     * f(x) from {@code text} for code generation: the parameters named, their values given
     * later (to the generated class); conditions on the parameters alone are kept in the
     * domain, to be checked with their values, instead of checked now. The values of the
     * returned function are NaN.
     *
     * @param text the expression
     * @param parameterNames the name of every parameter the expression uses
     * @param low the lower bound of x, or null
     * @param lowClosed whether x may equal {@code low}
     * @param high the upper bound of x, or null
     * @param highClosed whether x may equal {@code high}
     * @return the parsed function
     * @throws ExpressionException naming the column and the problem
     */
    public static SpectralFunction parseSymbolic(String text, List<String> parameterNames, Double low,
            boolean lowClosed, Double high, boolean highClosed) {
        Map<String, Double> placeholders = new LinkedHashMap<>();
        for (String name : parameterNames) {
            placeholders.put(name, 1.0); // passes the value checks; never evaluated
        }
        SpectralFunction f = parse(text, placeholders, low, lowClosed, high, highClosed, true);
        Map<String, Double> none = new LinkedHashMap<>();
        for (String name : f.parameters()) {
            none.put(name, Double.NaN);
        }
        return new SpectralFunction(f.text(), f.f(), f.parameters(), none, f.domain());
    }

    private static void checkBound(String which, Double bound) {
        if (bound != null && !Double.isFinite(bound)) {
            throw new ExpressionException(0, "the " + which + " bound of the domain is " + bound
                    + "; give a finite number or none");
        }
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c < 128 && Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }

    // ---- the grammar: sum := product (('+' | '-') product)*; product := unary (('*' | '/') unary)*;
    // unary := '-' unary | power; power := primary ('^' exponent)?; exponent := '-' exponent | power;
    // primary := number | name | name '(' sum (',' sum)* ')' | '(' sum ')' ----

    private Expr sum() {
        Expr left = product();
        while (true) {
            skipBlanks();
            if (peek('+')) {
                position++;
                left = Expr.sum(left, product());
            } else if (peek('-')) {
                position++;
                left = Expr.difference(left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            skipBlanks();
            int at = position;
            if (peek('*')) {
                position++;
                left = Expr.product(left, unary());
            } else if (peek('/')) {
                position++;
                Expr divisor = unary();
                if (divisor.op() == Op.CONSTANT && divisor.value() == 0) {
                    throw error(at, "division by zero (the divisor is the constant 0)");
                }
                condition(divisor, Domain.Kind.NONZERO, "division", at);
                left = finite(Expr.quotient(left, divisor), at, "the division");
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        skipBlanks();
        if (peek('-')) {
            int at = position;
            position++;
            enter(at);
            Expr operand = unary();
            depth--;
            return Expr.negate(operand);
        }
        if (peek('+')) {
            throw error(position, "unexpected '+' (there is no unary plus)");
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        skipBlanks();
        if (!peek('^')) {
            return base;
        }
        int at = position;
        position++;
        enter(at);
        Expr exponent = exponent();
        depth--;
        return raise(base, exponent, at);
    }

    private Expr exponent() {
        skipBlanks();
        if (peek('-')) {
            int at = position;
            position++;
            enter(at);
            Expr operand = exponent();
            depth--;
            return Expr.negate(operand);
        }
        return power();
    }

    private Expr primary() {
        skipBlanks();
        if (position == text.length()) {
            throw error(position, "the expression ends where a number, x, a parameter or '(' is expected");
        }
        char c = text.charAt(position);
        if (c == '(') {
            int open = position;
            position++;
            enter(open);
            Expr inner = sum();
            depth--;
            expectClose(open);
            return inner;
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (c == '.') {
            throw error(position, "a number starts with a digit (JSON syntax: 0.5, not .5)");
        }
        if (Character.isLetter(c) || c == '_') {
            return name();
        }
        throw error(position, "unexpected '" + c + "' where a number, x, a parameter or '(' is expected");
    }

    private Expr number() {
        int start = position;
        if (text.charAt(position) == '0') {
            position++;
            if (position < text.length() && Character.isDigit(text.charAt(position))) {
                throw error(start, "a number may not have a leading zero (JSON syntax)");
            }
        } else {
            digits();
        }
        if (position < text.length() && text.charAt(position) == '.') {
            position++;
            if (digits() == 0) {
                throw error(position, "a digit must follow the decimal point");
            }
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            position++;
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                position++;
            }
            if (digits() == 0) {
                throw error(position, "a digit must follow the exponent's 'e'");
            }
        }
        String literal = text.substring(start, position);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw error(start, "the number " + literal + " is beyond the double range");
        }
        if (value == 0 && !isZeroMantissa(literal)) {
            throw error(start, "the number " + literal + " is below the double range (it would be 0)");
        }
        return Expr.constant(value);
    }

    private static boolean isZeroMantissa(String literal) {
        int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        String mantissa = e < 0 ? literal : literal.substring(0, e);
        return mantissa.chars().noneMatch(ch -> ch >= '1' && ch <= '9');
    }

    private int digits() {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        return position - start;
    }

    private Expr name() {
        int start = position;
        while (position < text.length() && (text.charAt(position) == '_'
                || text.charAt(position) < 128 && Character.isLetterOrDigit(text.charAt(position)))) {
            position++;
        }
        String name = text.substring(start, position);
        skipBlanks();
        boolean call = peek('(');
        if (FUNCTIONS.contains(name) || NOT_YET.contains(name)) {
            if (NOT_YET.contains(name)) {
                throw error(start, "the function '" + name + "' is not available yet; the functions are "
                        + FUNCTION_LIST);
            }
            if (!call) {
                throw error(start, "the function '" + name + "' needs its argument in parentheses");
            }
            return call(name, start);
        }
        if (call) {
            throw error(start, "unknown function '" + name + "'; the functions are " + FUNCTION_LIST);
        }
        if (name.equals(X)) {
            return Expr.variable(X);
        }
        if (!parameters.containsKey(name)) {
            throw error(start, "unknown name '" + name + "'; the variable is x"
                    + (parameters.isEmpty() ? " and there are no parameters"
                            : " and the parameters are " + String.join(", ", new TreeMap<>(parameters).keySet())));
        }
        used.add(name);
        return Expr.variable(name);
    }

    private Expr call(String name, int at) {
        int open = position;
        position++;
        enter(open);
        List<Expr> arguments = new ArrayList<>();
        skipBlanks();
        if (peek(')')) {
            throw error(position, "'" + name + "' needs an argument");
        }
        arguments.add(sum());
        skipBlanks();
        while (peek(',')) {
            position++;
            arguments.add(sum());
            skipBlanks();
        }
        depth--;
        expectClose(open);
        int wanted = name.equals("pow") ? 2 : 1;
        if (arguments.size() != wanted) {
            throw error(at, "'" + name + "' takes " + wanted + " argument" + (wanted == 1 ? "" : "s") + ", got "
                    + arguments.size());
        }
        Expr a = arguments.get(0);
        return switch (name) {
            case "exp" -> finite(Expr.exp(a), at, "exp");
            case "expm1" -> finite(Expr.expm1(a), at, "expm1");
            case "log" -> {
                condition(a, Domain.Kind.POSITIVE, "log", at);
                yield finite(Expr.log(a), at, "log");
            }
            case "log1p" -> {
                condition(a, Domain.Kind.ABOVE_MINUS_ONE, "log1p", at);
                yield finite(Expr.log1p(a), at, "log1p");
            }
            case "sqrt" -> {
                condition(a, Domain.Kind.POSITIVE, "sqrt", at);
                yield finite(Expr.sqrt(a), at, "sqrt");
            }
            case "sin" -> finite(Expr.sin(a), at, "sin");
            case "cos" -> finite(Expr.cos(a), at, "cos");
            case "tanh" -> finite(Expr.tanh(a), at, "tanh");
            case "sinh" -> finite(Expr.sinh(a), at, "sinh");
            case "cosh" -> finite(Expr.cosh(a), at, "cosh");
            case "atan" -> finite(Expr.atan(a), at, "atan");
            default -> raise(a, arguments.get(1), at);
        };
    }

    /** {@code base^exponent}: a whole constant exponent an integer power, else a real one on a positive base. */
    private Expr raise(Expr base, Expr exponent, int at) {
        if (exponent.op() == Op.CONSTANT && exponent.value() == Math.rint(exponent.value())
                && Math.abs(exponent.value()) <= 64) {
            int k = (int) exponent.value();
            if (k < 0) {
                if (base.op() == Op.CONSTANT && base.value() == 0) {
                    throw error(at, "0 to a negative power (division by zero)");
                }
                condition(base, Domain.Kind.NONZERO, "negative power", at);
            }
            return finite(Expr.power(base, k), at, "the power");
        }
        condition(base, Domain.Kind.POSITIVE, "power with a non-integer exponent", at);
        return finite(Expr.realPower(base, exponent), at, "the power");
    }

    /**
     * Records that {@code argument} must satisfy {@code kind}; one that does not depend on x is
     * checked here, with the parameters' values.
     */
    private void condition(Expr argument, Domain.Kind kind, String where, int at) {
        Domain.Condition c = new Domain.Condition(argument, kind, where, at + 1);
        if (!dependsOnX(argument) && !(symbolic && !argument.variableNames().isEmpty())) {
            double v = argument.evaluate(name -> parameters.get(name));
            if (!kind.holds(v)) {
                throw error(at, "the " + where + " needs " + argument + " " + switch (kind) {
                    case POSITIVE -> "> 0";
                    case ABOVE_MINUS_ONE -> "> -1";
                    case NONZERO -> "!= 0";
                } + ", which is " + v);
            }
            return;
        }
        conditions.putIfAbsent(kind + " " + argument, c);
    }

    private static boolean dependsOnX(Expr e) {
        if (e.op() == Op.VARIABLE) {
            return e.name().equals(X);
        }
        for (Expr a : e.arguments()) {
            if (dependsOnX(a)) {
                return true;
            }
        }
        return false;
    }

    /** {@code e}, unless constant folding made it infinite or NaN. */
    private Expr finite(Expr e, int at, String what) {
        if (e.op() == Op.CONSTANT && !Double.isFinite(e.value())) {
            throw error(at, what + " of constants is " + e.value() + ", beyond the double range");
        }
        return e;
    }

    private void expectClose(int open) {
        skipBlanks();
        if (!peek(')')) {
            throw error(open, "unbalanced parenthesis: this '(' is not closed"
                    + (position < text.length() ? " (found '" + text.charAt(position) + "' at column "
                            + (position + 1) + ")" : ""));
        }
        position++;
    }

    private void enter(int at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private void skipBlanks() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }

    private ExpressionException error(int at, String problem) {
        return new ExpressionException(at + 1, problem);
    }
}
