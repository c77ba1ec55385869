package com.example.consumer;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;

/** Pulls L = lambda_0 back through [[2, 1], [1, 2]]: dL/dA = v_0 v_0^T, every entry 1/2. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        EigenGradient g = EigenGradient.builder().build();
        SymmetricEigendecomposition e = g.decompose(new double[][] {{2, 1}, {1, 2}});
        PullbackResult r = g.pullback(e, new double[] {1, 0}, (double[]) null);
        for (double x : r.gradientRowMajor()) {
            if (Math.abs(x - 0.5) > 1e-15) {
                throw new AssertionError("gradient entry " + x + ", expected 0.5");
            }
        }
        System.out.println("modular pullback ok: " + Main.class.getModule().getName() + " reads "
                + EigenGradient.class.getModule().getName());
    }
}
