package com.example.demo;

import io.github.eigengrad.runtime.SmallEigensolver;

/**
 * A differentiable planarity score of a point neighbourhood: the smallest eigenvalue of its
 * 3x3 covariance (structure tensor), with its gradient with respect to the tensor from the
 * rule the build generated ({@code StructureTensorGradient}, see pom.xml).
 */
public final class Planarity {
    private final double[] values = new double[3];
    private final double[] vectors = new double[9];
    private final double[] valuesBar = new double[3];

    /** The smallest eigenvalue of the symmetric 3x3 {@code tensor} (row-major). */
    public double score(double[] tensor) {
        SmallEigensolver.decompose3(tensor, 0, 0, values, 0, vectors, 0);
        return values[2];
    }

    /** d score / d tensor, written to {@code gradient} (row-major, symmetric). */
    public void gradient(double[] tensor, double[] gradient) {
        score(tensor);
        valuesBar[0] = 0;
        valuesBar[1] = 0;
        valuesBar[2] = 1;
        StructureTensorGradient.pullback(values, 0, vectors, 0, valuesBar, 0, null, 0, gradient, 0,
                StructureTensorGradient.DEFAULT_ITERATIONS, null);
    }

    public static void main(String[] args) {
        double[] tensor = {2.0, 0.3, 0.1, 0.3, 1.0, 0.2, 0.1, 0.2, 0.05};
        Planarity p = new Planarity();
        double[] g = new double[9];
        p.gradient(tensor, g);
        System.out.printf("planarity %.6f, gradient %s%n", p.score(tensor), java.util.Arrays.toString(g));
    }
}
