package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.eigengrad.generator.formula.FormulaCatalog;
import io.github.eigengrad.generator.testing.Golden;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeriveCommandTest {
    static final Path DERIVATIONS = Path.of("..", "examples", "derivations");

    static Stream<Arguments> catalog() {
        return FormulaCatalog.IDS.stream().flatMap(id -> Stream.of(Arguments.of(id, "text", "txt"),
                Arguments.of(id, "latex", "tex")));
    }

    /** The committed examples/derivations (n = 3) are what derive prints now; -Deigengrad.update=true rewrites them. */
    @ParameterizedTest(name = "{0} --format {1}")
    @MethodSource("catalog")
    void committedDerivationsAreCurrent(String id, String format, String ext) {
        CliRun run = CliRun.of("", "derive", "--formula", id, "--size", "3", "--format", format);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(run.stdout(), CliRun.of("", "derive", "--formula", id, "--size", "3", "--format", format).stdout(),
                "byte-reproducible");
        Golden.assertMatches(DERIVATIONS.resolve(id + "-n3." + ext), run.stdout());
    }

    @Test
    void jsonIsTheDagNotTheTree() throws Exception {
        // the review's cases: pi-steps at n = 2, K = 5 ran out of memory; n = 3, K = 3 printed 397 MB
        for (String[] args : new String[][] {{"pi-steps", "2", "5"}, {"pi-steps", "3", "3"},
            {"pi-steps", String.valueOf(io.github.eigengrad.generator.formula.FormulaCatalog.MAX_PI_STEPS_SIZE),
                String.valueOf(io.github.eigengrad.generator.formula.FormulaCatalog.MAX_PI_STEPS)},
            {"eq8-power", "8", "256"}, {"eq8", "8", null}, {"eq14", "8", null}, {"eq10", "8", null}}) {
            java.util.List<String> cli = new java.util.ArrayList<>(java.util.List.of("derive", "--formula", args[0],
                    "--size", args[1], "--format", "json"));
            if (args[2] != null) {
                cli.addAll(java.util.List.of("--iterations", args[2]));
            }
            CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> CliRun.of("", cli.toArray(new String[0])));
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdout().length() < 4_000_000, String.join(" ", cli) + ": " + run.stdout().length() + " chars");
            JsonNode json = JsonLines.MAPPER.readTree(run.stdout());
            JsonNode nodes = json.get("nodes");
            // a DAG in evaluation order: each node once, its arguments before it
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode node = nodes.get(i);
                assertEquals(i, node.get("id").asInt());
                for (JsonNode a : node.path("args")) {
                    assertTrue(a.asInt() < i, "argument after its user at node " + i);
                }
                JsonNode key = node.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) key).remove("id");
                assertTrue(seen.add(key.toString()), "node printed twice: " + key);
            }
            for (JsonNode o : json.get("outputs")) {
                assertTrue(o.get("node").asInt() < nodes.size());
            }
        }
    }

    @Test
    void jsonCarriesOpCountsBeforeAndAfterCse() throws Exception {
        CliRun run = CliRun.of("", "derive", "--formula", "eq10", "--size", "3", "--format", "json");
        JsonNode json = JsonLines.MAPPER.readTree(run.stdout());
        long before = json.get("opCounts").get("beforeCse").get("total").asLong();
        long after = json.get("opCounts").get("afterCse").get("total").asLong();
        assertTrue(after > 0 && after < before, before + " -> " + after);
        assertEquals(6, json.get("outputs").size(), "the n(n+1)/2 entries of a symmetric 3 x 3 gradient");
    }

    @Test
    void optionsReachTheFormula() {
        String symbolic = CliRun.of("", "derive", "--formula", "eq8", "--size", "2").stdout();
        String fixed = CliRun.of("", "derive", "--formula", "eq8", "--size", "2", "--iterations", "19").stdout();
        String paper = CliRun.of("", "derive", "--formula", "eq8", "--size", "2", "--paper").stdout();
        assertTrue(symbolic.contains("K / ") && !fixed.contains("K / ") && fixed.contains("19 / "), fixed);
        assertTrue(symbolic.contains("lambdaBar0") && !paper.contains("lambdaBar0"), "paper mode drops the eigenvalue term");
        String general = CliRun.of("", "derive", "--formula", "eq10", "--size", "general").stdout();
        assertTrue(general.contains("aBar[i][j] = ") && !general.contains("op counts"), general);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--formula eq9 --size 3|unknown formula 'eq9'",
        "--formula eq8 --size 0|size must be 1..8",
        "--formula eq8 --size three|--size must be an integer",
        "--formula rayleigh --size general|derived at a fixed size",
        "--formula eq8 --size 3 --iterations 0|iterations (K) must be >= 1",
        "--formula eq14 --size 3 --tolerance 2|tolerance must be in (0, 1)",
        "--formula pi-steps --size 3 --iterations 50|pi-steps is offered up to",
        "--formula eq8-power --size 2 --iterations 1000000000|eq8-power unrolls K - 1 matrix-vector products",
        "--formula eq8 --size 3 --format pdf|Invalid value for option '--format'",
        "--size 3|give --formula (with --size) or --function",
    })
    void badArgumentsAreUsageErrors(String args, String fragment) {
        CliRun run = CliRun.of("", ("derive " + args).split(" "));
        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains(fragment), run.stderr());
    }

    /** K = 10^9 answers at once where the formula has K as a value (the series, Eq. 14), not unrolled. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(60) // a hang guard, not a speed measurement
    void hugeKIsInstantWhereKIsAValue() {
        for (String args : new String[] {"--formula eq8 --size 3 --iterations 1000000000",
                "--formula eq14 --size 3 --max-iterations 1000000000 --tolerance 1e-300",
                "--formula eq8-spectral --size 4 --iterations 1000000000"}) {
            CliRun run = CliRun.of("", ("derive " + args).split(" "));
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdout().contains("after CSE"), run.stdout());
        }
    }

    /** docs/math.md section 14: f and its derivatives from an expression; errors name the column. */
    @Test
    void derivesAUsersFunction() {
        CliRun run = CliRun.of("", "derive", "--function", "x^p*log(x)", "--parameter", "p=0.5", "--derivatives",
                "2");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("# f(x) = x^p*log(x) with parameters p and its first 2 derivatives"),
                run.stdout());
        for (String output : new String[] {"\nf = ", "\nf1 = ", "\nf2 = "}) {
            assertTrue(run.stdout().contains(output), output + " in " + run.stdout());
        }
        CliRun json = CliRun.of("", "derive", "--function", "tanh(x)", "--format", "json");
        assertEquals(0, json.exitCode(), json.stderr());
        assertTrue(json.stdout().contains("\"tanh\""), json.stdout());
        CliRun bad = CliRun.of("", "derive", "--function", "x*lg(x)");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--function: column 3: unknown function 'lg'"), bad.stderr());
        CliRun both = CliRun.of("", "derive", "--function", "x", "--formula", "eq10", "--size", "3");
        assertEquals(2, both.exitCode());
        assertTrue(both.stderr().contains("not both"), both.stderr());
        CliRun missing = CliRun.of("", "derive", "--function", "x + a");
        assertTrue(missing.stderr().contains("unknown name 'a'"), missing.stderr());
    }

    /** f[1] in both regimes and the switch between them, at each --at midpoint, in every format. */
    @Test
    void printsTheRegimesOfTheDividedDifferenceAndTheSwitch() {
        CliRun run = CliRun.of("", "derive", "--function", "x*log(x)", "--at", "1,3");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("\nclosed = (a * log(a) - b * log(b)) / (a - b)"), run.stdout());
        assertTrue(run.stdout().contains("\nseries = log(m) + 1 - 0.16666666666666666 * m^-2 * h^2"), run.stdout());
        io.github.eigengrad.generator.parse.SpectralFunction f =
                io.github.eigengrad.generator.parse.ExpressionParser.parse("x*log(x)", java.util.Map.of());
        double[] at3 = io.github.eigengrad.runtime.SpectralDifferences.switchPoint(new ExpressionFunction(f), 3);
        assertTrue(run.stdout().contains("\nh1 = " + at3[0] + "\n"), run.stdout());
        assertTrue(at3[0] > 0.5 && at3[0] < 2 && at3[1] < 8, java.util.Arrays.toString(at3));
        for (String format : new String[] {"latex", "json"}) {
            CliRun other = CliRun.of("", "derive", "--function", "x*log(x)", "--format", format);
            assertEquals(0, other.exitCode(), other.stderr());
            assertTrue(other.stdout().contains(format.equals("json") ? "\"h0\"" : "h_{0}"), other.stdout());
        }
        CliRun outside = CliRun.of("", "derive", "--function", "log(x)", "--at", "-1");
        assertEquals(2, outside.exitCode());
        assertTrue(outside.stderr().contains("--at -1.0 is outside the domain"), outside.stderr());
    }
}
