package io.github.eigengrad.cli;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SpectralDifferences;
import java.util.Map;
import java.util.Set;

/**
 * The request fields that choose how F is formed (docs/cli.md), read the same way by
 * {@code pullback} and {@code pushforward}: the method, its own parameters, the eigenvalue
 * term and epsilon; and the {@code function} object of a matrix-function request. A
 * parameter of another method is an error, never silently ignored.
 */
final class MethodOptions {
    /** The fields read by {@link #gradient}. */
    static final Set<String> FIELDS = Set.of("method", "iterations", "tolerance", "maxIterations", "eigenvalueTerm",
            "epsilon", "degeneracyTolerance", "mask", "precision");
    /** The parameters that belong to one method only. */
    private static final Map<String, String> OWNER = Map.of("iterations", "power-iteration", "tolerance", "adaptive",
            "maxIterations", "adaptive", "degeneracyTolerance", "analytic", "mask", "analytic");

    private MethodOptions() {}

    static EigenGradient gradient(Request request) throws RequestException {
        String methodName = request.text("method", "power-iteration");
        EigenGradient.Method method = switch (methodName) {
            case "analytic" -> EigenGradient.Method.ANALYTIC;
            case "power-iteration" -> EigenGradient.Method.POWER_ITERATION;
            case "adaptive" -> EigenGradient.Method.ADAPTIVE;
            default -> throw new RequestException(RequestException.INVALID_REQUEST, "'method' must be \"analytic\", "
                    + "\"power-iteration\" or \"adaptive\", got \"" + methodName + "\"");
        };
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(OWNER).entrySet()) {
            if (request.has(p.getKey()) && !p.getValue().equals(methodName)) {
                throw new RequestException(RequestException.INVALID_REQUEST, "'" + p.getKey() + "' applies to the "
                        + p.getValue() + " method only, and this request's method is " + methodName);
            }
        }
        try {
            EigenGradient.Builder b = EigenGradient.builder()
                    .method(method)
                    .iterations(request.count("iterations", EigenGradient.DEFAULT_ITERATIONS))
                    .tolerance(request.number("tolerance", EigenGradient.DEFAULT_TOLERANCE))
                    .maxIterations(request.count("maxIterations", EigenGradient.DEFAULT_MAX_ITERATIONS))
                    .eigenvalueTerm(request.bool("eigenvalueTerm", true))
                    .epsilon(request.number("epsilon", 0))
                    .maskDegenerate(request.bool("mask", false));
            if (request.has("degeneracyTolerance")) { // unset, float requests take the float default
                b.degeneracyTolerance(request.number("degeneracyTolerance", EigenGradient.DEFAULT_DEGENERACY_TOLERANCE));
            }
            return b.build();
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    /**
     * The {@code function} of a matrix-function request, {@code {"name": ..., "power": p}};
     * {@code others} (fields of the eigendecomposition's derivatives) must be absent.
     */
    static MatrixFunction function(com.fasterxml.jackson.databind.JsonNode spec, Request request, String... others)
            throws RequestException {
        for (String other : others) {
            if (request.has(other)) {
                throw new RequestException(RequestException.INVALID_REQUEST, "'" + other + "' does not apply to a "
                        + "matrix-function request ('function')");
            }
        }
        if (spec == null || spec.isNull()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'functionBar' needs 'function'");
        }
        if (spec.isObject() && spec.has("expression")) {
            return expression(spec, request);
        }
        if (!spec.isObject() || !spec.path("name").isTextual()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'function' must be an object "
                    + "{\"name\": \"sqrt\" | \"invsqrt\" | \"log\" | \"exp\" | \"pow\", \"power\": p} or "
                    + "{\"expression\": \"x*log(x)\", \"parameters\": {...}, \"domain\": [lo, hi]}, got " + spec);
        }
        for (java.util.Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("name") && !name.equals("power")) {
                throw new RequestException(RequestException.INVALID_REQUEST, "unknown field '" + name + "' in 'function'");
            }
        }
        com.fasterxml.jackson.databind.JsonNode power = spec.get("power");
        if (power != null && !power.isNull() && !power.isNumber()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'function'.'power' must be a number, got "
                    + power);
        }
        try {
            return MatrixFunction.named(spec.get("name").asText(), power == null || power.isNull() ? null
                    : power.doubleValue());
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    /**
     * The outcome of the accuracy check of recent expressions ({@code Conditioning}, tens of
     * milliseconds each): "" when accepted, else the refusal; the 256 most recent are kept.
     */
    private static final java.util.Map<String, String> CONDITIONED = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
            return size() > 256;
        }
    };

    /**
     * A user's function {@code {"expression": "x*log(x+a)", "parameters": {"a": 0.5},
     * "domain": [0, null]}} (docs/math.md section 14): parsed, its domain declared (bounds open,
     * null unbounded) and implied, interpreted at run time ({@link ExpressionFunction}).
     */
    static MatrixFunction expression(com.fasterxml.jackson.databind.JsonNode spec, Request request)
            throws RequestException {
        for (java.util.Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!java.util.Set.of("expression", "parameters", "domain").contains(name)) {
                throw new RequestException(RequestException.INVALID_REQUEST, "unknown field '" + name + "' in 'function' "
                        + "(an expression takes 'expression', 'parameters' and 'domain')");
            }
        }
        if (!spec.get("expression").isTextual()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'function'.'expression' must be a string, got "
                    + spec.get("expression"));
        }
        java.util.Map<String, Double> parameters = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.JsonNode given = spec.get("parameters");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new RequestException(RequestException.INVALID_REQUEST, "'function'.'parameters' must be an object "
                        + "of numbers, got " + given);
            }
            for (java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it =
                    given.fields(); it.hasNext(); ) {
                java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> p = it.next();
                if (!p.getValue().isNumber()) {
                    throw new RequestException(RequestException.INVALID_REQUEST, "parameter '" + p.getKey()
                            + "' must be a number, got " + p.getValue());
                }
                parameters.put(p.getKey(), p.getValue().doubleValue());
            }
        }
        Double[] bounds = {null, null};
        com.fasterxml.jackson.databind.JsonNode domain = spec.get("domain");
        if (domain != null && !domain.isNull()) {
            if (!domain.isArray() || domain.size() != 2) {
                throw new RequestException(RequestException.INVALID_REQUEST, "'function'.'domain' must be [lo, hi] "
                        + "(numbers or null), got " + domain);
            }
            for (int i = 0; i < 2; i++) {
                com.fasterxml.jackson.databind.JsonNode b = domain.get(i);
                if (!b.isNull() && !b.isNumber()) {
                    throw new RequestException(RequestException.INVALID_REQUEST, "'function'.'domain' must be [lo, hi] "
                            + "(numbers or null), got " + domain);
                }
                bounds[i] = b.isNull() ? null : b.doubleValue();
            }
        }
        ExpressionFunction f;
        try {
            f = new ExpressionFunction(io.github.eigengrad.generator.parse.ExpressionParser.parse(
                    spec.get("expression").asText(), parameters, bounds[0], false, bounds[1], false));
        } catch (io.github.eigengrad.generator.parse.ExpressionException x) {
            throw new RequestException(RequestException.INVALID_EXPRESSION, x.getMessage());
        }
        // near ties every f[1] evaluates the series (about ORDER^2 / 2 per operation), and the
        // Hessian-vector product an f[2] per close triple: bounded by n^3 series
        int n = request.has("matrix") ? request.node().get("matrix").size() : 0;
        double work = (double) f.operations() * SpectralDifferences.ORDER * SpectralDifferences.ORDER / 2 * n * n * n;
        if (work > request.limits().maxWork()) {
            throw new RequestException(RequestException.TOO_LARGE, "an expression of " + f.operations()
                    + " operations on a " + n + " x " + n + " matrix costs up to about " + String.format("%.3g", work)
                    + " operations, beyond the limit of " + request.limits().maxWork() + " (--max-work)");
        }
        String key = spec.get("expression").asText() + "\u0000" + parameters + "\u0000" + bounds[0] + "," + bounds[1];
        String refusal;
        synchronized (CONDITIONED) {
            refusal = CONDITIONED.get(key);
        }
        if (refusal == null) {
            try {
                io.github.eigengrad.generator.parse.Conditioning.require(f.function());
                refusal = "";
            } catch (io.github.eigengrad.generator.parse.ExpressionException x) {
                refusal = x.getMessage();
            }
            synchronized (CONDITIONED) {
                CONDITIONED.put(key, refusal);
            }
        }
        if (!refusal.isEmpty()) {
            throw new RequestException(RequestException.INVALID_EXPRESSION, refusal);
        }
        return MatrixFunction.of(f);
    }
}
