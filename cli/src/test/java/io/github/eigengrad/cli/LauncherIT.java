package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's main job: the packaged jar run through the {@code ./eigengrad} launcher. */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(File stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("eigengrad").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("eigengrad", ".out");
        Path err = Files.createTempFile("eigengrad", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "eigengrad did not finish");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void launcherRunsTheExample() throws Exception {
        File example = ROOT.resolve("examples/eigh.jsonl").toFile();
        Result result = run(example, "eigh");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stderr());
        List<String> lines = result.stdout().lines().toList();
        assertEquals(Files.readAllLines(example.toPath()).size(), lines.size());
        JsonNode first = JsonLines.MAPPER.readTree(lines.get(0));
        assertEquals("2x2", first.get("id").asText());
        assertEquals(3.0, first.get("values").get(0).doubleValue(), 1e-15);
        assertEquals(1.0, first.get("values").get(1).doubleValue(), 1e-15);
    }

    @Test
    void launcherReportsFailuresInTheExitStatus() throws Exception {
        Result result = run(ROOT.resolve("examples/eigh-errors.jsonl").toFile(), "eigh");
        assertEquals(1, result.exitCode());
        for (String line : result.stdout().lines().toList()) {
            assertTrue(JsonLines.MAPPER.readTree(line).isObject(), line);
        }
    }

    @Test
    void demoIsTheMainJob() throws Exception {
        Result result = run(null, "demo");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("Power-iteration gradient (Eq. 8, K = 19): finite"), result.stdout());
    }

    /** One JVM serves a whole stream of pullback requests. */
    @Test
    void pullbackServesAStream() throws Exception {
        Path input = Files.createTempFile("requests", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append("{\"id\": ").append(i).append(", \"matrix\": [[").append(2 + i).append(", 1], [1, 2]], "
                    + "\"valuesBar\": [1, 0]}\n");
        }
        Files.writeString(input, lines);
        Result result = run(input.toFile(), "pullback");
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> out = result.stdout().lines().toList();
        assertEquals(200, out.size());
        assertEquals(199, JsonLines.MAPPER.readTree(out.get(199)).get("id").asInt());
    }

    @Test
    void versionNamesTheRelease() throws Exception {
        Result result = run(null, "--version");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("eigengrad " + System.getProperty("eigengrad.version"), result.stdout().strip());
    }

    @Test
    void aFullDiskStopsTheCommandWithStatus2() throws Exception {
        Path input = Files.createTempFile("requests", ".jsonl");
        Files.writeString(input, "{\"matrix\": [[1]]}\n".repeat(1000));
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("eigengrad").toString(), "eigh").directory(ROOT.toFile())
                .redirectInput(input.toFile()).redirectOutput(new File("/dev/full"))
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), err);
        assertEquals("eigengrad eigh: cannot write the output (No space left on device)", err.strip());
    }

    @Test
    void readingAFolderIsOneLineWithStatus2() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "exec ./eigengrad eigh < /").directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("eigengrad eigh: "), err);
    }

    /**
     * A 200 MB line into a JVM with 128 MB of heap: an error object, and the next line served.
     * The line is streamed through a pipe, never held in memory here either.
     */
    @Test
    void anOversizeLineDoesNotKillTheStream() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("eigengrad").toString(), "eigh")
                .directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("EIGENGRAD_JAVA_OPTS", "-Xmx128m");
        Process process = builder.start();
        Thread writer = new Thread(() -> {
            try (var in = new java.io.BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
                in.write("{\"id\": 1, \"matrix\": [[".getBytes(StandardCharsets.UTF_8));
                byte[] block = "0,".repeat(1 << 15).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 200_000_000 / block.length; i++) {
                    in.write(block);
                }
                in.write("1]]}\n".getBytes(StandardCharsets.UTF_8));
                // a 2000 x 2000 matrix of short numbers: 8 MB, under the line limit, over the size limit
                in.write("{\"id\": 2, \"matrix\": [".getBytes(StandardCharsets.UTF_8));
                byte[] row = ("[" + "0,".repeat(1999) + "0]").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 2000; i++) {
                    if (i > 0) {
                        in.write(',');
                    }
                    in.write(row);
                }
                in.write("]}\n{\"id\": 3, \"matrix\": [[2]]}\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        writer.join();
        assertEquals(1, process.exitValue(), err);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertEquals("too-large", JsonLines.MAPPER.readTree(lines.get(0)).get("error").get("code").asText());
        assertEquals("too-large", JsonLines.MAPPER.readTree(lines.get(1)).get("error").get("code").asText());
        assertEquals(2.0, JsonLines.MAPPER.readTree(lines.get(2)).get("values").get(0).asDouble(), 0);
        assertEquals("", err);
    }

    /** The launcher follows a symbolic link (as on the PATH) and runs from any folder. */
    @Test
    void launcherRunsThroughASymlinkFromAnotherFolder() throws Exception {
        Path bin = Files.createTempDirectory("bin");
        Path link = Files.createSymbolicLink(bin.resolve("eigengrad"), ROOT.resolve("eigengrad"));
        Path elsewhere = Files.createTempDirectory("elsewhere");
        Process process = new ProcessBuilder(link.toString(), "--version").directory(elsewhere.toFile())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertEquals("eigengrad " + System.getProperty("eigengrad.version"), out.strip());
    }
}
