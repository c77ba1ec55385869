package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.InvalidInputException;
import java.util.Iterator;
import java.util.Set;

/** Typed, checked access to the fields of one JSON request object. */
final class Request {
    private final ObjectNode node;
    private final Limits limits;

    /** Rejects any field not in {@code allowed} ({@code id} is always allowed): a typo must not be silently ignored. */
    Request(ObjectNode node, Set<String> allowed, Limits limits) throws RequestException {
        this.node = node;
        this.limits = limits;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("id") && !allowed.contains(name)) {
                throw new RequestException(RequestException.INVALID_REQUEST, "unknown field '" + name
                        + "'; this command accepts " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /**
     * Whether {@code field} is a complex matrix (docs/math.md section 13): some entry is an
     * array {@code [re, im]}.
     */
    boolean isComplex(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return false;
        }
        for (JsonNode row : value) {
            if (row.isArray()) {
                for (JsonNode entry : row) {
                    if (entry.isArray()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A complex n x n matrix as rows whose entries are numbers (real) or {@code [re, im]},
     * interleaved (re, im) row-major; null when the field is absent or null. The shape is
     * checked here (the interleaved layout has no rows left to check).
     */
    double[] optionalComplexMatrix(String field) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        double[][] rows = matrix(field, true);
        int n = rows.length;
        if (n == 0) {
            throw new RequestException(InvalidInputException.Problem.EMPTY.code(), "'" + field + "' is empty");
        }
        double[] out = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != 2 * n) {
                throw new RequestException(InvalidInputException.Problem.NOT_SQUARE.code(), "'" + field
                        + "' is not square: " + n + " rows but row " + i + " has " + rows[i].length / 2 + " entries");
            }
            System.arraycopy(rows[i], 0, out, 2 * i * n, 2 * n);
        }
        return out;
    }

    /** A required n x n array of rows; shape and values are checked by the runtime. */
    double[][] matrix(String field) throws RequestException {
        return matrix(field, false);
    }

    /** The rows of {@code field}; with {@code complex} each entry a number or {@code [re, im]}, held as two doubles. */
    private double[][] matrix(String field, boolean complex) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "missing required field '" + field + "'");
        }
        if (!value.isArray()) {
            throw new RequestException(RequestException.INVALID_REQUEST,
                    "'" + field + "' must be an array of rows, got " + kind(value));
        }
        if (value.size() > limits.maxSize()) {
            throw new RequestException(RequestException.TOO_LARGE, "'" + field + "' has " + value.size()
                    + " rows, more than the limit of " + limits.maxSize() + " (--max-size)");
        }
        double[][] rows = new double[value.size()][];
        for (int i = 0; i < rows.length; i++) {
            JsonNode row = value.get(i);
            if (!row.isArray()) {
                throw new RequestException(RequestException.INVALID_REQUEST,
                        "'" + field + "' row " + i + " must be an array of numbers, got " + kind(row));
            }
            if (row.size() > limits.maxSize()) {
                throw new RequestException(RequestException.TOO_LARGE, "'" + field + "' row " + i + " has "
                        + row.size() + " entries, more than the limit of " + limits.maxSize() + " (--max-size)");
            }
            rows[i] = new double[(complex ? 2 : 1) * row.size()];
            for (int j = 0; j < row.size(); j++) {
                String where = "'" + field + "'[" + i + "][" + j + "]";
                JsonNode entry = row.get(j);
                if (!complex) {
                    rows[i][j] = number(entry, where);
                } else if (entry.isArray()) {
                    if (entry.size() != 2) {
                        throw new RequestException(RequestException.INVALID_REQUEST, where + " must be a number or "
                                + "[re, im], got an array of " + entry.size());
                    }
                    rows[i][2 * j] = number(entry.get(0), where + " (real part)");
                    rows[i][2 * j + 1] = number(entry.get(1), where + " (imaginary part)");
                } else {
                    rows[i][2 * j] = number(entry, where);
                }
            }
        }
        return rows;
    }

    /** An optional n x n matrix (array of rows), or null when absent or null. */
    double[][] optionalMatrix(String field) throws RequestException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : matrix(field);
    }

    /** An optional array of numbers, or null when absent or null. */
    double[] optionalVector(String field) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new RequestException(RequestException.INVALID_REQUEST,
                    "'" + field + "' must be an array of numbers, got " + kind(value));
        }
        if (value.size() > limits.maxSize()) {
            throw new RequestException(RequestException.TOO_LARGE, "'" + field + "' has " + value.size()
                    + " entries, more than the limit of " + limits.maxSize() + " (--max-size)");
        }
        double[] v = new double[value.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(value.get(i), "'" + field + "'[" + i + "]");
        }
        return v;
    }

    /** An optional integer (a JSON number with no fraction, in int range); {@code fallback} when absent or null. */
    int integer(String field, int fallback) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        double d = number(value, "'" + field + "'");
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' must be an integer, got " + value);
        }
        return (int) d;
    }

    /**
     * An optional whole number from 1 to 2^53 (K and Kmax: every such number is exact in a
     * double); {@code fallback} when absent or null.
     */
    long count(String field, long fallback) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' must be a number, got "
                    + kind(value));
        }
        java.math.BigDecimal d = value.decimalValue();
        if (d.stripTrailingZeros().scale() > 0) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' must be an integer, got "
                    + value);
        }
        if (d.abs().compareTo(MAX_COUNT) > 0) {
            throw new RequestException(InvalidInputException.Problem.INVALID_OPTION.code(), "'" + field
                    + "' must be a whole number from 1 to 2^53 = 9007199254740992, got " + value);
        }
        return d.longValueExact(); // the range below 1 is the runtime's to name
    }

    private static final java.math.BigDecimal MAX_COUNT = java.math.BigDecimal.valueOf(1L << 53);

    /** An optional boolean; {@code fallback} when absent or null. */
    boolean bool(String field, boolean fallback) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' must be true or false, got "
                    + kind(value));
        }
        return value.booleanValue();
    }

    /** An optional string; {@code fallback} when absent or null. */
    String text(String field, String fallback) throws RequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' must be a string, got "
                    + kind(value));
        }
        return value.textValue();
    }

    /** The request's JSON object. */
    ObjectNode node() {
        return node;
    }

    Limits limits() {
        return limits;
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** An optional number; {@code fallback} when absent or null. */
    double number(String field, double fallback) throws RequestException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : number(value, "'" + field + "'");
    }

    private static double number(JsonNode value, String where) throws RequestException {
        if (!value.isNumber()) {
            throw new RequestException(RequestException.INVALID_REQUEST, where + " must be a number, got " + kind(value));
        }
        return value.doubleValue();
    }

    private static String kind(JsonNode value) {
        return value.isTextual() ? "the string " + value : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
