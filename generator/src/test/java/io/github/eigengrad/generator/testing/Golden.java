package io.github.eigengrad.generator.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files: the expected output lives in a file under version control; a mismatch fails
 * with a unified diff. Run with {@code -Deigengrad.update=true} (the one switch that also rewrites generated-src/) to rewrite the files
 * after an intended change, then review the diff in git.
 */
public final class Golden {
    public static final String UPDATE = "eigengrad.update";

    private Golden() {}

    /** A unified diff (3 lines of context) from {@code expected} to {@code actual}. */
    public static String unifiedDiff(String name, String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name, name + " (generated now)", a,
                DiffUtils.diff(a, b), 3));
    }

    public static void assertMatches(Path file, String actual) {
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail(file + " does not exist; run the tests with -D" + UPDATE + "=true to create it");
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail(file + " differs from the output (rerun with -D" + UPDATE + "=true if intended):\n"
                        + unifiedDiff(file.toString(), expected, actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
