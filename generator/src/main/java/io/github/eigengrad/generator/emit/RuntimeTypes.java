package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;

/**
 * The runtime's types that generated code names, held once: emitters refer to them through
 * {@code $T}, so JavaPoet imports them (or qualifies them when a user's class of the same
 * simple name is in scope) and no class name is ever spelled inside an expression string.
 */
public final class RuntimeTypes {
    private RuntimeTypes() {}

    /** The runtime's package. */
    public static final String RUNTIME_PACKAGE = "io.github.eigengrad.runtime";
    /** The package of the generated classes the runtime ships. */
    public static final String GENERATED_PACKAGE = RUNTIME_PACKAGE + ".generated";

    public static final ClassName PULLBACK_RULE = ClassName.get(RUNTIME_PACKAGE, "PullbackRule");
    public static final ClassName PULLBACK_REPORT = ClassName.get(RUNTIME_PACKAGE, "PullbackReport");
    public static final ClassName PUSHFORWARD_RULE = ClassName.get(RUNTIME_PACKAGE, "PushforwardRule");
    public static final ClassName PUSHFORWARD_REPORT = ClassName.get(RUNTIME_PACKAGE, "PushforwardReport");
    public static final ClassName FLOAT_PULLBACK_RULE = ClassName.get(RUNTIME_PACKAGE, "FloatPullbackRule");
    public static final ClassName FLOAT_PUSHFORWARD_RULE = ClassName.get(RUNTIME_PACKAGE, "FloatPushforwardRule");
    /** The checks and the spectrum prologue of float rules. */
    public static final ClassName FLOAT_SUPPORT = ClassName.get(RUNTIME_PACKAGE, "FloatRuleSupport");
    /** The checks of float matrix-function classes. */
    public static final ClassName FLOAT_FUNCTION_SUPPORT = ClassName.get(RUNTIME_PACKAGE, "FloatFunctionSupport");
    /** The argument checks generated code calls before any arithmetic. */
    public static final ClassName SUPPORT = ClassName.get(RUNTIME_PACKAGE, "GeneratedRuleSupport");
    /** The prologue: descending values, and a spectrum outside the direct range pulled back scaled. */
    public static final ClassName SCALING = ClassName.get(RUNTIME_PACKAGE, "SpectrumScaling");
    /** The arithmetic generated code calls by name ({@code integerPower}). */
    public static final ClassName ARITHMETIC = ClassName.get(RUNTIME_PACKAGE, "RuleArithmetic");
    public static final ClassName MATH = ClassName.get(Math.class);
    /**
     * The class of a library function generated code calls by name ({@code Op.CALL}): the
     * runtime's {@code RuleArithmetic}, or a generated class ({@code DividedDifferences[Float]}).
     */
    public static ClassName library(String owner) {
        if (owner.contains(".")) {
            return ClassName.bestGuess(owner); // a user's function class, in the user's package
        }
        return owner.equals(ARITHMETIC.simpleName()) ? ARITHMETIC : ClassName.get(GENERATED_PACKAGE, owner);
    }

    /** The checks of complex Hermitian rules (docs/math.md section 13). */
    public static final ClassName COMPLEX_SUPPORT = ClassName.get(RUNTIME_PACKAGE, "ComplexRuleSupport");
    /** The contract of a complex Hermitian pullback rule. */
    public static final ClassName HERMITIAN_PULLBACK_RULE = ClassName.get(RUNTIME_PACKAGE, "HermitianPullbackRule");
    /** The contract of a complex Hermitian pushforward rule. */
    public static final ClassName HERMITIAN_PUSHFORWARD_RULE = ClassName.get(RUNTIME_PACKAGE,
            "HermitianPushforwardRule");
    /** The contract of a rule generated with {@code problem = generalized} (docs/math.md section 12). */
    public static final ClassName GENERALIZED_PULLBACK_RULE = ClassName.get(RUNTIME_PACKAGE, "GeneralizedPullbackRule");
    /** The pushforward counterpart of {@link #GENERALIZED_PULLBACK_RULE}. */
    public static final ClassName GENERALIZED_PUSHFORWARD_RULE = ClassName.get(RUNTIME_PACKAGE,
            "GeneralizedPushforwardRule");
    /** The name of the {@code ScalarFunction} argument whose methods callback code calls. */
    public static final String CALLBACK_ARGUMENT = io.github.eigengrad.generator.formula.MatrixFunctions.CALLBACK;
    /** A user's scalar function at run time (docs/math.md section 14). */
    public static final ClassName SCALAR_FUNCTION = ClassName.get(RUNTIME_PACKAGE, "ScalarFunction");
    /** The recipe of users' divided differences. */
    public static final ClassName SPECTRAL_DIFFERENCES = ClassName.get(RUNTIME_PACKAGE, "SpectralDifferences");
    /** Taylor-series arithmetic of users' functions. */
    public static final ClassName TAYLOR_SERIES = ClassName.get(RUNTIME_PACKAGE, "TaylorSeries");
    /** The runtime's input error and its problem codes. */
    public static final ClassName INVALID_INPUT = ClassName.get(RUNTIME_PACKAGE, "InvalidInputException");
    public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    public static final ClassName DOUBLE_VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
    public static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
    public static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
    public static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
    public static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
}
