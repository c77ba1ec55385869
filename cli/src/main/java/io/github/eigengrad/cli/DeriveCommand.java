package io.github.eigengrad.cli;

import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.FormulaCatalog;
import io.github.eigengrad.generator.formula.UserFunctions;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.print.JsonPrinter;
import io.github.eigengrad.generator.print.LatexPrinter;
import io.github.eigengrad.generator.print.TextPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eigengrad derive}: print a derived, simplified formula with its op counts. */
@Command(name = "derive",
        header = "Print a formula as the generator derives it (text, LaTeX or JSON).",
        description = "Print a formula as the generator derives it: the general-n definition in index notation, then "
                + "(for a fixed size) the simplified outputs after common-subexpression elimination, with op counts "
                + "before and after elimination.",
        mixinStandardHelpOptions = true)
final class DeriveCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, latex, json }

    @ParentCommand
    private EigengradCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--formula", paramLabel = "NAME",
            description = "eq8 (power-iteration pullback, all eigenvectors), eq8-power, eq8-spectral (Eq. 8 for the "
                    + "dominant eigenvector), eq10 (analytic pullback), eq14 (per-pair K), rayleigh, pi-steps "
                    + "(derived gradient of unrolled power iteration), jvp, jvp-analytic, jvp-adaptive (pushforward, "
                    + "forward mode), generalized-pullback, generalized-pullback-analytic, generalized-pushforward, "
                    + "generalized-pushforward-analytic (A v = lambda B v, docs/math.md section 12), "
                    + "hermitian-pullback, hermitian-pullback-analytic, hermitian-pushforward, "
                    + "hermitian-pushforward-analytic (complex Hermitian matrices, docs/math.md section 13)")
    private String formula;

    @Option(names = "--size", paramLabel = "N",
            description = "matrix size 1.." + FormulaCatalog.MAX_SIZE + ", or 'general' for the index-notation form")
    private String size;

    @Option(names = "--iterations", paramLabel = "K",
            description = "number of power-iteration terms; default: symbolic K (19 for eq8-power, 3 for pi-steps)")
    private Integer iterations;

    @Option(names = "--tolerance", paramLabel = "TOL", description = "eq14: the pair tolerance; default symbolic")
    private Double tolerance;

    @Option(names = "--max-iterations", paramLabel = "KMAX", description = "eq14: the cap on K; default symbolic")
    private Integer maxIterations;

    @Option(names = "--paper", description = "eq8, eq10: omit the eigenvalue term, as the paper does")
    private boolean paper;

    @Option(names = "--function", paramLabel = "EXPR",
            description = "instead of --formula: a spectral function of x (docs/math.md section 14), e.g. "
                    + "'x*log(x)'; prints f and its derivatives, f[1] in both regimes (closed form, midpoint series) "
                    + "and, at each --at point, where the two regimes meet and the error bound there")
    private String function;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE",
            description = "with --function: the value of a parameter of the expression (repeatable)")
    private java.util.Map<String, Double> parameters = new java.util.LinkedHashMap<>();

    @Option(names = "--derivatives", defaultValue = "3", paramLabel = "COUNT",
            description = "with --function: how many derivatives (0.." + UserFunctions.MAX_DERIVATIVES + "; default 3)")
    private int derivatives;

    @Option(names = "--at", paramLabel = "M", split = ",",
            description = "with --function: midpoints at which to report the switch between the regimes of f[1] "
                    + "(default 1; each must lie in the domain)")
    private java.util.List<Double> at = new java.util.ArrayList<>(java.util.List.of(1.0));

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (default), latex or json")
    private Format format;

    @Override
    public Integer call() {
        if ((function == null) == (formula == null)) {
            throw new ParameterException(spec.commandLine(), "give --formula (with --size) or --function, not both");
        }
        if (function != null) {
            return function();
        }
        if (size == null) {
            throw new ParameterException(spec.commandLine(), "--formula needs --size");
        }
        int n;
        if (size.equals("general")) {
            n = Formula.GENERAL;
        } else {
            try {
                n = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--size must be an integer or 'general', got '" + size + "'");
            }
        }
        Formula f;
        try {
            f = FormulaCatalog.build(formula, n,
                    new FormulaCatalog.Options(iterations, !paper, tolerance, maxIterations));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        print(f);
        return 0;
    }

    /** {@code --function}: f and its derivatives; an expression error names its column. */
    private int function() {
        if (size != null) {
            throw new ParameterException(spec.commandLine(), "--size goes with --formula, not --function");
        }
        Formula f;
        Formula difference;
        Formula switches;
        try {
            io.github.eigengrad.generator.parse.SpectralFunction parsed = ExpressionParser.parse(function, parameters);
            f = UserFunctions.derivatives(parsed, derivatives);
            difference = UserFunctions.dividedDifference(parsed);
            switches = switches(parsed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--function: " + e.getMessage());
        }
        print(f);
        print(difference);
        print(switches);
        return 0;
    }

    /**
     * At each {@code --at} midpoint m: {@code m<i>}, the half-gap {@code h<i>} at which f[1]
     * switches from the series to the closed form (infinite: the series serves to the domain's
     * edge) and the larger error bound there, {@code bound<i>}, in units of {@code eps |f'(m)|}.
     */
    private Formula switches(io.github.eigengrad.generator.parse.SpectralFunction parsed) {
        ExpressionFunction g = new ExpressionFunction(parsed);
        java.util.List<Formula.Output> outputs = new java.util.ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            double m = at.get(i);
            try {
                g.checkDomain(i, m);
            } catch (io.github.eigengrad.runtime.InvalidInputException e) {
                throw new IllegalArgumentException("--at " + m + " is outside the domain: " + e.getMessage());
            }
            double[] s = io.github.eigengrad.runtime.SpectralDifferences.switchPoint(g, m);
            outputs.add(new Formula.Output("m" + i, io.github.eigengrad.generator.expr.Expr.constant(m)));
            outputs.add(new Formula.Output("h" + i, io.github.eigengrad.generator.expr.Expr.constant(s[0])));
            if (!Double.isNaN(s[1])) {
                outputs.add(new Formula.Output("bound" + i, io.github.eigengrad.generator.expr.Expr.constant(s[1])));
            }
        }
        return new Formula("function-switch", "Where f[1] switches from the midpoint series (h below) to the closed form "
                + "(h above), h = (a - b)/2 about the midpoint m, and the larger of the two error bounds there in units "
                + "of eps |f'(m)|", 1, java.util.List.of(), outputs);
    }

    private void print(Formula f) {
        String out = format == Format.latex ? LatexPrinter.print(f)
                : format == Format.json ? JsonPrinter.print(f) : TextPrinter.print(f);
        parent.output().print(out);
        CheckedOutput.check(parent.output());
    }
}
