package io.github.eigengrad.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.emit.RuleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's output folder: nothing foreign deleted, no stale record, one owner. */
class RuleWriterTest {
    static final String CONFIG = "eigengrad-maven-plugin test generate";

    static RuleSpec rule(String className, int k) {
        return RuleSpec.builder().className(className).size(2).iterations(k).build();
    }

    static RuleWriter writer(Path root, boolean latex) {
        return new RuleWriter(root, "com.example:app execution 'default' (goal generate)", latex, m -> { });
    }

    @Test
    void foreignFilesSurviveBothGoals(@TempDir Path root) throws IOException {
        Path userSource = root.resolve("com/example/Mine.java");
        Path userTex = root.resolve("notes/paper.tex");
        Path readme = root.resolve("README.md");
        Files.createDirectories(userSource.getParent());
        Files.createDirectories(userTex.getParent());
        Files.writeString(userSource, "package com.example; class Mine {}\n");
        Files.writeString(userTex, "\\documentclass{article}\n");
        Files.writeString(readme, "mine\n");
        writer(root, true).write(List.of(rule("com.example.A", 19), rule("com.example.B", 19)), CONFIG + " derive");
        assertTrue(Files.isRegularFile(root.resolve("com/example/A.tex")));
        // a new configuration without B: B's generated source and LaTeX go, the user's files stay
        writer(root, false).write(List.of(rule("com.example.A", 19)), CONFIG);
        assertFalse(Files.exists(root.resolve("com/example/B.java")));
        assertFalse(Files.exists(root.resolve("com/example/A.tex")));
        assertEquals("package com.example; class Mine {}\n", Files.readString(userSource));
        assertEquals("\\documentclass{article}\n", Files.readString(userTex));
        assertEquals("mine\n", Files.readString(readme));
    }

    /** K = 19, then K = 50 failing after writing one class, then K = 19 again: not "up to date". */
    @Test
    void aFailedWriteLeavesNoRecord(@TempDir Path root) throws IOException {
        List<RuleSpec> k19 = List.of(rule("com.example.A", 19), rule("com.example.B", 19));
        writer(root, false).write(k19, CONFIG);
        Path b = root.resolve("com/example/B.java");
        Files.delete(b);
        Files.createDirectories(b.resolve("blocked")); // writing B now fails after A was written
        List<RuleSpec> k50 = List.of(rule("com.example.A", 50), rule("com.example.B", 50));
        assertThrows(Exception.class, () -> writer(root, false).write(k50, CONFIG));
        assertTrue(Files.readString(root.resolve("com/example/A.java")).contains("DEFAULT_ITERATIONS = 50L"), "A was written with K = 50");
        assertFalse(Files.exists(root.resolve(RuleWriter.RECORD)), "the record is gone");
        Files.delete(b.resolve("blocked"));
        Files.delete(b);
        assertTrue(writer(root, false).write(k19, CONFIG), "regenerated, not up to date");
        assertTrue(Files.readString(root.resolve("com/example/A.java")).contains("DEFAULT_ITERATIONS = 19L"));
        assertFalse(writer(root, false).write(k19, CONFIG), "now up to date");
    }

    @Test
    void aSecondExecutionIsRefused(@TempDir Path root) throws IOException {
        writer(root, false).write(List.of(rule("com.example.A", 19)), CONFIG);
        RuleWriter other = new RuleWriter(root, "com.example:lib execution 'default' (goal generate)", false, m -> { });
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> other.write(List.of(rule("com.example.L", 19)), CONFIG));
        assertTrue(x.getMessage().contains("com.example:app") && x.getMessage().contains("com.example:lib"),
                x.getMessage());
        assertFalse(Files.exists(root.resolve("com/example/L.java")));
        assertTrue(Files.exists(root.resolve("com/example/A.java")));
    }

    /** Modules racing for one folder (mvn -T 4): exactly one writes, the others are refused. */
    @Test
    void concurrentExecutionsGetOneOwner(@TempDir Path root) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                int module = m;
                Callable<Boolean> task = () -> {
                    try {
                        new RuleWriter(root, "com.example:module" + module + " execution 'default' (goal generate)",
                                false, s -> { }).write(List.of(rule("com.example.R" + module, 19)), CONFIG);
                        return true;
                    } catch (IllegalStateException refused) {
                        return false;
                    }
                };
                results.add(pool.submit(task));
            }
            int owners = 0;
            for (Future<Boolean> f : results) {
                owners += f.get() ? 1 : 0;
            }
            assertEquals(1, owners);
            try (var files = Files.walk(root)) {
                assertEquals(1, files.filter(p -> p.toString().endsWith(".java")).count());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
