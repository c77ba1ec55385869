package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.PullbackReport;
import io.github.eigengrad.runtime.PushforwardReport;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The requests with {@code "precision": "float"} (docs/cli.md, docs/math.md section 11): the
 * matrix, cotangents and tangent rounded to float (a finite number beyond the float range is
 * refused, not made infinite), the runtime's float entry points, and the results written as
 * floats (the shortest decimal that reads back to the float). The report fields are those of
 * a double request.
 */
final class FloatRequests {
    private FloatRequests() {}

    /** {@code "double"} (the default) or {@code "float"}. */
    static boolean isFloat(Request request) throws RequestException {
        String precision = request.text("precision", "double");
        return switch (precision) {
            case "double" -> false;
            case "float" -> true;
            default -> throw new RequestException(RequestException.INVALID_REQUEST, "'precision' must be \"double\" "
                    + "or \"float\", got \"" + precision + "\"");
        };
    }

    /** {@code field} does not apply in float: an error naming it, for a float request. */
    static void refuse(Request request, String field, String what) throws RequestException {
        if (request.has(field) && isFloat(request)) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' (" + what
                    + ") is not available with \"precision\": \"float\"; use double");
        }
    }

    static ObjectNode eigh(double[][] matrix, double epsilon) throws RequestException {
        int n = matrix.length;
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        try {
            SymmetricEigensolver.builder().epsilon(epsilon).build().decompose(flat(matrix, "matrix"), n, values,
                    vectors);
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
        return decomposition(values, vectors, n);
    }

    static ObjectNode pullback(EigenGradient gradient, double[][] matrix, double[] valuesBar, double[][] vectorsBar)
            throws RequestException {
        int n = matrix.length;
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        float[] g = new float[n * n];
        try {
            gradient.decompose(flat(matrix, "matrix"), n, values, vectors);
            PullbackReport r = gradient.pullback(n, values, vectors, vector(valuesBar, "valuesBar"),
                    vectorsBar == null ? null : flat(vectorsBar, "vectorsBar"), g);
            ObjectNode response = decomposition(values, vectors, n);
            response.set("gradient", rows(g, n));
            report(response, gradient, n, values, r.iterationsUsed(), r.maxPairError(), "gradientBound",
                    r.gradientBound(), r.shift());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(PullbackCommand.DEGENERATE_SPECTRUM, x.getMessage());
        }
    }

    static ObjectNode pushforward(EigenGradient gradient, double[][] matrix, double[][] tangent)
            throws RequestException {
        int n = matrix.length;
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        float[] valuesDot = new float[n];
        float[] vectorsDot = new float[n * n];
        try {
            gradient.decompose(flat(matrix, "matrix"), n, values, vectors);
            PushforwardReport r = gradient.pushforward(n, values, vectors,
                    tangent == null ? null : flat(tangent, "tangent"), valuesDot, vectorsDot);
            ObjectNode response = decomposition(values, vectors, n);
            response.set("valuesDot", array(valuesDot));
            response.set("vectorsDot", rows(vectorsDot, n));
            report(response, gradient, n, values, r.iterationsUsed(), r.maxPairError(), "vectorsDotBound",
                    r.vectorsDotBound(), r.shift());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(PullbackCommand.DEGENERATE_SPECTRUM, x.getMessage());
        }
    }

    /**
     * A matrix-function request in float: with {@code tangent} null the pullback's response
     * ({@code values}, {@code vectors}, {@code gradient}, the report fields, {@code value}), else
     * the pushforward's ({@code values}, {@code vectors}, {@code value}, {@code valueDot}, and
     * with {@code c} also {@code gradient} and {@code gradientDot}), in the double commands' order.
     */
    static ObjectNode function(MatrixFunction f, double[][] matrix, double epsilon, double[][] c, double[][] tangent)
            throws RequestException {
        int n = matrix.length;
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        try {
            SymmetricEigensolver.builder().epsilon(epsilon).build().decompose(flat(matrix, "matrix"), n, values,
                    vectors);
            float[] value = new float[n * n];
            ObjectNode response = decomposition(values, vectors, n);
            if (tangent == null) {
                float[] gradient = new float[n * n];
                f.gradient(n, values, vectors, flat(c, "functionBar"), gradient);
                f.value(n, values, vectors, value);
                response.set("gradient", rows(gradient, n));
                response.putNull("iterationsUsed");
                response.put("maxPairError", 0.0);
                response.putNull("gradientBound");
                response.put("shift", 0.0);
                response.putArray("warnings");
                response.set("value", rows(value, n));
                return response;
            }
            float[] t = flat(tangent, "tangent");
            float[] valueDot = new float[n * n];
            f.value(n, values, vectors, value);
            f.derivative(n, values, vectors, t, valueDot);
            response.set("value", rows(value, n));
            response.set("valueDot", rows(valueDot, n));
            if (c != null) {
                float[] cs = flat(c, "functionBar");
                float[] gradient = new float[n * n];
                float[] gradientDot = new float[n * n];
                f.gradient(n, values, vectors, cs, gradient);
                f.hessianVector(n, values, vectors, cs, t, gradientDot);
                response.set("gradient", rows(gradient, n));
                response.set("gradientDot", rows(gradientDot, n));
            }
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    /** A response with {@code values} and {@code vectors} (as rows). */
    private static ObjectNode decomposition(float[] values, float[] vectors, int n) {
        ObjectNode response = JsonLines.MAPPER.createObjectNode();
        response.set("values", array(values));
        response.set("vectors", rows(vectors, n));
        return response;
    }

    /** The report fields, as {@link JsonLines#report} writes them (null K and bound for analytic). */
    private static void report(ObjectNode response, EigenGradient gradient, int n, float[] values,
            long iterationsUsed, double maxPairError, String boundName, double bound, double shift) {
        boolean analytic = gradient.method() == EigenGradient.Method.ANALYTIC;
        JsonLines.report(response, analytic ? OptionalLong.empty() : OptionalLong.of(iterationsUsed), maxPairError,
                boundName, analytic ? OptionalDouble.empty() : OptionalDouble.of(bound), shift,
                gradient.maskedPairs(n, values));
    }

    /** The rows of a square matrix (as the request read it) row-major in float. */
    static float[] flat(double[][] rows, String name) throws RequestException {
        int n = rows.length;
        float[] flat = new float[n * n];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != n) {
                throw new RequestException(InvalidInputException.Problem.WRONG_LENGTH.code(), "'" + name + "' must be "
                        + n + " x " + n + "; row " + i + " has " + rows[i].length + " entries");
            }
            for (int j = 0; j < n; j++) {
                flat[i * n + j] = toFloat(rows[i][j], name, "(" + i + ", " + j + ")");
            }
        }
        return flat;
    }

    private static float[] vector(double[] v, String name) throws RequestException {
        if (v == null) {
            return null;
        }
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = toFloat(v[k], name, Integer.toString(k));
        }
        return f;
    }

    private static float toFloat(double x, String name, String where) throws RequestException {
        float f = (float) x;
        if (Float.isInfinite(f) && !Double.isInfinite(x)) {
            throw new RequestException(InvalidInputException.Problem.OUT_OF_RANGE.code(), "'" + name + "' entry "
                    + where + " = " + x + " exceeds the float range (\"precision\": \"float\"); scale it down or use "
                    + "double");
        }
        return f;
    }

    static ArrayNode array(float[] values) {
        ArrayNode array = JsonLines.MAPPER.createArrayNode();
        for (float v : values) {
            array.add(v);
        }
        return array;
    }

    static ArrayNode rows(float[] flat, int n) {
        ArrayNode array = JsonLines.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            ArrayNode row = array.addArray();
            for (int j = 0; j < n; j++) {
                row.add(flat[i * n + j]);
            }
        }
        return array;
    }
}
