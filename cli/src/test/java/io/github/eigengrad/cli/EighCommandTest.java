package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EighCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[rows.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = rows.get(i).get(j).doubleValue();
            }
        }
        return m;
    }

    static double[] vector(JsonNode values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).doubleValue();
        }
        return v;
    }

    /** ||(M + eps I) V - V diag(values)|| <= 1e-13 ||M + eps I||, V^T V = I, descending: from the JSON alone. */
    static void assertDecomposes(double[][] a, double epsilon, JsonNode response) {
        int n = a.length;
        double[] values = vector(response.get("values"));
        double[][] v = matrix(response.get("vectors"));
        double norm = 0;
        double residual = 0;
        double orthogonality = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double mij = a[i][j] + (i == j ? epsilon : 0);
                norm += mij * mij;
                double mv = 0;
                double vtv = 0;
                for (int k = 0; k < n; k++) {
                    mv += (a[i][k] + (i == k ? epsilon : 0)) * v[k][j];
                    vtv += v[k][i] * v[k][j];
                }
                residual += Math.pow(mv - v[i][j] * values[j], 2);
                orthogonality += Math.pow(vtv - (i == j ? 1 : 0), 2);
            }
        }
        assertTrue(Math.sqrt(residual) <= 1e-13 * Math.sqrt(norm), "residual " + Math.sqrt(residual / norm));
        assertTrue(Math.sqrt(orthogonality) <= 1e-13, "orthogonality " + Math.sqrt(orthogonality));
        for (int i = 0; i + 1 < n; i++) {
            assertTrue(values[i] >= values[i + 1], "descending");
        }
    }

    @Test
    void servesTheShippedExampleInOrder() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLES.resolve("eigh.jsonl"));
        CliRun run = CliRun.of(String.join("\n", lines) + "\n", "eigh");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr());
        List<JsonNode> responses = run.responses();
        assertEquals(lines.size(), responses.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode request = JsonLines.MAPPER.readTree(lines.get(i));
            JsonNode response = responses.get(i);
            assertEquals(request.get("id"), response.get("id"));
            assertEquals(List.of("id", "values", "vectors"), fieldNames(response));
            double epsilon = request.has("epsilon") ? request.get("epsilon").doubleValue() : 0;
            assertDecomposes(matrix(request.get("matrix")), epsilon, response);
        }
        // exact spectra: [[2,1],[1,2]] -> 3, 1; rank one aa^T with a = (1,2,3) -> 14, 0, 0;
        // 0.9 J + 0.1 I + 1e-4 I -> 3.7001 and 0.1001 (three times)
        assertArrayClose(new double[] {3, 1}, vector(responses.get(0).get("values")), 1e-15);
        assertArrayClose(new double[] {14, 0, 0}, vector(responses.get(3).get("values")), 1e-14);
        assertArrayClose(new double[] {3.7001, 0.1001, 0.1001, 0.1001}, vector(responses.get(2).get("values")), 1e-14);
        double r = Math.hypot(1e300, 2e299);
        assertArrayClose(new double[] {r, -r}, vector(responses.get(4).get("values")), 1e-15 * r);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void assertArrayClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "entry " + i);
        }
    }

    @Test
    void badLinesGiveErrorObjectsAndTheStreamGoesOn() throws IOException {
        CliRun run = CliRun.of(Files.readString(EXAMPLES.resolve("eigh-errors.jsonl")), "eigh");
        assertEquals(1, run.exitCode());
        List<JsonNode> responses = run.responses();
        List<String> codes = responses.stream()
                .map(r -> r.has("error") ? r.get("error").get("code").asText() : "ok").toList();
        assertEquals(List.of("ok", "asymmetric-matrix", "non-finite-value", "ragged-matrix", "invalid-request",
                "invalid-option", "malformed-json", "ok"), codes);
        assertEquals("after the bad line", responses.get(7).get("id").asText());
        assertArrayClose(new double[] {3}, vector(responses.get(7).get("values")), 0);
        assertTrue(responses.get(6).get("id").isNull());
        assertTrue(responses.get(2).get("error").get("message").asText().contains("entry (0, 1) is NaN"));
        assertTrue(responses.get(4).get("error").get("message").asText().contains("'epsilom'"));
        for (JsonNode r : responses) {
            if (r.has("error")) {
                assertEquals(List.of("id", "error"), fieldNames(r));
                assertFalse(r.get("error").get("message").asText().isBlank());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\": 1, \"matrix\": []}|empty-matrix|0 rows",
        "{\"id\": 1, \"matrix\": [[1, 2, 3], [4, 5, 6]]}|non-square-matrix|2 rows of 3",
        "{\"id\": 1, \"matrix\": [[1, 2], [2]]}|ragged-matrix|row 1 has 1",
        "{\"id\": 1}|invalid-request|missing required field 'matrix'",
        "{\"id\": 1, \"matrix\": null}|invalid-request|missing required field 'matrix'",
        "{\"id\": 1, \"matrix\": 5}|invalid-request|must be an array of rows",
        "{\"id\": 1, \"matrix\": [1, 2]}|invalid-request|row 0 must be an array",
        "{\"id\": 1, \"matrix\": [[1, \"x\"], [0, 1]]}|invalid-request|'matrix'[0][1] must be a number",
        "{\"id\": 1, \"matrix\": [[1]], \"epsilon\": \"big\"}|invalid-request|'epsilon' must be a number",
        "{\"id\": 1, \"matrix\": [[1, Infinity], [Infinity, 1]]}|non-finite-value|entry (0, 1) is Infinity",
        "{\"id\": 1, \"matrix\": [[1e400]]}|non-finite-value|entry (0, 0) is Infinity",
        "{\"id\": 1, \"matrix\": [[1, -Infinity], [0, 1]]}|non-finite-value|entry (0, 1) is -Infinity",
        "{\"id\": 1, \"matrix\": [[1.7e308, 1.7e308], [1.7e308, 1.7e308]]}|out-of-range|exceeds the double range",
        "[1, 2]|invalid-request|must be a JSON object",
        "{\"id\": 1, \"matrix\": [[1]]} {\"id\": 2}|malformed-json|not valid JSON",
        "{\"id\": 1, \"id\": 2, \"matrix\": [[1]]}|malformed-json|Duplicate field 'id'",
        "{\"id\": 1, \"matrix\": [[1, 2]|malformed-json|not valid JSON",
    })
    void eachProblemHasItsCode(String line, String code, String fragment) {
        CliRun run = CliRun.of(line + "\n{\"id\": \"next\", \"matrix\": [[2]]}\n", "eigh");
        assertEquals(1, run.exitCode());
        List<JsonNode> responses = run.responses();
        assertEquals(2, responses.size(), run.stdout());
        JsonNode error = responses.get(0).get("error");
        assertEquals(code, error.get("code").asText(), error.toString());
        assertTrue(error.get("message").asText().contains(fragment), error.toString());
        assertArrayClose(new double[] {2}, vector(responses.get(1).get("values")), 0);
    }

    @Test
    void idsOfAnyTypeAreEchoedAndBlankLinesSkipped() throws IOException {
        CliRun run = CliRun.of("{\"id\": {\"batch\": [1, 2]}, \"matrix\": [[1]]}\n\n   \n"
                + "{\"matrix\": [[1]]}\n{\"id\": 7.5, \"matrix\": [[1]]}\n{\"id\": \"é\", \"matrix\": [[1]]}\n", "eigh");
        assertEquals(0, run.exitCode());
        List<JsonNode> responses = run.responses();
        assertEquals(4, responses.size());
        assertEquals(JsonLines.MAPPER.readTree("{\"batch\": [1, 2]}"), responses.get(0).get("id"));
        assertTrue(responses.get(1).get("id").isNull());
        assertEquals(7.5, responses.get(2).get("id").doubleValue());
        assertEquals("é", responses.get(3).get("id").asText());
    }

    @Test
    void epsilonShiftsTheEigenvalues() {
        CliRun run = CliRun.of("{\"matrix\": [[2, 1], [1, 2]], \"epsilon\": 0.25}\n", "eigh");
        assertArrayClose(new double[] {3.25, 1.25}, vector(run.responses().get(0).get("values")), 1e-15);
    }

    @Test
    void outputIsByteReproducible() throws IOException {
        String input = Files.readString(EXAMPLES.resolve("eigh.jsonl"));
        assertEquals(CliRun.of(input, "eigh").stdout(), CliRun.of(input, "eigh").stdout());
    }

    @Test
    void usageErrorsGoToStderrOnly() {
        CliRun none = CliRun.of("", new String[0]);
        assertEquals(2, none.exitCode());
        assertEquals("", none.stdout());
        assertTrue(none.stderr().contains("Missing subcommand"), none.stderr());
        CliRun unknown = CliRun.of("", "eigh", "--bogus");
        assertEquals(2, unknown.exitCode());
        assertEquals("", unknown.stdout());
        assertTrue(unknown.stderr().contains("--bogus"), unknown.stderr());
    }

    @Test
    void emptyInputIsSuccessWithNoOutput() {
        CliRun run = CliRun.of("", "eigh");
        assertEquals(0, run.exitCode());
        assertEquals("", run.stdout());
    }
}
