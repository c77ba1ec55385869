package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.eigengrad.generator.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generated-src/ is exactly what the generator writes for the default rule set. Run with
 * {@code -Deigengrad.update=true} to rewrite the tree (stale files are deleted), then rebuild:
 * the runtime compiles the new sources on the next {@code mvn -B verify}.
 */
class GeneratedSourcesTest {
    static final String REGEN = io.github.eigengrad.generator.testing.Golden.UPDATE;
    static final Path GENERATED_SRC = Path.of("..", "generated-src");

    @Test
    void generatedSrcHasNotDrifted(@TempDir Path fresh) throws IOException {
        if (Boolean.getBoolean(REGEN)) {
            Emitters.writeDefaults(GENERATED_SRC, true);
        }
        Emitters.writeDefaults(fresh, true);
        Set<String> expected = javaFiles(fresh);
        Set<String> committed = javaFiles(GENERATED_SRC);
        List<String> problems = new ArrayList<>();
        for (String f : committed) {
            if (!expected.contains(f)) {
                problems.add("stale file generated-src/" + f + " (no rule writes it)");
            }
        }
        for (String f : expected) {
            if (!committed.contains(f)) {
                problems.add("missing file generated-src/" + f);
                continue;
            }
            String now = Files.readString(fresh.resolve(f), StandardCharsets.UTF_8);
            String was = Files.readString(GENERATED_SRC.resolve(f), StandardCharsets.UTF_8);
            if (!now.equals(was)) {
                problems.add(Golden.unifiedDiff("generated-src/" + f, was, now));
            }
        }
        if (!problems.isEmpty()) {
            fail("generated-src/ differs from the generator's output; never edit it by hand. Rerun with -D" + REGEN
                    + "=true (or ./eigengrad generate --defaults --out generated-src) and rebuild.\n"
                    + String.join("\n", problems));
        }
        assertEquals(146, expected.size(), "the 24 complex Hermitian rules (4 sizes, 3 methods, 2 directions), the 21 complex matrix-function gradients (4 sizes times 5 functions, and the callback), GeneralizedReductions, MatrixFunctionGeneralCallback, 4 sizes times 3 methods times 2 directions times 2 precisions, DividedDifferences (double and float), RuleConstants, RuleRegistry, "
                + "TopKComplement, ClosedForms and their lanes (double and float), the 3x3 power-iteration lanes (double and float), 4 sizes times 5 functions times 2 precisions");
    }

    static Set<String> javaFiles(Path root) throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(root.relativize(p).toString()));
        }
        return files;
    }
}
