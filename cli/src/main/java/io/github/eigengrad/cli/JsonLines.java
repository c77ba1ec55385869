package io.github.eigengrad.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;

/**
 * Serves a JSON Lines stream: one request object per input line, one response object per
 * output line, in order (docs/cli.md). A line that cannot be served yields
 * {@code {"id": ..., "error": {"code": ..., "message": ...}}} and the stream goes on; so does
 * a line beyond the {@link Limits} ({@code too-large}), and one whose handling runs out of
 * memory. Lines holding only JSON whitespace (space, tab, CR) are skipped. {@code id} is
 * echoed as the exact text it was sent as. Nothing but JSON is written to {@code out}, and
 * the first failed write stops the stream ({@link OutputFailedException}).
 */
final class JsonLines {
    /**
     * NaN and Infinity tokens are read (as Python's json module writes them) so that they are
     * rejected with the offending index rather than as unparsable; duplicate keys and trailing
     * content on a line are errors.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Turns one request into the fields of its response (without {@code id}). */
    interface Handler {
        ObjectNode handle(ObjectNode request, Limits limits) throws RequestException;
    }

    private JsonLines() {}

    /** Serves every line of {@code in}; returns the number of lines that failed. */
    static int serve(Reader in, PrintStream out, Limits limits, Handler handler) throws IOException {
        int failed = 0;
        LineReader lines = new LineReader(in, limits.maxLineLength());
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            ObjectNode response;
            if (line.tooLong()) {
                failed++;
                response = error(null, RequestException.TOO_LARGE, "the line has " + line.length() + " characters, "
                        + "more than the limit of " + limits.maxLineLength() + " (--max-line-length)");
            } else if (isBlank(line.text())) {
                continue;
            } else {
                response = MAPPER.createObjectNode();
                String id = null;
                try {
                    JsonNode request = parse(line.text());
                    id = request.isObject() && request.has("id") ? rawId(line.text()) : null;
                    if (!request.isObject()) {
                        throw new RequestException(RequestException.INVALID_REQUEST, "a request must be a JSON object, "
                                + "got " + request.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                    }
                    putId(response, id);
                    response.setAll(handler.handle((ObjectNode) request, limits));
                } catch (RequestException e) {
                    failed++;
                    response = error(id, e.code(), e.getMessage());
                } catch (OutOfMemoryError e) {
                    failed++;
                    response = error(id, RequestException.TOO_LARGE, "the request needs more memory than this JVM "
                            + "has (raise -Xmx, or lower --max-line-length and --max-size)");
                } catch (RuntimeException e) {
                    failed++;
                    response = error(id, RequestException.INTERNAL_ERROR, e.toString());
                }
            }
            out.print(MAPPER.writeValueAsString(response));
            out.print('\n');
            CheckedOutput.check(out);
        }
        return failed;
    }

    /** JSON whitespace only: space, tab, carriage return (a line feed ends the line). */
    private static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(String line) throws RequestException {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RequestException(RequestException.MALFORMED_JSON, "line is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The text of the top-level {@code id} value exactly as it appears on the line (so that
     * 1e400, 1.00000000000000000001 or a lone surrogate escape come back unchanged).
     */
    static String rawId(String line) {
        try (JsonParser p = MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                p.finishToken(); // a string's text is otherwise read lazily, after the location is taken
                if (name.equals("id")) {
                    long stop = p.currentLocation().getCharOffset();
                    return line.substring((int) start, (int) stop);
                }
            }
            return null;
        } catch (IOException e) {
            return null; // the tree parse has already accepted the line
        }
    }

    private static void putId(ObjectNode response, String rawId) {
        if (rawId == null) {
            response.putNull("id");
        } else {
            response.putRawValue("id", new RawValue(rawId));
        }
    }

    private static ObjectNode error(String rawId, String code, String message) {
        ObjectNode response = MAPPER.createObjectNode();
        putId(response, rawId);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return response;
    }

    static ArrayNode array(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double v : values) {
            array.add(v);
        }
        return array;
    }

    static ArrayNode rows(double[][] matrix) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double[] row : matrix) {
            array.add(array(row));
        }
        return array;
    }

    /**
     * The report fields of a pullback or pushforward response, in the contract's order:
     * {@code iterationsUsed} (null for analytic), {@code maxPairError}, the bound named
     * {@code boundName} (null for analytic), {@code shift}, {@code warnings}.
     */
    static void report(ObjectNode response, java.util.OptionalLong iterationsUsed, double maxPairError,
            String boundName, java.util.OptionalDouble bound, double shift, java.util.List<String> warnings) {
        if (iterationsUsed.isPresent()) {
            response.put("iterationsUsed", iterationsUsed.getAsLong());
        } else {
            response.putNull("iterationsUsed");
        }
        response.put("maxPairError", maxPairError);
        if (bound.isPresent()) {
            response.put(boundName, bound.getAsDouble());
        } else {
            response.putNull(boundName);
        }
        response.put("shift", shift);
        com.fasterxml.jackson.databind.node.ArrayNode list = response.putArray("warnings");
        warnings.forEach(list::add);
    }
}
