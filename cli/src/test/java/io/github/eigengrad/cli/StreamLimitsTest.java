package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream survives any one line: limits with a too-large error object, ids echoed as sent,
 * JSON's own whitespace, and a failed write of the output that stops the command.
 */
class StreamLimitsTest {
    static final String GOOD = "{\"id\": \"next\", \"matrix\": [[2, 0], [0, 1]]}\n";

    @Test
    void aLineBeyondTheLengthLimitIsTooLargeAndTheStreamGoesOn() {
        String longLine = "{\"id\": 1, \"matrix\": [[" + "0, ".repeat(3000) + "1]]}\n";
        CliRun run = CliRun.of(longLine + GOOD, "eigh", "--max-line-length", "1000");
        assertEquals(1, run.exitCode());
        List<JsonNode> r = run.responses();
        assertEquals(2, r.size());
        assertEquals("too-large", r.get(0).get("error").get("code").asText());
        assertTrue(r.get(0).get("error").get("message").asText().contains("more than the limit of 1000"));
        assertEquals(2.0, r.get(1).get("values").get(0).asDouble(), 0);
    }

    @Test
    void aMatrixBeyondTheSizeLimitIsTooLarge() {
        String big = "{\"id\": 7, \"matrix\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}\n";
        for (String command : new String[] {"eigh", "pullback"}) {
            CliRun run = CliRun.of(big + GOOD, command, "--max-size", "3");
            List<JsonNode> r = run.responses();
            assertEquals(2, r.size());
            assertEquals(7, r.get(0).get("id").asInt());
            assertEquals("too-large", r.get(0).get("error").get("code").asText(), r.get(0).toString());
            assertTrue(r.get(0).get("error").get("message").asText().contains("--max-size"));
            assertTrue(r.get(1).has("values"));
        }
    }

    /** The review's request: n = 128, topK = 127, K = 10^5 ran for more than 100 s. */
    @Test
    void topKWorkIsBounded() {
        StringBuilder m = new StringBuilder("[");
        for (int i = 0; i < 128; i++) {
            m.append(i == 0 ? "[" : ",[");
            for (int j = 0; j < 128; j++) {
                m.append(j == 0 ? "" : ",").append(i == j ? 2 + 1e-6 * i : 0);
            }
            m.append(']');
        }
        m.append(']');
        String line = "{\"id\": 1, \"matrix\": " + m + ", \"topK\": 127, \"iterations\": 100000, \"valuesBar\": ["
                + "1,".repeat(126) + "1]}\n";
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(line + GOOD, "pullback"));
        List<JsonNode> r = run.responses();
        assertEquals("too-large", r.get(0).get("error").get("code").asText(), r.get(0).toString());
        assertTrue(r.get(0).get("error").get("message").asText().contains("K k n^2"));
        assertTrue(r.get(1).has("gradient"));
    }

    @Test
    void idsAreEchoedExactlyAsSent() {
        String[] ids = {"1e400", "1.00000000000000000001", "\"\\ud800\"", "[1, {\"a\": 2}]", "-0", "\"x\"", "null",
            "true", "123456789012345678901234567890"};
        StringBuilder in = new StringBuilder();
        for (String id : ids) {
            in.append("{\"matrix\": [[1]], \"id\": ").append(id).append("}\n");
        }
        in.append("{\"id\": 1e400, \"matrix\": \"oops\"}\n");
        CliRun run = CliRun.of(in.toString(), "eigh");
        String[] lines = run.stdout().split("\n");
        for (int i = 0; i < ids.length; i++) {
            assertTrue(lines[i].startsWith("{\"id\":" + ids[i] + ","), lines[i]);
        }
        assertTrue(lines[ids.length].startsWith("{\"id\":1e400,\"error\""), lines[ids.length]);
    }

    @Test
    void jsonWhitespaceOnlyAndAByteOrderMark() {
        String in = "\uFEFF" + GOOD + "\u001c\n\u2003\n \t\r\n" + GOOD.replace("\n", "\r\n");
        CliRun run = CliRun.of(in, "eigh");
        List<JsonNode> r = run.responses();
        assertEquals(4, r.size(), run.stdout()); // the blank line alone is skipped
        assertTrue(r.get(0).has("values"), r.get(0).toString());
        assertEquals("malformed-json", r.get(1).get("error").get("code").asText());
        assertEquals("malformed-json", r.get(2).get("error").get("code").asText());
        assertTrue(r.get(3).has("values"));
        assertEquals(1, run.exitCode());
    }

    /** An endless input into an output that fails: the command stops at the first failed write, status 2. */
    @Test
    void aFailedWriteStopsTheCommand() {
        for (String command : new String[] {"eigh", "pullback"}) {
            InputStream endless = new InputStream() {
                final byte[] line = GOOD.getBytes(StandardCharsets.UTF_8);
                int position;

                @Override
                public int read() {
                    return line[position++ % line.length];
                }
            };
            OutputStream broken = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Broken pipe");
                }
            };
            StringWriter err = new StringWriter();
            int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new EigengradCommand(endless,
                    CheckedOutput.of(broken)).execute(new String[] {command}, new PrintWriter(err, true)));
            assertEquals(2, code);
            assertEquals("eigengrad " + command + ": cannot write the output (Broken pipe)", err.toString().trim());
        }
    }

    @Test
    void helpAndDeriveFailOnAFailedWrite() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        for (String[] args : new String[][] {{"--help"}, {"derive", "--formula", "eq8", "--size", "2"}, {"demo"}}) {
            StringWriter err = new StringWriter();
            int code = new EigengradCommand(InputStream.nullInputStream(), CheckedOutput.of(broken))
                    .execute(args, new PrintWriter(err, true));
            assertEquals(2, code, String.join(" ", args));
            assertTrue(err.toString().contains("cannot write the output"), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void ioErrorsAreOneLineWithStatus2(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String[] args : new String[][] {
            {"generate", "--defaults", "--out", file.toString()},
            {"plot", "--out", file.toString()}}) {
            CliRun run = CliRun.of("", args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.stderr());
            assertEquals(1, run.stderr().trim().lines().count(), run.stderr());
            assertTrue(run.stderr().startsWith("eigengrad " + args[0] + ": "), run.stderr());
        }
    }
}
