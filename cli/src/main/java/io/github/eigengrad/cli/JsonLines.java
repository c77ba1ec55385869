package io.github.eigengrad.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Serves a JSON Lines stream: one request object per input line, one response object per
 * output line, in order (DESIGN.md). A line that cannot be served yields
 * {@code {"id": ..., "error": {"code": ..., "message": ...}}} and the stream goes on. Blank
 * lines are skipped. Nothing but JSON is written to {@code out}.
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
        ObjectNode handle(ObjectNode request) throws RequestException;
    }

    private JsonLines() {}

    /** Serves every line of {@code in}; returns the number of lines that failed. */
    static int serve(BufferedReader in, PrintStream out, Handler handler) throws IOException {
        int failed = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode response = MAPPER.createObjectNode();
            JsonNode id = NullNode.getInstance();
            try {
                JsonNode request = parse(line);
                if (request.isObject() && request.has("id")) {
                    id = request.get("id");
                }
                response.set("id", id);
                if (!request.isObject()) {
                    throw new RequestException(RequestException.INVALID_REQUEST,
                            "a request must be a JSON object, got " + request.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                }
                response.setAll(handler.handle((ObjectNode) request));
            } catch (RequestException e) {
                failed++;
                response = error(id, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                failed++;
                response = error(id, RequestException.INTERNAL_ERROR, e.toString());
            }
            out.print(MAPPER.writeValueAsString(response));
            out.print('\n');
            out.flush();
        }
        return failed;
    }

    private static JsonNode parse(String line) throws RequestException {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RequestException(RequestException.MALFORMED_JSON, "line is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode error(JsonNode id, String code, String message) {
        ObjectNode response = MAPPER.createObjectNode();
        response.set("id", id);
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
}
