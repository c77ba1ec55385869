package io.github.eigengrad.cli;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.FormulaCatalog;
import io.github.eigengrad.generator.print.TextPrinter;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code eigengrad demo}: why the power-iteration gradient exists. A 3x3 covariance with an
 * exactly repeated eigenvalue, and one with a nearly repeated one: the analytic gradient fails
 * or explodes, the power-iteration gradient is finite within its bound, the adaptive policy
 * picks K per pair, and the generator shows the formula it runs.
 */
@Command(name = "demo", description = "Show the analytic and the power-iteration gradients on a 3x3 covariance "
        + "with an exact and a near-repeated eigenvalue.", mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    private EigengradCommand parent;

    /** A fixed rotation, so the demo prints the same numbers every time. */
    static double[][] rotation() {
        double a = 0.3;
        double b = 0.5;
        double c = 0.7;
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(c), -Math.sin(c)}, {0, Math.sin(c), Math.cos(c)}};
        return multiply(multiply(rz, ry), rx);
    }

    /** {@code R diag(spectrum) R^T}, made exactly symmetric. */
    static double[][] covariance(double[] spectrum) {
        double[][] r = rotation();
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += r[i][k] * spectrum[k] * r[j][k];
                }
                m[i][j] = s;
                m[j][i] = s;
            }
        }
        return m;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        double[][] z = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    z[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return z;
    }

    @Override
    public Integer call() {
        PrintStream out = parent.output();
        out.println("eigengrad demo: backpropagating through the eigendecomposition of a 3x3 covariance");
        out.println();
        out.println("Loss L = sum_j (v_j . a)^2 / (j + 1) + lambda_0, a = (1, 2, 3): it uses every eigenvector.");
        double[] a = {1, 2, 3};
        for (double[] spectrum : new double[][] {{2, 1, 1}, {2, 1 + 1e-10, 1}}) {
            boolean exact = spectrum[1] == spectrum[2];
            out.println();
            out.println((exact ? "A. Exactly repeated eigenvalue" : "B. Nearly repeated eigenvalue (gap 1e-10)")
                    + ": spectrum " + precise(spectrum));
            double[][] c = covariance(spectrum);
            EigenGradient analytic = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
            SymmetricEigendecomposition e = analytic.decompose(c);
            out.println("   eigenvalues from the forward pass: " + precise(e.values()));
            double[][] vectorsBar = new double[3][3];
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int i = 0; i < 3; i++) {
                    dot += e.vectorEntry(i, j) * a[i];
                }
                for (int i = 0; i < 3; i++) {
                    vectorsBar[i][j] = 2 * dot * a[i] / (j + 1);
                }
            }
            double[] valuesBar = {1, 0, 0};
            out.println("   1. Analytic gradient (Eq. 10):");
            try {
                analytic.pullback(e, valuesBar, vectorsBar);
                out.println("      (no failure)");
            } catch (DegenerateSpectrumException x) {
                out.println("      fails: " + x.getMessage());
            }
            if (!exact) {
                PullbackResult raw = analytic.toBuilder().degeneracyTolerance(0).build().pullback(e, valuesBar, vectorsBar);
                out.println("      without the degeneracy check: ||dL/dA||_F = " + format(norm(raw.gradient()))
                        + ", a number set by round-off in the 1e-10 gap, not by the loss");
            }
            PullbackResult pi = EigenGradient.builder().build().pullback(e, valuesBar, vectorsBar);
            out.println("   2. Power-iteration gradient (Eq. 8, K = " + pi.iterationsUsed().getAsInt() + "): finite");
            out.println("      ||dL/dA||_F = " + format(norm(pi.gradient())) + " <= bound " + format(pi.gradientBound()
                    .getAsDouble()) + "; largest pair error r^K = " + format(pi.maxPairError()) + "; shift "
                    + format(pi.shift()));
            out.println("      dL/dA = " + format(pi.gradient()));
            out.println("   3. Adaptive K (tol 1e-10, Kmax 1000), per pair, from the generator's Eq. 14:");
            Formula rule = EigenFormulas.iterationRule(3, Expr.constant(1e-10), Expr.constant(1000));
            double[] values = e.values();
            Expr.Environment env = name -> values[Integer.parseInt(name.substring("lambda".length()))];
            for (int i = 0; i < 3; i++) {
                for (int j = i + 1; j < 3; j++) {
                    double k = rule.output("K" + i + j).evaluate(env);
                    double error = rule.output("pairError" + i + j).evaluate(env);
                    out.println("      pair (" + i + ", " + j + "): r = " + format(values[j] / values[i]) + ", K = "
                            + (long) k + ", r^K = " + format(error) + (k == 1000 ? "  (capped: a tie)" : ""));
                }
            }
            PullbackResult adaptive = EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).build()
                    .pullback(e, valuesBar, vectorsBar);
            out.println("      ||dL/dA||_F = " + format(norm(adaptive.gradient())) + ", K used " + adaptive
                    .iterationsUsed().getAsInt() + ": at a tie the series is capped at Kmax, so the gradient stays"
                    + " bounded (by Kmax / mu) instead of exploding");
        }
        out.println();
        out.println("4. The formula that runs, as the generator derives it (eigengrad derive --formula eq8 --size general):");
        out.println();
        out.print(TextPrinter.print(FormulaCatalog.build("eq8", Formula.GENERAL, FormulaCatalog.Options.DEFAULTS)));
        out.flush();
        return 0;
    }

    static double norm(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    static String format(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }

    /** 12 significant digits: enough to show a gap of 1e-10. */
    static String precise(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.12g", v[i]));
        }
        return b.append(']').toString();
    }

    static String format(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(format(v[i]));
        }
        return b.append(']').toString();
    }

    static String format(double[][] m) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < m.length; i++) {
            b.append(i > 0 ? ", " : "").append(format(m[i]));
        }
        return b.append(']').toString();
    }
}
