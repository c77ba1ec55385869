package io.github.eigengrad.cli;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Derivations;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.FormulaCatalog;
import io.github.eigengrad.generator.print.TextPrinter;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
@Command(name = "demo", header = "Show the analytic, power-iteration and adaptive gradients at a tie (the main job).",
        description = "Show the analytic and the power-iteration gradients on a 3x3 covariance "
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
            out.println("   2. Power-iteration gradient (Eq. 8, K = " + pi.iterationsUsed().getAsLong() + "): finite");
            out.println("      ||dL/dA||_F = " + format(norm(pi.gradient())) + " <= bound " + format(pi.gradientBound()
                    .getAsDouble()) + "; largest pair error r^K = " + format(pi.maxPairError()) + "; shift "
                    + format(pi.shift()));
            out.println("      dL/dA = " + format(pi.gradient()));
            out.println("   3. Adaptive K (tol 1e-10, Kmax 1000), per pair, from the generator's Eq. 14:");
            Formula rule = Derivations.iterationRule(3, Expr.constant(1e-10), Expr.constant(1000));
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
                    .iterationsUsed().getAsLong() + ": at a tie the series is capped at Kmax, so the gradient stays"
                    + " bounded (by Kmax / mu) instead of exploding");
        }
        out.println();
        out.println("C. A matrix function at a tie: L = <sqrt(M), C> (C fixed, not symmetric), M with spectrum (2, 1, 1)");
        out.println("   The exact gradient is V (f[1] o (V^T sym(C) V)) V^T with the generated divided difference;");
        out.println("   the eigen pullbacks get the same loss as cotangents lambdaBar_k = f'(lambda_k) w_kk, VBar = 2 sym(C) V f(Lambda).");
        for (String[] row : matrixFunctionComparison(new double[] {2, 1, 1})) {
            out.println(String.format(java.util.Locale.ROOT, "   %-44s %-14s %s", (Object[]) row));
        }
        out.println();
        out.println("4. The formula that runs, as the generator derives it (eigengrad derive --formula eq8 --size general):");
        out.println();
        out.print(TextPrinter.print(FormulaCatalog.build("eq8", Formula.GENERAL, FormulaCatalog.Options.DEFAULTS)));
        CheckedOutput.check(out);
        return 0;
    }

    /** A fixed, non-symmetric C for the matrix-function comparison. */
    static final double[][] FUNCTION_BAR = {{1, 2, 0}, {0, 1, 3}, {1, 0, 2}};

    /**
     * Rows (method, ||G||_F, relative error against the exact gradient) for L = <sqrt(M), C>
     * with M = covariance(spectrum): the exact matrix-function gradient, then the analytic
     * (masked at ties), power-iteration and adaptive pullbacks of the same loss.
     */
    static List<String[]> matrixFunctionComparison(double[] spectrum) {
        double[][] m = covariance(spectrum);
        MatrixFunction f = MatrixFunction.sqrt();
        EigenGradient pi = EigenGradient.builder().build();
        SymmetricEigendecomposition e = pi.decompose(m);
        double[][] exact = f.gradient(e, FUNCTION_BAR);
        double[][] v = e.vectors();
        double[][] cs = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cs[i][j] = (FUNCTION_BAR[i][j] + FUNCTION_BAR[j][i]) / 2;
            }
        }
        double[][] csv = multiply(cs, v);
        double[] valuesBar = new double[3];
        double[][] vectorsBar = new double[3][3];
        for (int k = 0; k < 3; k++) {
            double lambda = e.value(k);
            double w = 0;
            for (int i = 0; i < 3; i++) {
                w += v[i][k] * csv[i][k];
            }
            valuesBar[k] = 0.5 / Math.sqrt(lambda) * w;
            for (int i = 0; i < 3; i++) {
                vectorsBar[i][k] = 2 * csv[i][k] * Math.sqrt(lambda);
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"method", "||dL/dA||_F", "relative error vs exact"});
        rows.add(new String[] {"exact (Daleckii-Krein, generated f[1])", format(norm(exact)), "0"});
        EigenGradient analytic = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        try {
            double[][] g = analytic.pullback(e, valuesBar, vectorsBar).gradient();
            rows.add(new String[] {"analytic (Eq. 10)", format(norm(g)), format(distance(g, exact) / norm(exact))});
        } catch (DegenerateSpectrumException x) {
            rows.add(new String[] {"analytic (Eq. 10)", "fails", "degenerate pair (" + x.first() + ", " + x.second() + ")"});
            double[][] g = analytic.toBuilder().maskDegenerate(true).build().pullback(e, valuesBar, vectorsBar).gradient();
            rows.add(new String[] {"analytic, tied pairs masked", format(norm(g)), format(distance(g, exact) / norm(exact))});
        }
        double[][] g = pi.pullback(e, valuesBar, vectorsBar).gradient();
        rows.add(new String[] {"power iteration, K = 19 (Eq. 8)", format(norm(g)), format(distance(g, exact) / norm(exact))});
        g = EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).build().pullback(e, valuesBar, vectorsBar)
                .gradient();
        rows.add(new String[] {"adaptive (tol 1e-10, Kmax 1000)", format(norm(g)), format(distance(g, exact) / norm(exact))});
        return rows;
    }

    static double distance(double[][] x, double[][] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                s += (x[i][j] - y[i][j]) * (x[i][j] - y[i][j]);
            }
        }
        return Math.sqrt(s);
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
