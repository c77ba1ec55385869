package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile JSON Lines streams for {@code eigh} and {@code pullback}: malformed JSON, wrong types,
 * missing fields, binary garbage, a 10 MB line, and 10,000 lines mixing good and bad. Exactly
 * one response per line, in order; an error object for every bad line and a result for every
 * good one; nothing but JSON on stdout; exit status 1 at the end because some lines failed.
 */
class StreamFuzzTest {
    /** A line and whether it is a valid request. */
    record Line(String text, boolean good) {}

    static String matrix(int n, SplittableRandom random) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = random.nextInt(-3, 4) + (random.nextBoolean() ? random.nextGaussian() : 0);
                a[j][i] = a[i][j];
            }
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < n; j++) {
                b.append(j == 0 ? "" : ", ").append(a[i][j]);
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    static String garbage(SplittableRandom random, int length) {
        StringBuilder b = new StringBuilder(length).append('\u0001'); // never a blank line, which is skipped
        for (int k = 1; k < length; k++) {
            char c = (char) random.nextInt(1, 0x3000);
            b.append(c == '\n' || c == '\r' || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }

    static Line line(int id, boolean pullback, SplittableRandom random) {
        int n = random.nextInt(1, 5);
        String good = "{\"id\": " + id + ", \"matrix\": " + matrix(n, random)
                + (pullback ? ", \"method\": \"adaptive\", \"valuesBar\": " + vector(n, random) : "") + "}";
        switch (random.nextInt(12)) {
            case 0:
                return new Line(good.substring(0, random.nextInt(1, good.length() - 1)), false); // truncated
            case 1:
                return new Line("{\"id\": " + id + ", \"matrix\": \"not a matrix\"}", false); // wrong type
            case 2:
                return new Line("{\"id\": " + id + "}", false); // missing field
            case 3:
                return new Line(garbage(random, random.nextInt(1, 200)), false); // binary garbage
            case 4:
                return new Line("{\"id\": " + id + ", \"matrix\": [[1, NaN], [NaN, 1]]}", false);
            case 5:
                return new Line("{\"id\": " + id + ", \"matrix\": [[1, 2], [3]]}", false); // ragged
            case 6:
                return new Line("[" + id + "]", false); // not an object
            case 7:
                return new Line("{\"id\": " + id + ", \"matrix\": [[1, 0], [0, 1]], \"id\": 2}", false); // duplicate key
            case 8:
                return new Line("{\"id\": " + id + ", \"matrix\": [[1e999, 0], [0, 1]]}", false); // overflowing number
            default:
                return new Line(good, true);
        }
    }

    static String vector(int n, SplittableRandom random) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(random.nextGaussian());
        }
        return b.append(']').toString();
    }

    static void check(String command, List<Line> lines) {
        StringBuilder in = new StringBuilder();
        for (Line l : lines) {
            in.append(l.text()).append('\n');
        }
        CliRun run = CliRun.of(in.toString(), command);
        List<JsonNode> responses = run.responses(); // fails on anything but JSON objects
        assertEquals(lines.size(), responses.size(), "one response per line");
        boolean anyBad = false;
        for (int k = 0; k < lines.size(); k++) {
            JsonNode r = responses.get(k);
            if (lines.get(k).good()) {
                assertFalse(r.has("error"), "line " + k + ": " + r);
                assertEquals(k, r.get("id").asInt(), "in order");
            } else {
                anyBad = true;
                JsonNode error = r.get("error");
                assertTrue(error != null && error.get("code").isTextual() && error.get("message").isTextual(),
                        "line " + k + " gives an error object: " + r);
                assertFalse(error.get("code").asText().equals("internal-error"), "line " + k + ": " + r);
            }
        }
        assertEquals(anyBad ? 1 : 0, run.exitCode());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eigh", "pullback"})
    void tenThousandMixedLines(String command) {
        SplittableRandom random = new SplittableRandom(command.hashCode());
        List<Line> lines = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            lines.add(line(k, command.equals("pullback"), random));
        }
        check(command, lines);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eigh", "pullback"})
    void tenMegabyteLinesBetweenGoodOnes(String command) {
        SplittableRandom random = new SplittableRandom(5);
        String huge = "{\"id\": 1, \"matrix\": \"" + "x".repeat(10 << 20) + "\"}";
        String deep = "[".repeat(10 << 20);
        String numbers = "{\"id\": 3, \"matrix\": [[" + "1, ".repeat(3 << 20) + "1]]}";
        List<Line> lines = List.of(
                new Line("{\"id\": 0, \"matrix\": " + matrix(3, random) + "}", true),
                new Line(huge, false),
                new Line("{\"id\": 2, \"matrix\": " + matrix(2, random) + "}", true),
                new Line(deep, false),
                new Line(numbers, false),
                new Line(garbage(random, 10 << 20), false),
                new Line("{\"id\": 6, \"matrix\": " + matrix(4, random) + "}", true));
        check(command, lines);
    }
}
