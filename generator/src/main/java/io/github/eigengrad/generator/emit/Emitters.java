package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The entry point of code generation: the default rule set that the runtime dispatches to,
 * emission of any {@link RuleSpec}, and writing a set of rules into a source tree.
 */
public final class Emitters {
    /** The package of the runtime's generated rules (under {@code generated-src/}). */
    public static final String RUNTIME_PACKAGE = "io.github.eigengrad.runtime.generated";

    /**
     * The suffix of a lane class's name; the runtime compiles {@code *Lanes.java} apart, with
     * the incubating module {@code jdk.incubator.vector}.
     */
    public static final String LANES_SUFFIX = "Lanes";

    private Emitters() {}

    /** The class name the runtime expects for a size and method, e.g. {@code Pullback3PowerIteration}, {@code PullbackGeneralAnalytic}. */
    public static String runtimeClassName(int size, RuleSpec.Method method) {
        String camel = switch (method) {
            case ANALYTIC -> "Analytic";
            case POWER_ITERATION -> "PowerIteration";
            case ADAPTIVE -> "Adaptive";
        };
        return RUNTIME_PACKAGE + ".Pullback" + (size == RuleSpec.GENERAL ? "General" : Integer.toString(size)) + camel;
    }

    /** What the runtime exposes: sizes 2, 3, 4 and general, each method, eigenvalue term on (off = null valuesBar). */
    public static List<RuleSpec> defaultRules() {
        List<RuleSpec> rules = new ArrayList<>();
        for (int size : new int[] {2, 3, 4, RuleSpec.GENERAL}) {
            for (RuleSpec.Method method : RuleSpec.Method.values()) {
                rules.add(RuleSpec.builder().size(size).method(method).className(runtimeClassName(size, method)).build());
            }
        }
        return List.copyOf(rules);
    }

    public static JavaFile emit(RuleSpec spec) {
        return spec.isGeneral() ? GeneralEmitter.emit(spec) : FixedSizeEmitter.emit(spec);
    }

    /**
     * The LaTeX of the formula a rule is generated from, for review next to its source: the
     * pullback at the rule's size after common-subexpression elimination, or for a general-n
     * rule its index-notation definitions.
     */
    public static String latex(RuleSpec spec) {
        io.github.eigengrad.generator.formula.Formula f = io.github.eigengrad.generator.formula.EigenFormulas.pullback(
                spec.isGeneral() ? 2 : spec.size(), RuleClass.method(spec), spec.eigenvalueTerm());
        return io.github.eigengrad.generator.print.LatexPrinter.print(
                spec.isGeneral() ? io.github.eigengrad.generator.formula.FormulaCatalog.generalOnly(f) : f);
    }

    /** The relative path of a rule's source file, e.g. {@code io/github/.../Pullback3Analytic.java}. */
    public static String relativePath(RuleSpec spec) {
        return spec.className().replace('.', '/') + ".java";
    }

    /**
     * Writes every rule under {@code root} and deletes any other {@code .java} file there (a
     * stale rule); other files (a README) are kept. Returns the paths written, sorted.
     */
    public static List<Path> writeTree(List<RuleSpec> rules, Path root) {
        return writeTree(rules, List.of(), root);
    }

    /**
     * The runtime's generated-src, as {@link #writeTree}: the default rules,
     * {@code DividedDifferences}, the lanes of the 3x3 power-iteration rule and the fixed-size
     * matrix-function gradients.
     */
    public static List<Path> writeDefaults(Path root) {
        List<JavaFile> others = new ArrayList<>(List.of(ScalarFunctionEmitter.emit()));
        others.add(LaneEmitter.emit(RuleSpec.builder().size(3).method(RuleSpec.Method.POWER_ITERATION)
                .className(runtimeClassName(3, RuleSpec.Method.POWER_ITERATION) + LANES_SUFFIX).build()));
        others.addAll(MatrixFunctionEmitter.defaults());
        return writeTree(defaultRules(), others, root);
    }

    /** {@link #writeTree(List, Path)} with more generated classes besides the rules. */
    public static List<Path> writeTree(List<RuleSpec> rules, List<JavaFile> others, Path root) {
        try {
            Set<Path> written = new TreeSet<>();
            for (RuleSpec spec : rules) {
                Path file = root.resolve(relativePath(spec));
                Files.createDirectories(file.getParent());
                Files.writeString(file, emit(spec).toString());
                written.add(file);
            }
            for (JavaFile other : others) {
                Path file = root.resolve(other.packageName().replace('.', '/')).resolve(other.typeSpec().name() + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, other.toString());
                written.add(file);
            }
            if (Files.isDirectory(root)) {
                List<Path> stale;
                try (Stream<Path> files = Files.walk(root)) {
                    stale = files.filter(p -> p.toString().endsWith(".java") && !written.contains(p)).toList();
                }
                for (Path p : stale) {
                    Files.delete(p);
                }
            }
            return List.copyOf(written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
