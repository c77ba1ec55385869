package io.github.eigengrad.cli;

/** A request line that cannot be served; becomes {@code {"id", "error": {"code", "message"}}}. */
final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The line is not valid JSON. */
    static final String MALFORMED_JSON = "malformed-json";
    /** Valid JSON, but not a request: not an object, a missing or mistyped field, an unknown field. */
    static final String INVALID_REQUEST = "invalid-request";
    /** The line, a matrix or the work it asks for exceeds the configured limits (or the JVM's memory). */
    static final String TOO_LARGE = "too-large";
    /** A user's function ({@code "expression"}) that does not parse or has no value; the message names the column. */
    static final String INVALID_EXPRESSION = "invalid-expression";
    /** A bug in eigengrad: the line could not be served for a reason that is not the request's fault. */
    static final String INTERNAL_ERROR = "internal-error";

    private final String code;

    RequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
