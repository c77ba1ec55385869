package io.github.eigengrad.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the eigengrad annotation processor ({@code io.github.eigengrad:eigengrad-processor}) for a
 * specialised pullback rule. Put it on an abstract class or an interface {@code Name}; the
 * processor writes {@code NameImpl} in the same package, which extends or implements
 * {@code Name} and implements {@link PullbackRule} (or {@link PushforwardRule}, or their float
 * forms {@link FloatPullbackRule}, {@link FloatPushforwardRule}), with the same generated code as the
 * runtime's own rules. {@code Name} may declare no abstract methods besides those of
 * {@link PullbackRule}; an abstract class needs a constructor without arguments.
 *
 * <pre>{@code
 * @EigenRule(size = 3, method = EigenGradient.Method.POWER_ITERATION, iterations = 19)
 * public interface Eigh3 extends PullbackRule {}
 *
 * PullbackRule rule = new Eigh3Impl();
 * }</pre>
 *
 * The attributes are the defaults compiled into the rule; the static {@code pullback} method
 * of the generated class takes them as arguments too. Invalid values are compile errors on the
 * annotated type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface EigenRule {
    /** The value of {@link #size()} for a rule that serves every n (loops instead of straight-line code). */
    int GENERAL = PullbackRule.GENERAL;

    /**
     * 2, 3 or 4 for straight-line code of that size, or {@link #GENERAL}.
     *
     * @return the size n, or {@link #GENERAL}
     */
    int size();

    /** Which derivative the generated rule computes. */
    enum Direction {
        /** Reverse mode: a {@link PullbackRule}, {@code (valuesBar, vectorsBar) -> dL/dA} (the default). */
        PULLBACK,
        /** Forward mode: a {@link PushforwardRule}, {@code ADot -> (valuesDot, vectorsDot)}. */
        PUSHFORWARD
    }

    /**
     * Pullback (the default) or pushforward.
     *
     * @return the direction of the generated rule
     */
    Direction direction() default Direction.PULLBACK;

    /**
     * The method: power iteration (default), adaptive K per pair, or analytic.
     *
     * @return the method
     */
    EigenGradient.Method method() default EigenGradient.Method.POWER_ITERATION;

    /**
     * Power iteration: K, the number of terms of the series (>= 1).
     *
     * @return the default K
     */
    long iterations() default EigenGradient.DEFAULT_ITERATIONS;

    /**
     * Adaptive: the relative error accepted per pair, in (0, 1).
     *
     * @return the default tolerance of the adaptive method
     */
    double tolerance() default EigenGradient.DEFAULT_TOLERANCE;

    /**
     * Adaptive: the cap on K (>= 1).
     *
     * @return the default Kmax of the adaptive method
     */
    long maxIterations() default EigenGradient.DEFAULT_MAX_ITERATIONS;

    /**
     * Analytic: the relative gap below which a pair is masked, in [0, 1); NaN (the default)
     * stands for the precision's default, 1e-8 in double and 1e-4 in float.
     *
     * @return the default degeneracy tolerance of the analytic method, or NaN
     */
    double degeneracyTolerance() default Double.NaN;

    /** The number type of the generated rule (docs/math.md section 11). */
    enum Precision {
        /** {@code double[]} arrays and arithmetic: a {@link PullbackRule} or {@link PushforwardRule} (the default). */
        DOUBLE,
        /** {@code float[]} arrays and arithmetic: a {@link FloatPullbackRule} or {@link FloatPushforwardRule}. */
        FLOAT
    }

    /**
     * Double (the default) or float.
     *
     * @return the precision of the generated rule
     */
    Precision precision() default Precision.DOUBLE;

    /** The problem the generated rule serves (docs/math.md section 12). */
    enum Problem {
        /** The standard problem A v = lambda v (the default). */
        STANDARD,
        /**
         * Also the generalised problem A v = lambda B v: the rule implements
         * {@link GeneralizedPullbackRule} (or {@link GeneralizedPushforwardRule}); double only.
         */
        GENERALIZED
    }

    /**
     * Standard (the default) or generalised.
     *
     * @return the problem of the generated rule
     */
    Problem problem() default Problem.STANDARD;

    /** The field of the matrices the generated rule serves (docs/math.md section 13). */
    enum Field {
        /** Real symmetric matrices (the default). */
        REAL,
        /**
         * Complex Hermitian matrices in the phase gauge, interleaved arrays: the rule implements
         * {@link HermitianPullbackRule} (or {@link HermitianPushforwardRule}); double only.
         */
        COMPLEX
    }

    /**
     * Real (the default) or complex.
     *
     * @return the field of the generated rule
     */
    Field field() default Field.REAL;

    /**
     * Whether the gradient includes the eigenvalue term {@code V diag(lambdaBar) V^T}.
     *
     * @return whether the gradient includes the eigenvalue term
     */
    boolean eigenvalueTerm() default true;
}
