package io.github.eigengrad.maven;

/**
 * One {@code <rule>} of the plugin configuration, as Maven injects it. Unset fields take the
 * defaults of docs (and {@link RuleConfigurations}): method power-iteration, iterations 19,
 * tolerance 1e-10, maxIterations 1000, degeneracyTolerance 1e-8 (1e-4 in float), eigenvalueTerm
 * true, precision double;
 * {@code className} and {@code size} are required.
 */
public class Rule {
    /** Fully qualified name of the class to generate. */
    String className;
    /** 2, 3, 4 or general. */
    String size;
    /** pullback (default) or pushforward. */
    String direction;
    /** analytic, power-iteration or adaptive. */
    String method;
    /** Power iteration: K >= 1. */
    Long iterations;
    /** Adaptive: the relative error per pair, in (0, 1). */
    Double tolerance;
    /** Adaptive: the cap on K, >= 1. */
    Long maxIterations;
    /** Analytic: the relative gap below which a pair is masked, in [0, 1). */
    Double degeneracyTolerance;
    /** Whether the gradient includes the eigenvalue term. */
    String eigenvalueTerm;
    /** double (default) or float: the rule's arrays and arithmetic. */
    String precision;
    /** standard (default) or generalized: the rule also serves A v = lambda B v (double only). */
    String problem;
    /** real (default) or complex: the rule serves complex Hermitian matrices (double only). */
    String field;

    public Rule() {}

    Rule(String className, String size, String method) {
        this.className = className;
        this.size = size;
        this.method = method;
    }
}
