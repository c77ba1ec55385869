package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * Argument checks that generated pullback rules call before any arithmetic, so a wrong array
 * or parameter is an {@link InvalidInputException} naming it, never an
 * {@code ArrayIndexOutOfBoundsException} from deep inside generated code or a silent NaN.
 */
public final class GeneratedRuleSupport {
    private GeneratedRuleSupport() {}

    /**
     * Checks the arrays of one pullback of size n: values (n), vectors (n*n), optional
     * valuesBar (n) and vectorsBar (n*n), gradient (n*n), each from its offset.
     */
    public static void checkArrays(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient,
            int gradientOffset) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        check("values", values, valuesOffset, n, false);
        check("vectors", vectors, vectorsOffset, nn, false);
        check("valuesBar", valuesBar, valuesBarOffset, n, true);
        check("vectorsBar", vectorsBar, vectorsBarOffset, nn, true);
        check("gradient", gradient, gradientOffset, nn, false);
    }

    private static void check(String name, double[] array, int offset, long needed, boolean optional) {
        if (array == null) {
            if (optional) {
                return;
            }
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (offset < 0) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " offset is negative: " + offset);
        }
        if (offset + needed > array.length) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + array.length
                    + " but needs " + needed + " entries from offset " + offset);
        }
    }

    /** K >= 1 (a count of terms; fractional K is allowed by the closed form but not meaningful). */
    public static void checkIterations(double iterations) {
        if (!(iterations >= 1) || Double.isInfinite(iterations)) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "iterations K must be finite and >= 1, got " + iterations);
        }
    }

    /** tol in (0, 1) and Kmax >= 1. */
    public static void checkAdaptive(double tolerance, double maxIterations) {
        checkTolerance(tolerance);
        checkMaxIterations(maxIterations);
    }

    /** The adaptive method's per-pair relative error: in (0, 1). */
    public static void checkTolerance(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "tolerance must be in (0, 1), got " + tolerance);
        }
    }

    /** The adaptive method's cap on K: finite and >= 1. */
    public static void checkMaxIterations(double maxIterations) {
        if (!(maxIterations >= 1) || Double.isInfinite(maxIterations)) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "maxIterations must be finite and >= 1, got " + maxIterations);
        }
    }

    /** The analytic method's relative gap below which pairs are masked: in [0, 1). */
    public static void checkDegeneracyTolerance(double degeneracyTolerance) {
        if (!(degeneracyTolerance >= 0 && degeneracyTolerance < 1)) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "degeneracyTolerance must be in [0, 1), got " + degeneracyTolerance);
        }
    }
}
