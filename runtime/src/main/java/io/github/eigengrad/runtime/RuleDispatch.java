package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.generated.Pullback2Adaptive;
import io.github.eigengrad.runtime.generated.Pullback2Analytic;
import io.github.eigengrad.runtime.generated.Pullback2PowerIteration;
import io.github.eigengrad.runtime.generated.Pullback3Adaptive;
import io.github.eigengrad.runtime.generated.Pullback3Analytic;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.Pullback4Adaptive;
import io.github.eigengrad.runtime.generated.Pullback4Analytic;
import io.github.eigengrad.runtime.generated.Pullback4PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;

/**
 * The generated rule for one size and the options of an {@link EigenGradient}: n = 2, 3, 4 go
 * to the straight-line classes, other n to the loop classes with a workspace held here, so
 * repeated calls (a batch chunk) allocate nothing. Not thread-safe: one per thread or chunk.
 */
final class RuleDispatch {
    private final EigenGradient options;
    private final int n;
    private PullbackGeneralPowerIteration.Workspace powerIteration;
    private PullbackGeneralAdaptive.Workspace adaptive;
    private PullbackGeneralAnalytic.Workspace analytic;

    RuleDispatch(EigenGradient options, int n) {
        this.options = options;
        this.n = n;
    }

    /** The gradient of one problem; {@code valuesBar} is dropped when the eigenvalue term is off. */
    void pullback(double[] values, int valuesOffset, double[] vectors, int vectorsOffset, double[] valuesBar,
            int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient, int gradientOffset,
            PullbackReport report) {
        double[] lb = options.eigenvalueTerm() ? valuesBar : null;
        long k = options.iterations();
        double tol = options.tolerance();
        long kmax = options.maxIterations();
        double degeneracy = options.degeneracyTolerance();
        switch (options.method()) {
            case POWER_ITERATION:
                switch (n) {
                    case 2 -> Pullback2PowerIteration.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, k, report);
                    case 3 -> Pullback3PowerIteration.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, k, report);
                    case 4 -> Pullback4PowerIteration.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, k, report);
                    default -> {
                        if (powerIteration == null) {
                            powerIteration = new PullbackGeneralPowerIteration.Workspace(n);
                        }
                        PullbackGeneralPowerIteration.pullback(n, values, valuesOffset, vectors, vectorsOffset, lb,
                                valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, k,
                                powerIteration, report);
                    }
                }
                return;
            case ADAPTIVE:
                switch (n) {
                    case 2 -> Pullback2Adaptive.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, tol, kmax, report);
                    case 3 -> Pullback3Adaptive.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, tol, kmax, report);
                    case 4 -> Pullback4Adaptive.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, tol, kmax, report);
                    default -> {
                        if (adaptive == null) {
                            adaptive = new PullbackGeneralAdaptive.Workspace(n);
                        }
                        PullbackGeneralAdaptive.pullback(n, values, valuesOffset, vectors, vectorsOffset, lb,
                                valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, tol, kmax,
                                adaptive, report);
                    }
                }
                return;
            default:
                switch (n) {
                    case 2 -> Pullback2Analytic.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, degeneracy, report);
                    case 3 -> Pullback3Analytic.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, degeneracy, report);
                    case 4 -> Pullback4Analytic.pullback(values, valuesOffset, vectors, vectorsOffset, lb,
                            valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, degeneracy, report);
                    default -> {
                        if (analytic == null) {
                            analytic = new PullbackGeneralAnalytic.Workspace(n);
                        }
                        PullbackGeneralAnalytic.pullback(n, values, valuesOffset, vectors, vectorsOffset, lb,
                                valuesBarOffset, vectorsBar, vectorsBarOffset, gradient, gradientOffset, degeneracy,
                                analytic, report);
                    }
                }
        }
    }
}
