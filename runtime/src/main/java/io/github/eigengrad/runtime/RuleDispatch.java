package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptiveComplex;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalyticComplex;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIterationComplex;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptiveComplex;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAnalyticComplex;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIterationComplex;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptiveFloat;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalyticFloat;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIterationFloat;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptiveFloat;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAnalyticFloat;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIterationFloat;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PushforwardGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.RuleRegistry;
import java.util.concurrent.Executor;

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
    private PullbackGeneralPowerIteration.GeneralizedWorkspace powerIterationGeneralized;
    private PullbackGeneralAdaptive.GeneralizedWorkspace adaptiveGeneralized;
    private PullbackGeneralAnalytic.GeneralizedWorkspace analyticGeneralized;
    private PushforwardGeneralPowerIteration.GeneralizedWorkspace powerIterationForwardGeneralized;
    private PullbackGeneralPowerIterationComplex.Workspace powerIterationHermitian;
    private PullbackGeneralAdaptiveComplex.Workspace adaptiveHermitian;
    private PullbackGeneralAnalyticComplex.Workspace analyticHermitian;
    private PushforwardGeneralPowerIterationComplex.Workspace powerIterationForwardHermitian;
    private PushforwardGeneralAdaptiveComplex.Workspace adaptiveForwardHermitian;
    private PushforwardGeneralAnalyticComplex.Workspace analyticForwardHermitian;
    private PushforwardGeneralAdaptive.GeneralizedWorkspace adaptiveForwardGeneralized;
    private PushforwardGeneralAnalytic.GeneralizedWorkspace analyticForwardGeneralized;
    private PushforwardGeneralPowerIteration.Workspace powerIterationForward;
    private PushforwardGeneralAdaptive.Workspace adaptiveForward;
    private PushforwardGeneralAnalytic.Workspace analyticForward;
    private PullbackGeneralPowerIterationFloat.Workspace powerIterationFloat;
    private PullbackGeneralAdaptiveFloat.Workspace adaptiveFloat;
    private PullbackGeneralAnalyticFloat.Workspace analyticFloat;
    private PushforwardGeneralPowerIterationFloat.Workspace powerIterationForwardFloat;
    private PushforwardGeneralAdaptiveFloat.Workspace adaptiveForwardFloat;
    private PushforwardGeneralAnalyticFloat.Workspace analyticForwardFloat;

    /** Shares the products of the general-n rules from n = 256 (null: the calling thread alone). */
    private final Executor executor;

    RuleDispatch(PullbackOptions options, int n) {
        this(options, n, null);
    }

    RuleDispatch(PullbackOptions options, int n, Executor executor) {
        this.options = options;
        this.n = n;
        this.executor = executor;
    }

    /** Whether the eigenvalue term is on (else valuesBar is dropped and valuesDot is zero). */
    boolean eigenvalueTerm() {
        return options.eigenvalueTerm();
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
                    powerIteration = new PullbackGeneralPowerIteration.Workspace(n, executor);
                }
                RuleRegistry.powerIteration(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, options.iterations(), powerIteration,
                        report);
            }
            case ADAPTIVE -> {
                if (loops && adaptive == null) {
                    adaptive = new PullbackGeneralAdaptive.Workspace(n, executor);
                }
                RuleRegistry.adaptive(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset, vectorsBar,
                        vectorsBarOffset, gradient, gradientOffset, options.tolerance(), options.maxIterations(),
                        adaptive, report);
            }
            default -> {
                if (loops && analytic == null) {
                    analytic = new PullbackGeneralAnalytic.Workspace(n, executor);
                }
                RuleRegistry.analytic(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset, vectorsBar,
                        vectorsBarOffset, gradient, gradientOffset, options.degeneracyTolerance(), analytic, report);
            }
        }
    }

    /**
     * dL/dA and dL/dB of one generalised problem (docs/math.md section 12) by the generated
     * fused method of the class for n; {@code valuesBar} is dropped when the eigenvalue term is
     * off, the {@code diag(G)/2} term of dL/dB is not.
     */
    void pullbackGeneralized(double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar,
            double[] gradient, double[] gradientB, PullbackReport report) {
        pullbackGeneralized(values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0, gradientB, 0, report);
    }

    /** As above, every array from its offset (a batch's flat arrays). */
    void pullbackGeneralized(double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient,
            int gradientOffset, double[] gradientB, int gradientBOffset, PullbackReport report) {
        double[] lb = options.eigenvalueTerm() ? valuesBar : null;
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationGeneralized == null) {
                    powerIterationGeneralized = new PullbackGeneralPowerIteration.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.powerIterationGeneralized(n, values, valuesOffset, vectors, vectorsOffset, lb,
                        valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, gradientB,
                        gradientBOffset, options.iterations(), powerIterationGeneralized, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveGeneralized == null) {
                    adaptiveGeneralized = new PullbackGeneralAdaptive.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.adaptiveGeneralized(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, gradientB, gradientBOffset,
                        options.tolerance(), options.maxIterations(), adaptiveGeneralized, report);
            }
            default -> {
                if (loops && analyticGeneralized == null) {
                    analyticGeneralized = new PullbackGeneralAnalytic.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.analyticGeneralized(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, gradientB, gradientBOffset,
                        options.degeneracyTolerance(), analyticGeneralized, report);
            }
        }
    }

    /**
     * The tangents of one generalised problem along (ADot, BDot) (docs/math.md section 12) by the
     * generated fused method of the class for n; {@code valuesDot} is zero when the eigenvalue
     * term is off. The report's bound is on {@code ||Omega||_F}, {@code vectorsDot = V Omega}.
     */
    void pushforwardGeneralized(double[] values, double[] vectors, double[] tangent, double[] tangentB,
            double[] valuesDot, double[] vectorsDot, PushforwardReport report) {
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationForwardGeneralized == null) {
                    powerIterationForwardGeneralized = new PushforwardGeneralPowerIteration.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.powerIterationPushforwardGeneralized(n, values, 0, vectors, 0, tangent, 0, tangentB, 0,
                        valuesDot, 0, vectorsDot, 0, options.iterations(), powerIterationForwardGeneralized, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveForwardGeneralized == null) {
                    adaptiveForwardGeneralized = new PushforwardGeneralAdaptive.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.adaptivePushforwardGeneralized(n, values, 0, vectors, 0, tangent, 0, tangentB, 0,
                        valuesDot, 0, vectorsDot, 0, options.tolerance(), options.maxIterations(),
                        adaptiveForwardGeneralized, report);
            }
            default -> {
                if (loops && analyticForwardGeneralized == null) {
                    analyticForwardGeneralized = new PushforwardGeneralAnalytic.GeneralizedWorkspace(n, executor);
                }
                RuleRegistry.analyticPushforwardGeneralized(n, values, 0, vectors, 0, tangent, 0, tangentB, 0,
                        valuesDot, 0, vectorsDot, 0, options.degeneracyTolerance(), analyticForwardGeneralized, report);
            }
        }
        if (!options.eigenvalueTerm()) {
            java.util.Arrays.fill(valuesDot, 0, n, 0.0);
        }
    }

    /**
     * dL/dA of one complex Hermitian problem (docs/math.md section 13), arrays interleaved, by
     * the generated complex rule for n (straight-line for 2, 3, 4); {@code valuesBar} is dropped
     * when the eigenvalue term is off.
     */
    void pullbackHermitian(double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar,
            double[] gradient, PullbackReport report) {
        double[] lb = options.eigenvalueTerm() ? valuesBar : null;
        boolean loops = n > 4; // the straight-line classes serve 2, 3, 4
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationHermitian == null) {
                    powerIterationHermitian = new PullbackGeneralPowerIterationComplex.Workspace(n, executor);
                }
                RuleRegistry.powerIterationComplex(n, values, 0, vectors, 0, lb, 0, vectorsBar, 0, gradient, 0,
                        options.iterations(), powerIterationHermitian, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveHermitian == null) {
                    adaptiveHermitian = new PullbackGeneralAdaptiveComplex.Workspace(n, executor);
                }
                RuleRegistry.adaptiveComplex(n, values, 0, vectors, 0, lb, 0, vectorsBar, 0, gradient, 0,
                        options.tolerance(), options.maxIterations(), adaptiveHermitian, report);
            }
            default -> {
                if (loops && analyticHermitian == null) {
                    analyticHermitian = new PullbackGeneralAnalyticComplex.Workspace(n, executor);
                }
                RuleRegistry.analyticComplex(n, values, 0, vectors, 0, lb, 0, vectorsBar, 0, gradient, 0,
                        options.degeneracyTolerance(), analyticHermitian, report);
            }
        }
    }

    /**
     * The tangents of one complex Hermitian problem along ADot (interleaved), by the generated
     * complex rule for n; {@code valuesDot} is zero when the eigenvalue term is off.
     */
    void pushforwardHermitian(double[] values, double[] vectors, double[] tangent, double[] valuesDot,
            double[] vectorsDot, PushforwardReport report) {
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationForwardHermitian == null) {
                    powerIterationForwardHermitian = new PushforwardGeneralPowerIterationComplex.Workspace(n, executor);
                }
                RuleRegistry.powerIterationPushforwardComplex(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0,
                        vectorsDot, 0, options.iterations(), powerIterationForwardHermitian, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveForwardHermitian == null) {
                    adaptiveForwardHermitian = new PushforwardGeneralAdaptiveComplex.Workspace(n, executor);
                }
                RuleRegistry.adaptivePushforwardComplex(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0,
                        vectorsDot, 0, options.tolerance(), options.maxIterations(), adaptiveForwardHermitian, report);
            }
            default -> {
                if (loops && analyticForwardHermitian == null) {
                    analyticForwardHermitian = new PushforwardGeneralAnalyticComplex.Workspace(n, executor);
                }
                RuleRegistry.analyticPushforwardComplex(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0,
                        vectorsDot, 0, options.degeneracyTolerance(), analyticForwardHermitian, report);
            }
        }
        if (!options.eigenvalueTerm()) {
            java.util.Arrays.fill(valuesDot, 0, n, 0.0);
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
                    powerIterationForward = new PushforwardGeneralPowerIteration.Workspace(n, executor);
                }
                RuleRegistry.powerIterationPushforward(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, options.iterations(),
                        powerIterationForward, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveForward == null) {
                    adaptiveForward = new PushforwardGeneralAdaptive.Workspace(n, executor);
                }
                RuleRegistry.adaptivePushforward(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, options.tolerance(),
                        options.maxIterations(), adaptiveForward, report);
            }
            default -> {
                if (loops && analyticForward == null) {
                    analyticForward = new PushforwardGeneralAnalytic.Workspace(n, executor);
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

    /** The float gradient of one problem (docs/math.md section 11), as {@link #pullback(double[], int, double[], int, double[], int, double[], int, double[], int, PullbackReport)}. */
    void pullback(float[] values, int valuesOffset, float[] vectors, int vectorsOffset, float[] valuesBar,
            int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset, float[] gradient, int gradientOffset,
            PullbackReport report) {
        float[] lb = options.eigenvalueTerm() ? valuesBar : null;
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationFloat == null) {
                    powerIterationFloat = new PullbackGeneralPowerIterationFloat.Workspace(n, executor);
                }
                RuleRegistry.powerIterationFloat(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, options.iterations(),
                        powerIterationFloat, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveFloat == null) {
                    adaptiveFloat = new PullbackGeneralAdaptiveFloat.Workspace(n, executor);
                }
                RuleRegistry.adaptiveFloat(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset, (float) options.tolerance(),
                        options.maxIterations(), adaptiveFloat, report);
            }
            default -> {
                if (loops && analyticFloat == null) {
                    analyticFloat = new PullbackGeneralAnalyticFloat.Workspace(n, executor);
                }
                RuleRegistry.analyticFloat(n, values, valuesOffset, vectors, vectorsOffset, lb, valuesBarOffset,
                        vectorsBar, vectorsBarOffset, gradient, gradientOffset,
                        (float) options.floatDegeneracyTolerance(), analyticFloat, report);
            }
        }
    }

    /** The float tangents of one problem, as {@link #pushforward(double[], int, double[], int, double[], int, double[], int, double[], int, PushforwardReport)}. */
    void pushforward(float[] values, int valuesOffset, float[] vectors, int vectorsOffset, float[] tangent,
            int tangentOffset, float[] valuesDot, int valuesDotOffset, float[] vectorsDot, int vectorsDotOffset,
            PushforwardReport report) {
        boolean loops = n > 4;
        switch (options.method()) {
            case POWER_ITERATION -> {
                if (loops && powerIterationForwardFloat == null) {
                    powerIterationForwardFloat = new PushforwardGeneralPowerIterationFloat.Workspace(n, executor);
                }
                RuleRegistry.powerIterationPushforwardFloat(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset, options.iterations(),
                        powerIterationForwardFloat, report);
            }
            case ADAPTIVE -> {
                if (loops && adaptiveForwardFloat == null) {
                    adaptiveForwardFloat = new PushforwardGeneralAdaptiveFloat.Workspace(n, executor);
                }
                RuleRegistry.adaptivePushforwardFloat(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset,
                        (float) options.tolerance(), options.maxIterations(), adaptiveForwardFloat, report);
            }
            default -> {
                if (loops && analyticForwardFloat == null) {
                    analyticForwardFloat = new PushforwardGeneralAnalyticFloat.Workspace(n, executor);
                }
                RuleRegistry.analyticPushforwardFloat(n, values, valuesOffset, vectors, vectorsOffset, tangent,
                        tangentOffset, valuesDot, valuesDotOffset, vectorsDot, vectorsDotOffset,
                        (float) options.floatDegeneracyTolerance(), analyticForwardFloat, report);
            }
        }
        if (!options.eigenvalueTerm()) {
            java.util.Arrays.fill(valuesDot, valuesDotOffset, valuesDotOffset + n, 0f);
        }
    }
}
