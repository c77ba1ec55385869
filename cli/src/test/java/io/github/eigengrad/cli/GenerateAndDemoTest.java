package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.emit.Emitters;
import io.github.eigengrad.generator.emit.RuleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateAndDemoTest {
    @Test
    void generateWritesTheRuleTheEmitterMakes(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--size", "3", "--method", "adaptive", "--tolerance", "1e-6",
                "--max-iterations", "50", "--eigenvalue-term", "false", "--class", "com.example.Eigh3", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        Path file = out.resolve("com/example/Eigh3.java");
        assertEquals(file.toString(), run.stdout().strip());
        RuleSpec spec = RuleSpec.builder().size(3).method(RuleSpec.Method.ADAPTIVE).tolerance(1e-6).maxIterations(50)
                .eigenvalueTerm(false).className("com.example.Eigh3").build();
        assertEquals(Emitters.emit(spec).toString(), Files.readString(file));
    }

    @Test
    void generateWritesAPushforwardWhenAsked(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--size", "general", "--direction", "pushforward", "--class",
                "com.example.Jvp", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        RuleSpec spec = RuleSpec.builder().size(RuleSpec.GENERAL).direction(RuleSpec.Direction.PUSHFORWARD)
                .className("com.example.Jvp").build();
        String source = Files.readString(out.resolve("com/example/Jvp.java"));
        assertEquals(Emitters.emit(spec).toString(), source);
        assertTrue(source.contains("implements PushforwardRule"), source);
        CliRun wrong = CliRun.of("", "generate", "--size", "3", "--direction", "sideways", "--class", "com.example.X",
                "--out", out.toString());
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.stderr().contains("direction: unknown 'sideways'"), wrong.stderr());
    }

    /** docs/math.md section 12: --problem generalized makes a rule that also serves A v = lambda B v. */
    @Test
    void generateWritesAGeneralizedRule(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--size", "3", "--problem", "generalized", "--class", "com.example.G",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        String source = Files.readString(out.resolve("com/example/G.java"));
        assertTrue(source.contains("implements GeneralizedPullbackRule"), source);
        assertEquals(Emitters.emit(RuleSpec.builder().size(3).generalized(true).className("com.example.G").build())
                .toString(), source);
        CliRun bad = CliRun.of("", "generate", "--size", "3", "--problem", "pair", "--class", "com.example.G", "--out",
                out.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--problem must be standard or generalized"), bad.stderr());
    }

    /** docs/math.md section 13: --field complex writes a rule for complex Hermitian matrices. */
    @Test
    void generateWritesAComplexRule(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--size", "general", "--field", "complex", "--class", "com.example.C",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        String source = Files.readString(out.resolve("com/example/C.java"));
        assertTrue(source.contains("implements HermitianPullbackRule"), source);
        assertEquals(Emitters.emit(RuleSpec.builder().size(RuleSpec.GENERAL).complex(true).className("com.example.C")
                .build()).toString(), source);
        CliRun bad = CliRun.of("", "generate", "--size", "general", "--field", "quaternion", "--class", "com.example.C",
                "--out", out.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--field must be real or complex"), bad.stderr());
    }

    /** docs/math.md section 14: the classes of a user's function, as the emitter makes them. */
    @Test
    void generateWritesAUsersFunction(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--function", "x*log(x+a)", "--name", "Entropy", "--parameters", "a",
                "--domain", "0,", "--package", "com.example.f", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        java.util.List<com.palantir.javapoet.JavaFile> files = io.github.eigengrad.generator.emit.UserFunctionEmitter.emit(
                io.github.eigengrad.generator.emit.UserFunctionEmitter.UserFunction.of("Entropy", "x*log(x+a)",
                        java.util.List.of("a"), "0,", "com.example.f"));
        assertEquals(5, run.stdout().strip().split("\n").length, run.stdout());
        for (com.palantir.javapoet.JavaFile f : files) {
            assertEquals(f.toString(), Files.readString(out.resolve("com/example/f/" + f.typeSpec().name() + ".java")));
        }
        CliRun noName = CliRun.of("", "generate", "--function", "x", "--out", out.toString());
        assertEquals(2, noName.exitCode());
        assertTrue(noName.stderr().contains("--function needs --name"), noName.stderr());
        CliRun badDomain = CliRun.of("", "generate", "--function", "x", "--name", "F", "--domain", "1", "--out",
                out.toString());
        assertEquals(2, badDomain.exitCode());
        assertTrue(badDomain.stderr().contains("domain: '1' must be lo,hi"), badDomain.stderr());
        CliRun badExpression = CliRun.of("", "generate", "--function", "x*", "--name", "F", "--out", out.toString());
        assertEquals(2, badExpression.exitCode());
        assertTrue(badExpression.stderr().contains("expression: column 3"), badExpression.stderr());
    }

    /** --defaults replaces only files the generator wrote; a user's sources and notes survive. */
    @Test
    void defaultsKeepForeignFiles(@TempDir Path out) throws Exception {
        Path mine = out.resolve("com/example/Mine.java");
        Path stale = out.resolve("io/github/eigengrad/runtime/generated/PullbackOld.java");
        Files.createDirectories(mine.getParent());
        Files.createDirectories(stale.getParent());
        Files.writeString(mine, "package com.example; class Mine {}\n");
        Files.writeString(stale, Emitters.HEADER_PREFIX + "emit.FixedSizeEmitter from\nclass PullbackOld {}\n");
        Files.writeString(out.resolve("notes.txt"), "keep\n");
        CliRun run = CliRun.of("", "generate", "--defaults", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.exists(stale), "without --clean nothing is deleted");
        run = CliRun.of("", "generate", "--defaults", "--clean", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("package com.example; class Mine {}\n", Files.readString(mine));
        assertEquals("keep\n", Files.readString(out.resolve("notes.txt")));
        assertTrue(!Files.exists(stale), "with --clean a stale generated rule is removed");
    }

    @Test
    void defaultsReproduceGeneratedSrc(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("", "generate", "--defaults", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        Path committed = Path.of("..", "generated-src");
        int files = 0;
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertEquals(Files.readString(committed.resolve(out.relativize(p))), Files.readString(p), p.toString());
                files++;
            }
        }
        assertEquals(146, files); // 24 complex Hermitian rules, 21 complex matrix-function gradients, GeneralizedReductions, MatrixFunctionGeneralCallback, 48 rules (12 pullbacks, 12 pushforwards, double and float), DividedDifferencesFloat, DividedDifferences, RuleConstants, RuleRegistry, TopKComplement, ClosedForms, ClosedFormsFloat,
        // ClosedForm3Lanes and ClosedForm3FloatLanes, the 3x3 lanes (double and float), 40 matrix-function gradients (double and float)
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--size 5 --class a.B|size: must be 2, 3, 4 or general",
        "--size 3 --class a.class|className: must be a Java class name",
        "--size 3 --class com.example.var|'var' cannot name a class",
        "--size 3 --class com.example.record|'record' cannot name a class",
        "--size 3 --class yield|'yield' cannot name a class",
        "--size 3 --method exact --class a.B|method: unknown 'exact'",
        "--size 3 --iterations 0 --class a.B|iterations: K must be from 1 to 2^53",
        "--size 3 --method adaptive --tolerance 0 --class a.B|tolerance: must be in (0, 1)",
        "--size 3|give --size and --class",
        "--defaults --size 3|--defaults writes the default rules",
    })
    void badRulesAreUsageErrors(String args, String fragment, @TempDir Path out) {
        String[] all = (("generate " + args + " --out " + out).split(" "));
        CliRun run = CliRun.of("", all);
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains(fragment), run.stderr());
    }

    @Test
    void demoShowsTheFailureTheFiniteGradientAndTheFormula() {
        CliRun run = CliRun.of("", "demo");
        assertEquals(0, run.exitCode(), run.stderr());
        String out = run.stdout();
        assertEquals(2, count(out, "fails: degenerate spectrum"), "the analytic method fails at both ties");
        assertTrue(out.contains("without the degeneracy check: ||dL/dA||_F = "));
        Matcher m = Pattern.compile("\\|\\|dL/dA\\|\\|_F = ([0-9.e+]+) <= bound ([0-9.e+]+)").matcher(out);
        int bounded = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) <= Double.parseDouble(m.group(2)), m.group());
            bounded++;
        }
        assertEquals(2, bounded);
        Matcher huge = Pattern.compile("without the degeneracy check: \\|\\|dL/dA\\|\\|_F = ([0-9.e+]+)").matcher(out);
        assertTrue(huge.find() && Double.parseDouble(huge.group(1)) > 1e8, "Eq. 10 explodes at the near tie");
        assertTrue(out.contains("pair (0, 1): r = 0.500000, K = 34"), "ceil(ln 1e-10 / ln 0.5) = 34");
        assertTrue(out.contains("c[i][j] = "), "the derived formula is printed");
        assertEquals(out, CliRun.of("", "demo").stdout(), "deterministic");
    }

    static int count(String s, String part) {
        int c = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            c++;
        }
        return c;
    }

    /**
     * The demo's matrix-function table: at a tie every eigen pullback misses the
     * within-eigenspace term f'(lambda) w_12 (a large relative error, the same for all three);
     * away from ties the analytic and adaptive ones agree with the exact gradient.
     */
    @org.junit.jupiter.api.Test
    void matrixFunctionComparison() {
        java.util.List<String[]> tie = DemoCommand.matrixFunctionComparison(new double[] {2, 1, 1});
        assertEquals("fails", tie.get(2)[1]);
        for (int row = 3; row < tie.size(); row++) {
            assertTrue(Double.parseDouble(tie.get(row)[2]) > 0.1, java.util.Arrays.toString(tie.get(row)));
        }
        java.util.List<String[]> separated = DemoCommand.matrixFunctionComparison(new double[] {2, 1, 0.5});
        assertTrue(Double.parseDouble(separated.get(2)[2]) < 1e-12, "analytic: " + separated.get(2)[2]);
        assertTrue(Double.parseDouble(separated.get(4)[2]) < 1e-9, "adaptive: " + separated.get(4)[2]);
        assertTrue(Double.parseDouble(separated.get(3)[2]) < 1e-3, "power iteration, r^19: " + separated.get(3)[2]);
    }
}
