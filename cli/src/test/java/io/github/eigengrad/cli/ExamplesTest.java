package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request files in examples/ run as documented, each response checked against the value
 * written out from the mathematics (diagonal matrices and 2x2 cases whose gradients are known
 * in closed form).
 */
class ExamplesTest {
    static Map<String, JsonNode> byId(CliRun run) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode r : run.responses()) {
            m.put(r.get("id").asText(), r);
        }
        return m;
    }

    static double[][] gradient(JsonNode response) {
        return EighCommandTest.matrix(response.get("gradient"));
    }

    @Test
    void pullbackExamples() throws Exception {
        CliRun run = CliRun.of(Files.readString(EighCommandTest.EXAMPLES.resolve("pullback.jsonl")), "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        Map<String, JsonNode> r = byId(run);
        assertEquals(6, r.size());
        // d trace / dA = I
        assertMatrix(new double[][] {{1, 0}, {0, 1}}, gradient(r.get("trace")), 1e-15);
        // d lambda_0 / dA = v0 v0^T, v0 = (1, 1)/sqrt 2
        assertMatrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, gradient(r.get("top-eigenvalue")), 1e-15);
        // V = I; pair (0, 1) tied: F^(K) = K / lambda = 19, skew(G)_01 = 0 (G symmetric), so the gradient is 0
        assertMatrix(new double[2 + 1][3], gradient(r.get("tie-power-iteration")), 1e-15);
        assertEquals(19, r.get("tie-power-iteration").get("iterationsUsed").asInt());
        // V = I, G = [[0, 1], [1, 0]] symmetric: skew(G) = 0 and no eigenvalue cotangent: the gradient is 0
        assertMatrix(new double[2][2], gradient(r.get("adaptive")), 1e-15);
        assertEquals(1, r.get("analytic-masked").get("warnings").size());
        // top-1 of diag(4, 2, 1), L = lambda_0 + v_0 . e_1: dL/dA = e0 e0^T + sym(F_10 e_1 e0^T), F = c_50(1/2)/4
        double f = (1 - Math.pow(0.5, 50)) / (1 - 0.5) / 4;
        assertMatrix(new double[][] {{1, f / 2, 0}, {f / 2, 0, 0}, {0, 0, 0}}, gradient(r.get("top-k")), 1e-15);
    }

    /** examples/float.jsonl: the float path (docs/math.md section 11), against the same closed forms in float accuracy. */
    @Test
    void floatExamples() throws Exception {
        CliRun run = CliRun.of(Files.readString(EighCommandTest.EXAMPLES.resolve("float.jsonl")), "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        Map<String, JsonNode> r = byId(run);
        assertEquals(5, r.size());
        assertMatrix(new double[][] {{1, 0}, {0, 1}}, gradient(r.get("trace")), 1e-7);
        assertMatrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, gradient(r.get("top-eigenvalue")), 1e-7);
        // the tie: F^(K) = K / mu is finite and skew(G) = 0, so the gradient is 0 (exactly, in float too)
        assertMatrix(new double[3][3], gradient(r.get("tie-power-iteration")), 0);
        // a gap of 1e-5 is degenerate in float (the default 1e-4): masked, with a warning
        assertEquals(1, r.get("analytic-masked").get("warnings").size());
        assertMatrix(new double[2][2], gradient(r.get("analytic-masked")), 0);
        double log = Math.log(2) / (2 - 1);
        assertMatrix(new double[][] {{0, log}, {log, 0}}, gradient(r.get("log")), 1e-7);
    }

    @Test
    void functionExamples() throws Exception {
        CliRun run = CliRun.of(Files.readString(EighCommandTest.EXAMPLES.resolve("function.jsonl")), "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        Map<String, JsonNode> r = byId(run);
        // diagonal M: the gradient of <f(M), C> is f[1](l_i, l_j) C_ij
        assertMatrix(new double[][] {{0.25, 0}, {0, 1.0 / 6}}, gradient(r.get("sqrt")), 1e-15);
        assertMatrix(new double[][] {{0, -1.0 / 16}, {-1.0 / 16, 0}}, gradient(r.get("invsqrt-zca")), 1e-15);
        double log = Math.log(2) / (2 - 1);
        assertMatrix(new double[][] {{0, log}, {log, 0}}, gradient(r.get("log")), 1e-15);
        assertMatrix(new double[][] {{0, 4}, {4, 0}}, gradient(r.get("pow")), 1e-14);
        assertMatrix(new double[][] {{2, 0}, {0, 3}}, EighCommandTest.matrix(r.get("sqrt").get("value")), 1e-15);
        // users' functions: the von Neumann entropy -tr(M log M) at the tie M = 2 I has gradient -(log 2 + 1) I
        double entropy = -(Math.log(2) + 1);
        assertMatrix(new double[][] {{entropy, 0}, {0, entropy}}, gradient(r.get("entropy-tie")), 1e-15);
        // exp(-x/2) at diag(2, 1): f[1](2, 1) = exp(-1) - exp(-1/2)
        double heat = Math.exp(-1) - Math.exp(-0.5);
        assertMatrix(new double[][] {{0, heat}, {heat, 0}}, gradient(r.get("heat-kernel")), 1e-15);
    }

    @Test
    void pushforwardExamples() throws Exception {
        CliRun run = CliRun.of(Files.readString(EighCommandTest.EXAMPLES.resolve("pushforward.jsonl")), "pushforward");
        assertEquals(0, run.exitCode(), run.stdout());
        Map<String, JsonNode> r = byId(run);
        // d lambda_i / dt along E_00 is (v_i)_0^2 = 1/2 for v = (1, +-1)/sqrt 2
        double[] valuesDot = EighCommandTest.vector(r.get("eigenvalue-tangent").get("valuesDot"));
        assertEquals(0.5, valuesDot[0], 1e-15);
        assertEquals(0.5, valuesDot[1], 1e-15);
        // V = I at a tie: W = [[0, 1], [1, 0]], F^(K)_10 = K / mu = 19 / 2, VDot = F o W
        assertMatrix(new double[][] {{0, -9.5}, {9.5, 0}},
                EighCommandTest.matrix(r.get("tie-power-iteration").get("vectorsDot")), 1e-15);
        // analytic: F_10 = 1 / (3 - 1)
        assertMatrix(new double[][] {{0, -0.5}, {0.5, 0}}, EighCommandTest.matrix(r.get("analytic").get("vectorsDot")),
                1e-15);
        // log at M = diag(2, 1), C = I: d log M [E_00] = E_00 / 2, gradient M^-1, its derivative -M^-1 E_00 M^-1
        JsonNode log = r.get("log-second-order");
        assertMatrix(new double[][] {{0.5, 0}, {0, 0}}, EighCommandTest.matrix(log.get("valueDot")), 1e-15);
        assertMatrix(new double[][] {{0.5, 0}, {0, 1}}, gradient(log), 1e-15);
        assertMatrix(new double[][] {{-0.25, 0}, {0, 0}}, EighCommandTest.matrix(log.get("gradientDot")), 1e-15);
    }

    @Test
    void everyRequestFileInExamplesIsRunByATest() throws Exception {
        try (var files = Files.list(EighCommandTest.EXAMPLES)) {
            List<String> jsonl = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted()
                    .toList();
            assertEquals(List.of("eigh-errors.jsonl", "eigh.jsonl", "float.jsonl", "function.jsonl", "pullback.jsonl",
                    "pushforward.jsonl"), jsonl);
        }
    }

    static void assertMatrix(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                int row = i;
                int col = j;
                assertTrue(Math.abs(expected[i][j] - actual[i][j]) <= tolerance,
                        () -> "entry (" + row + ", " + col + "): " + actual[row][col] + " vs " + expected[row][col]);
            }
        }
    }
}
