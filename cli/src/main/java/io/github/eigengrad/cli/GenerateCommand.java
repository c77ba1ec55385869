package io.github.eigengrad.cli;

import io.github.eigengrad.generator.emit.Emitters;
import io.github.eigengrad.generator.emit.RuleSpec;
import io.github.eigengrad.generator.emit.UserFunctionEmitter;
import io.github.eigengrad.generator.formula.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eigengrad generate}: write a pullback rule (or the runtime's default set) as Java source. */
@Command(name = "generate",
        header = "Write a generated pullback rule (or the runtime's default set) as Java source.",
        description = "Write a generated pullback rule as Java source under --out (package folders created). "
                + "With --defaults, write the runtime's generated classes instead: that is how generated-src/ is "
                + "made. Nothing is deleted unless --clean is given, and then only stale files the generator wrote "
                + "(their first line is its header).",
        mixinStandardHelpOptions = true)
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    private EigengradCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the source root to write into")
    private Path out;

    @Option(names = "--defaults", description = "the runtime's generated classes (rules for sizes 2, 3, 4 and general, "
            + "every method, pullbacks and pushforwards, and the matrix-function classes)")
    private boolean defaults;

    @Option(names = "--clean", description = "with --defaults: also delete .java files under --out that the generator "
            + "wrote and that are no longer generated (nothing else is ever deleted)")
    private boolean clean;

    @Option(names = "--size", paramLabel = "N", description = "2, 3, 4 or general")
    private String size;

    @Option(names = "--direction", paramLabel = "DIRECTION", defaultValue = "pullback",
            description = "pullback (default) or pushforward (forward mode)")
    private String direction;

    @Option(names = "--precision", paramLabel = "PRECISION", defaultValue = "double",
            description = "double (default) or float: the rule's arrays and arithmetic (docs/math.md section 11)")
    private String precision;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "power-iteration",
            description = "analytic, power-iteration (default) or adaptive")
    private String method;

    @Option(names = "--iterations", paramLabel = "K", description = "power-iteration: the default K (19)")
    private Long iterations;

    @Option(names = "--tolerance", paramLabel = "TOL", description = "adaptive: the default tolerance (1e-10)")
    private Double tolerance;

    @Option(names = "--max-iterations", paramLabel = "KMAX", description = "adaptive: the default cap on K (1000)")
    private Long maxIterations;

    @Option(names = "--degeneracy-tolerance", paramLabel = "TOL",
            description = "analytic: the default relative gap below which pairs are masked (1e-8; 1e-4 in float)")
    private Double degeneracyTolerance;

    @Option(names = "--eigenvalue-term", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "true (default) or false (the paper's formula)")
    private boolean eigenvalueTerm;

    @Option(names = "--problem", paramLabel = "PROBLEM", defaultValue = "standard",
            description = "standard (default) or generalized: the rule also serves A v = lambda B v (docs/math.md "
                    + "section 12), double only")
    private String problem;

    @Option(names = "--field", paramLabel = "FIELD", defaultValue = "real",
            description = "real (default) or complex: the rule serves complex Hermitian matrices in the phase gauge "
                    + "(docs/math.md section 13), double only")
    private String field;

    @Option(names = "--class", paramLabel = "NAME", description = "the fully qualified class name to write")
    private String className;

    @Option(names = "--function", paramLabel = "EXPR",
            description = "instead of a rule: a user's spectral function of x (docs/math.md section 14), e.g. "
                    + "'x*log(x)'; writes <name>Function, MatrixFunction2<name> .. MatrixFunction4<name> and "
                    + "MatrixFunctionGeneral<name>")
    private String function;

    @Option(names = "--name", paramLabel = "NAME", description = "with --function: the function's name, e.g. Xlogx")
    private String name;

    @Option(names = "--package", paramLabel = "PACKAGE", defaultValue = "",
            description = "with --function: the package of the generated classes (default: none)")
    private String packageName;

    @Option(names = "--parameters", paramLabel = "NAMES", split = ",",
            description = "with --function: the names of the expression's parameters (their values go to the generated "
                    + "constructor)")
    private List<String> parameterNames = new java.util.ArrayList<>();

    @Option(names = "--domain", paramLabel = "LO,HI",
            description = "with --function: the declared interval of x, e.g. '0,' or '[0,1]' (open unless bracketed)")
    private String domain;

    @Override
    public Integer call() {
        if (function != null) {
            return function();
        }
        if (name != null || domain != null || !parameterNames.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--name, --domain and --parameters go with --function");
        }
        List<RuleSpec> rules;
        if (defaults) {
            if (size != null || className != null) {
                throw new ParameterException(spec.commandLine(), "--defaults writes the default rules; drop --size and --class");
            }
            rules = Emitters.defaultRules();
        } else {
            if (size == null || className == null) {
                throw new ParameterException(spec.commandLine(), "give --size and --class (or --defaults)");
            }
            rules = List.of(spec());
        }
        if (clean && !defaults) {
            throw new ParameterException(spec.commandLine(), "--clean goes with --defaults");
        }
        List<Path> written = defaults ? Emitters.writeDefaults(out, clean) : List.of(write(rules.get(0)));
        for (Path p : written) {
            parent.output().println(p);
        }
        CheckedOutput.check(parent.output());
        return 0;
    }

    private RuleSpec spec() {
        try {
            RuleSpec.Builder b = RuleSpec.builder()
                    .size(RuleSpec.parseSize(size))
                    .direction(RuleSpec.Direction.fromId(direction))
                    .method(RuleSpec.Method.fromId(method))
                    .eigenvalueTerm(eigenvalueTerm)
                    .precision(switch (precision) {
                        case "double" -> Precision.DOUBLE;
                        case "float" -> Precision.FLOAT;
                        default -> throw new IllegalArgumentException("--precision must be double or float, got '"
                                + precision + "'");
                    })
                    .generalized(switch (problem) {
                        case "standard" -> false;
                        case "generalized" -> true;
                        default -> throw new IllegalArgumentException("--problem must be standard or generalized, got '"
                                + problem + "'");
                    })
                    .complex(switch (field) {
                        case "real" -> false;
                        case "complex" -> true;
                        default -> throw new IllegalArgumentException("--field must be real or complex, got '" + field
                                + "'");
                    })
                    .className(className);
            if (iterations != null) {
                b.iterations(iterations);
            }
            if (tolerance != null) {
                b.tolerance(tolerance);
            }
            if (maxIterations != null) {
                b.maxIterations(maxIterations);
            }
            if (degeneracyTolerance != null) {
                b.degeneracyTolerance(degeneracyTolerance);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Path write(RuleSpec rule) {
        try {
            return Emitters.emit(rule).writeToPath(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write under " + out + ": " + e.getMessage(), e);
        }
    }

    /** {@code --function}: the classes of a user's function, under --out. */
    private int function() {
        if (defaults || size != null || className != null) {
            throw new ParameterException(spec.commandLine(), "--function writes a function's classes; drop --defaults, "
                    + "--size and --class");
        }
        if (name == null) {
            throw new ParameterException(spec.commandLine(), "--function needs --name (e.g. Xlogx)");
        }
        List<com.palantir.javapoet.JavaFile> files;
        try {
            files = UserFunctionEmitter.emit(UserFunctionEmitter.UserFunction.of(name, function, parameterNames, domain,
                    packageName));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        for (com.palantir.javapoet.JavaFile file : files) {
            try {
                parent.output().println(file.writeToPath(out));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write under " + out + ": " + e.getMessage(), e);
            }
        }
        CheckedOutput.check(parent.output());
        return 0;
    }
}
