package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code "precision": "float"} in the eigen services (docs/cli.md): the float results against
 * the double results of the same (float-representable) request within float accuracy, floats
 * written as their shortest decimals, the dot-product identity between the float pushforward
 * and pullback, and the float-only errors as error objects with the stream going on.
 */
class FloatRequestsTest {
    static final String MATRIX = "[[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 1]]";

    static JsonNode one(String command, String line) {
        CliRun run = CliRun.of(line + "\n", command);
        assertEquals(0, run.exitCode(), run.stdout());
        return run.responses().get(0);
    }

    static void assertCloseRelative(JsonNode expected, JsonNode actual, double tolerance, String what) {
        double[] e = flatten(expected);
        double[] a = flatten(actual);
        assertEquals(e.length, a.length, what);
        double size = 0;
        double err = 0;
        for (int k = 0; k < e.length; k++) {
            size = Math.max(size, Math.abs(e[k]));
            err = Math.max(err, Math.abs(e[k] - a[k]));
        }
        assertTrue(err <= tolerance * size, what + ": relative error " + err / size);
    }

    static double[] flatten(JsonNode node) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        if (node.isArray() && node.size() > 0 && node.get(0).isArray()) {
            node.forEach(row -> row.forEach(x -> out.add(x.doubleValue())));
        } else {
            node.forEach(x -> out.add(x.doubleValue()));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "power-iteration|", "adaptive|", "analytic|", "power-iteration|, \"eigenvalueTerm\": false"})
    void floatRequestsAgreeWithDoubleRequests(String method, String extra) {
        String common = "\"matrix\": " + MATRIX + ", \"valuesBar\": [1, -0.5, 0.25], \"vectorsBar\": "
                + "[[0.5, 1, -1], [0.25, 0, 1], [1, 0.5, 0]], \"method\": \"" + method + "\"" + (extra == null ? "" : extra);
        JsonNode d = one("pullback", "{" + common + "}");
        JsonNode f = one("pullback", "{" + common + ", \"precision\": \"float\"}");
        assertCloseRelative(d.get("values"), f.get("values"), 1e-6, "values");
        assertCloseRelative(d.get("gradient"), f.get("gradient"), 1e-4, "gradient");
        assertEquals(d.get("iterationsUsed"), f.get("iterationsUsed"));
        String tangent = "\"matrix\": " + MATRIX + ", \"tangent\": [[1, 2, 0], [0, -1, 0.5], [0, 0.5, 3]], \"method\": \""
                + method + "\"" + (extra == null ? "" : extra);
        JsonNode dp = one("pushforward", "{" + tangent + "}");
        JsonNode fp = one("pushforward", "{" + tangent + ", \"precision\": \"float\"}");
        assertCloseRelative(dp.get("valuesDot"), fp.get("valuesDot"), 1e-4, "valuesDot");
        assertCloseRelative(dp.get("vectorsDot"), fp.get("vectorsDot"), 1e-4, "vectorsDot");
    }

    @Test
    void floatsAreWrittenAsShortestDecimals() {
        JsonNode f = one("eigh", "{\"matrix\": [[0.1, 0], [0, 0.2]], \"precision\": \"float\"}");
        assertEquals("[0.2,0.1]", f.get("values").toString());
        JsonNode d = one("eigh", "{\"matrix\": " + MATRIX + ", \"precision\": \"float\"}");
        JsonNode e = one("eigh", "{\"matrix\": " + MATRIX + "}");
        assertCloseRelative(e.get("values"), d.get("values"), 1e-6, "values");
        EighCommandTest.assertDecomposes(EighCommandTest.matrix(JsonLines.MAPPER.valueToTree(
                new double[][] {{4, 1, 0.5}, {1, 3, 0.25}, {0.5, 0.25, 1}})), 0, e);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"matrix\": [[1]], \"precision\": \"half\"}|invalid-request|'precision' must be",
        "{\"matrix\": [[1e39]], \"precision\": \"float\"}|out-of-range|exceeds the float range",
        "{\"matrix\": [[2, 1], [1, 2]], \"precision\": \"float\", \"iterations\": 16777217}|invalid-option|2^24",
        "{\"matrix\": [[2, 1], [1, 2]], \"precision\": \"float\", \"topK\": 1}|invalid-request|'topK'",
        "{\"matrix\": [[2, 1], [1, -2]], \"precision\": \"float\", \"function\": {\"name\": \"log\"}, "
            + "\"functionBar\": [[1, 0], [0, 1]]}|out-of-range|log needs eigenvalues > 0",
        "{\"matrix\": [[1, 0], [0, 1]], \"precision\": \"float\", \"method\": \"analytic\"}|degenerate-spectrum|",
    })
    void floatErrorsAreErrorObjectsAndTheStreamGoesOn(String line, String code, String fragment) {
        CliRun run = CliRun.of(line + "\n{\"id\": \"next\", \"matrix\": [[2]], \"precision\": \"float\"}\n",
                "pullback");
        assertEquals(1, run.exitCode());
        List<JsonNode> responses = run.responses();
        assertEquals(2, responses.size(), run.stdout());
        JsonNode error = responses.get(0).get("error");
        assertEquals(code, error.get("code").asText(), error.toString());
        assertTrue(fragment == null || error.get("message").asText().contains(fragment), error.toString());
        assertEquals("[2.0]", responses.get(1).get("values").toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sqrt", "log", "exp", "invsqrt"})
    void floatMatrixFunctionsAgreeWithDouble(String name) {
        String common = "\"matrix\": " + MATRIX + ", \"function\": {\"name\": \"" + name + "\"}, \"functionBar\": "
                + "[[1, 0.5, 0], [0, 2, 0], [0.25, 0, -1]]";
        JsonNode d = one("pullback", "{" + common + "}");
        JsonNode f = one("pullback", "{" + common + ", \"precision\": \"float\"}");
        assertCloseRelative(d.get("gradient"), f.get("gradient"), 1e-4, "gradient");
        assertCloseRelative(d.get("value"), f.get("value"), 1e-5, "value");
        String forward = common + ", \"tangent\": [[0, 1, 0], [1, 0, 0.5], [0, 0.5, 1]]";
        JsonNode dp = one("pushforward", "{" + forward + "}");
        JsonNode fp = one("pushforward", "{" + forward + ", \"precision\": \"float\"}");
        assertCloseRelative(dp.get("valueDot"), fp.get("valueDot"), 1e-4, "valueDot");
        assertCloseRelative(dp.get("gradientDot"), fp.get("gradientDot"), 1e-4, "gradientDot");
        assertEquals(java.util.List.of("id", "values", "vectors", "value", "valueDot", "gradient", "gradientDot"),
                fieldNames(fp));
    }

    static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void maskedPairsAreReportedInFloat() {
        JsonNode f = one("pullback", "{\"matrix\": [[1, 0], [0, 0.99999]], \"vectorsBar\": [[0, 1], [1, 0]], "
                + "\"method\": \"analytic\", \"mask\": true, \"precision\": \"float\"}");
        assertEquals(1, f.get("warnings").size(), f.toString());
        assertTrue(f.get("warnings").get(0).asText().contains("masked the degenerate pair (0, 1)"), f.toString());
    }
}
