package io.github.eigengrad.generator.expr;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scalar function that generated code calls by name instead of inlining its body (the
 * second divided differences, whose closed forms and expansions would be repeated for every
 * triple of eigenvalues): {@link Expr#call} makes an opaque {@link Op#CALL} node that the
 * printers show as {@code name(arguments)} and backends emit as a call of the runtime's method
 * of that name, while {@link Expr#evaluate} evaluates the body. Names are unique: defining a
 * name again with another body fails. A function {@link #opaque declared} without a body
 * (a user's divided differences, computed by the runtime's recipe) cannot be evaluated here;
 * declaring it again replaces it.
 *
 * @param owner the simple name of the runtime class that holds the method
 * @param method the method's name, a Java identifier
 * @param parameters the body's variables bound to the arguments, in order
 * @param body the value, in the parameters only; null for an opaque function
 */
public record LibraryFunction(String owner, String method, List<String> parameters, Expr body) {
    private static final Map<String, LibraryFunction> DEFINED = new ConcurrentHashMap<>();

    public LibraryFunction {
        parameters = List.copyOf(parameters);
        if (body != null && !parameters.containsAll(body.variableNames())) {
            throw new IllegalArgumentException("the body of " + owner + "." + method + " reads variables beyond its "
                    + "parameters " + parameters + ": " + body.variableNames());
        }
    }

    /** {@code owner.method}: the name a {@link Op#CALL} node carries. */
    public String name() {
        return owner + "." + method;
    }

    /** Defines (or finds, if defined with an equal body) the function {@code owner.method}. */
    public static LibraryFunction define(String owner, String method, List<String> parameters, Expr body) {
        LibraryFunction f = new LibraryFunction(owner, method, parameters, body);
        if (body == null) {
            DEFINED.put(f.name(), f);
            return f;
        }
        LibraryFunction existing = DEFINED.putIfAbsent(f.name(), f);
        if (existing != null && !existing.equals(f)) {
            throw new IllegalStateException("the library function " + f.name() + " is already defined with another body");
        }
        return existing != null ? existing : f;
    }

    /** The function a {@link Op#CALL} node names ({@code owner.method}). */
    public static LibraryFunction named(String name) {
        LibraryFunction f = DEFINED.get(name);
        if (f == null) {
            throw new IllegalStateException("no library function " + name);
        }
        return f;
    }

    /**
     * A function generated code calls by name but the generator cannot evaluate: its value
     * comes from run-time code (a user's divided differences). Declaring the name again
     * replaces it.
     */
    public static LibraryFunction opaque(String owner, String method, List<String> parameters) {
        return define(owner, method, parameters, null);
    }

    /** The value at {@code arguments}, by the body (an opaque function fails). */
    public double evaluate(double[] arguments) {
        if (body == null) {
            throw new IllegalStateException(name() + " is computed at run time only; the generator cannot evaluate it");
        }
        if (arguments.length != parameters.size()) {
            throw new IllegalArgumentException(name() + " takes " + parameters.size() + " arguments, got "
                    + arguments.length);
        }
        return body.evaluate(variable -> arguments[parameters.indexOf(variable)]);
    }
}
