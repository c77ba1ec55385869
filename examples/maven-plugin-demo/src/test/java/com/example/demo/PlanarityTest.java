package com.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlanarityTest {
    /** The generated rule's gradient against central differences of the score. */
    @Test
    void gradientMatchesFiniteDifferences() {
        double[] tensor = {2.0, 0.3, 0.1, 0.3, 1.0, 0.2, 0.1, 0.2, 0.05};
        Planarity p = new Planarity();
        double[] g = new double[9];
        p.gradient(tensor, g);
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // perturb the symmetric pair (i, j), (j, i) together: the derivative along it is g_ij + g_ji
                double[] plus = tensor.clone();
                double[] minus = tensor.clone();
                plus[i * 3 + j] += h;
                minus[i * 3 + j] -= h;
                if (i != j) {
                    plus[j * 3 + i] += h;
                    minus[j * 3 + i] -= h;
                }
                double fd = (p.score(plus) - p.score(minus)) / (2 * h);
                double analytic = i == j ? g[i * 3 + j] : g[i * 3 + j] + g[j * 3 + i];
                assertEquals(fd, analytic, 1e-8, "entry (" + i + ", " + j + ")");
            }
        }
    }
}
