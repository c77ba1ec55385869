package io.github.eigengrad.runtime;

/**
 * What a pullback needs of an {@link EigenGradient}: the method and its parameters, without
 * the forward solver, so the helpers that run rules ({@link RuleDispatch}, {@link TopKPullback})
 * do not depend on the class that calls them. {@code floatDegeneracyTolerance} is the
 * analytic method's in float: the one set, else the float default (docs/math.md section 11).
 */
record PullbackOptions(EigenGradient.Method method, long iterations, double tolerance, long maxIterations,
        boolean eigenvalueTerm, double degeneracyTolerance, double floatDegeneracyTolerance) {}
