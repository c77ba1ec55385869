package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the eigengrad command on a given standard input. */
record CliRun(int exitCode, String stdout, String stderr) {
    static CliRun of(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        EigengradCommand command = new EigengradCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        int code = command.execute(args, new PrintWriter(err, true));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** Every stdout line parsed; fails if any line is not a JSON object. */
    List<JsonNode> responses() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : stdout.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JsonLines.MAPPER.readTree(line);
                assertTrue(node.isObject(), "stdout line is not a JSON object: " + line);
                nodes.add(node);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("stdout line is not JSON: " + line, e);
            }
        }
        assertTrue(stdout.isEmpty() || stdout.endsWith("\n"), "every response ends with a newline");
        return nodes;
    }
}
