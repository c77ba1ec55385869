package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.JavaFile;
import io.github.eigengrad.generator.formula.Precision;
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
    /**
     * The suffix of a lane class's name; the runtime compiles {@code *Lanes.java} apart, with
     * the incubating module {@code jdk.incubator.vector}.
     */
    public static final String LANES_SUFFIX = "Lanes";

    private Emitters() {}

    /** The class name the runtime expects for a size and method, e.g. {@code Pullback3PowerIteration}, {@code PullbackGeneralAnalytic}. */
    /** The suffix of the runtime's complex Hermitian rules, e.g. {@code PullbackGeneralAnalyticComplex}. */
    public static final String COMPLEX_SUFFIX = "Complex";

    public static String runtimeClassName(int size, RuleSpec.Method method) {
        return runtimeClassName(size, method, RuleSpec.Direction.PULLBACK);
    }

    /** The class name the runtime expects, e.g. {@code Pushforward3PowerIteration}. */
    public static String runtimeClassName(int size, RuleSpec.Method method, RuleSpec.Direction direction) {
        return runtimeClassName(size, method, direction, Precision.DOUBLE);
    }

    /** The class name the runtime expects, e.g. {@code Pullback3PowerIterationFloat} for float. */
    public static String runtimeClassName(int size, RuleSpec.Method method, RuleSpec.Direction direction,
            Precision precision) {
        String camel = switch (method) {
            case ANALYTIC -> "Analytic";
            case POWER_ITERATION -> "PowerIteration";
            case ADAPTIVE -> "Adaptive";
        };
        String prefix = direction == RuleSpec.Direction.PUSHFORWARD ? ".Pushforward" : ".Pullback";
        return RuntimeTypes.GENERATED_PACKAGE + prefix + (size == RuleSpec.GENERAL ? "General" : Integer.toString(size))
                + camel + precision.suffix();
    }

    /**
     * What the runtime exposes: pullbacks and pushforwards for sizes 2, 3, 4 and general, each
     * method, eigenvalue term on (off: a null valuesBar, or valuesDot set to zero), in double
     * and in float.
     */
    public static List<RuleSpec> defaultRules() {
        List<RuleSpec> rules = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
                for (int size : new int[] {2, 3, 4, RuleSpec.GENERAL}) {
                    for (RuleSpec.Method method : RuleSpec.Method.values()) {
                        // the double rules also carry the fused generalised method
                        boolean generalized = precision == Precision.DOUBLE;
                        rules.add(RuleSpec.builder().size(size).method(method).direction(direction).precision(precision)
                                .generalized(generalized)
                                .className(runtimeClassName(size, method, direction, precision)).build());
                    }
                }
            }
        }
        // complex Hermitian rules (docs/math.md section 13), double
        for (RuleSpec.Direction direction : RuleSpec.Direction.values()) {
            for (int size : new int[] {2, 3, 4, RuleSpec.GENERAL}) {
                for (RuleSpec.Method method : RuleSpec.Method.values()) {
                    rules.add(RuleSpec.builder().size(size).method(method).direction(direction).complex(true)
                            .className(runtimeClassName(size, method, direction) + COMPLEX_SUFFIX).build());
                }
            }
        }
        return List.copyOf(rules);
    }

    public static JavaFile emit(RuleSpec spec) {
        return spec.isGeneral() ? GeneralEmitter.emit(spec) : FixedSizeEmitter.emit(spec);
    }

    /**
     * The LaTeX of the formula a rule is generated from, for review next to its source: the
     * pullback (or pushforward) at the rule's size after common-subexpression elimination, or for
     * a general-n rule its index-notation definitions.
     */
    public static String latex(RuleSpec spec) {
        int n = spec.isGeneral() ? io.github.eigengrad.generator.formula.Formula.GENERAL : spec.size();
        return io.github.eigengrad.generator.print.LatexPrinter.print(spec.isPushforward()
                ? io.github.eigengrad.generator.formula.PushforwardFormulas.pushforward(n, RuleClass.method(spec),
                        spec.eigenvalueTerm())
                : io.github.eigengrad.generator.formula.EigenFormulas.pullback(n, RuleClass.method(spec),
                        spec.eigenvalueTerm()));
    }

    /** The relative path of a rule's source file, e.g. {@code io/github/.../Pullback3Analytic.java}. */
    public static String relativePath(RuleSpec spec) {
        return spec.className().replace('.', '/') + ".java";
    }

    /** How every Java file the generator writes begins (its "do not edit" header). */
    public static final String HEADER_PREFIX = "// Generated by io.github.eigengrad.generator.";

    /**
     * Whether {@code file} is a Java file this generator wrote: a regular {@code .java} file
     * whose first line is the generator's header. Only such files are ever deleted as stale.
     */
    public static boolean isGenerated(Path file) {
        return hasHeader(file, ".java", HEADER_PREFIX);
    }

    /** Whether {@code file} is a regular file named {@code *suffix} whose first line starts with {@code header}. */
    public static boolean hasHeader(Path file, String suffix, String header) {
        if (!file.toString().endsWith(suffix) || !Files.isRegularFile(file)) {
            return false;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.startsWith(header);
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable, or not UTF-8: not ours
        }
    }

    /**
     * Writes every rule under {@code root} and deletes any other Java file there that the
     * generator wrote (a stale rule, recognised by its header); every other file (a user's
     * source, a README) is kept. Returns the paths written, sorted.
     */
    public static List<Path> writeTree(List<RuleSpec> rules, Path root) {
        return writeTree(rules, List.of(), root, true);
    }

    /**
     * The runtime's generated-src, as {@link #writeTree(List, List, Path, boolean)}: the default rules,
     * {@code DividedDifferences}, the lanes of the 3x3 power-iteration rule and the fixed-size
     * matrix-function gradients.
     */
    public static List<Path> writeDefaults(Path root, boolean clean) {
        List<JavaFile> others = new ArrayList<>(List.of(ScalarFunctionEmitter.emit(),
                ScalarFunctionEmitter.emit(io.github.eigengrad.generator.program.ElementType.FLOAT), ConstantsEmitter.emit(),
                RegistryEmitter.emit(), TopKEmitter.emit(), ClosedFormEmitter.emit(), ClosedFormEmitter.emit(Precision.FLOAT),
                ClosedFormLaneEmitter.emit(), ClosedFormLaneEmitter.emit(Precision.FLOAT)));
        for (Precision precision : Precision.values()) {
            others.add(LaneEmitter.emit(RuleSpec.builder().size(3).method(RuleSpec.Method.POWER_ITERATION)
                    .precision(precision).className(runtimeClassName(3, RuleSpec.Method.POWER_ITERATION,
                            RuleSpec.Direction.PULLBACK, precision) + LANES_SUFFIX).build()));
        }
        others.addAll(MatrixFunctionEmitter.defaults());
        others.add(GeneralizedReductionEmitter.emit());
        return writeTree(defaultRules(), others, root, clean);
    }

    /**
     * {@link #writeTree(List, Path)} with more generated classes besides the rules; stale
     * generated files are deleted only if {@code clean}.
     */
    public static List<Path> writeTree(List<RuleSpec> rules, List<JavaFile> others, Path root, boolean clean) {
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
            if (clean && Files.isDirectory(root)) {
                List<Path> stale;
                try (Stream<Path> files = Files.walk(root)) {
                    stale = files.filter(p -> !written.contains(p) && isGenerated(p)).toList();
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
