package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.RuleRegistry;

/**
 * The generated rule (pullback or pushforward) for one size and the options: n = 2, 3, 4 go
 * to the straight-line classes, other n to the loop classes with a workspace held here, so
 * repeated calls (a batch chunk) allocate nothing. Not thread-safe: one per thread or chunk.
 */
final class RuleDispatch {
    private final PullbackOptions options;
    private final int n;
    private PullbackGeneralPowerIteration.Workspace powerIteration;
    private PullbackGeneralAdaptive.Workspace adaptive;
    private PullbackGeneralAnalytic.Workspace analytic;
    private PushforwardGeneralPowerIteration.Workspace powerIterationForward;
    private PushforwardGeneralAdaptive.Workspace adaptiveForward;
    private PushforwardGeneralAnalytic.Workspace analyticForward;

    RuleDispatch(PullbackOptions options, int n) {
        this.options = options;
        this.n = n;
    }

    /** The gradient of one problem; {@code valuesBar} is dropped when the eigenvalue term is off. */
    void pullback(double[] values, int valuesOffset, double[] vectors, int vectorsOffset, double[] valuesBar,
            int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient, int gradientOffset,
            PullbackReport report) {
        double[] lb = options.eigenvalueTerm() ? valuesBar : null;
        boolean loops = n > 4; // the registry's loop classes take a workspace, held here across calls
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIteration == null) {
                    powerIteration = new PullbackGeneralPowerIteration.Workspace(n);
                }
                RuleRegistry.powerIteration(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, options.iterations(), powerIteration,
                        report);
            }
            case ADAPTIVE -> {
                if (loops && adaptive == null) {
                    adaptive = new PullbackGeneralAdaptive.Workspace(n);
                }
                RuleRegistry.adaptive(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset, vectorsBar,
                        vectorsBarOffset, gradient, gradientOffset, options.tolerance(), options.maxIterations(),
                        adaptive, report);
            }
            default -> {
                if (loops && analytic == null) {
                    analytic = new PullbackGeneralAnalytic.Workspace(n);
                }
                RuleRegistry.analytic(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset, vectorsBar,
                        vectorsBarOffset, gradient, gradientOffset, options.degeneracyTolerance(), analytic, report);
            }
        }
    }

    /**
     * The tangents of one problem; {@code valuesDot} is set to zero when the eigenvalue term is
     * off (the transpose of dropping {@code valuesBar}).
     */
    void pushforward(double[] values, int valuesOffset, double[] vectors, int vectorsOffset, double[] tangent,
            int tangentOffset, double[] valuesDot, int valuesDotOffset, double[] vectorsDot, int vectorsDotOffset,
            PushforwardReport report) {
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationForward == null) {
                    powerIterationForward = new PushforwardGeneralPowerIteration.Workspace(n);
                }
                RuleRegistry.powerIterationPushforward(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, options.iterations(),
                        powerIterationForward, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveForward == null) {
                    adaptiveForward = new PushforwardGeneralAdaptive.Workspace(n);
                }
                RuleRegistry.adaptivePushforward(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, options.tolerance(),
                        options.maxIterations(), adaptiveForward, report);
            }
            default -> {
                if (loops && analyticForward == null) {
                    analyticForward = new PushforwardGeneralAnalytic.Workspace(n);
                }
                RuleRegistry.analyticPushforward(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset,
                        options.degeneracyTolerance(), analyticForward, report);
            }
        }
        if (!options.eigenvalueTerm()) {
            java.util.Arrays.fill(valuesDot, valuesDotOffset, valuesDotOffset + n, 0.0);
        }
    }
}
