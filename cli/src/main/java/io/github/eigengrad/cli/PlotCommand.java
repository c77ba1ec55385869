package io.github.eigengrad.cli;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code eigengrad plot}: two PNG charts computed with the runtime. {@code gradient-norm.png}
 * is the gradient norm against the eigenvalue gap for the analytic, power-iteration (K = 19)
 * and adaptive methods; {@code pair-error.png} is the pair error r^K against the ratio r for
 * several K, with the paper's Eq. 14 choice (K = 19 keeps r^K below 0.05 up to r = 0.85) marked.
 */
@Command(name = "plot",
        header = "Draw the gradient norm against the gap and the pair error r^K as PNG charts.",
        description = "Write gradient-norm.png (gradient norm against the eigenvalue gap, by method) and "
                + "pair-error.png (r^K against r for several K, Eq. 14 marked) into --out.",
        mixinStandardHelpOptions = true)
final class PlotCommand implements Callable<Integer> {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    @ParentCommand
    private EigengradCommand parent;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write the PNG files into")
    private Path out;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(out);
        List<Path> written = List.of(write(gradientNorms(), out.resolve("gradient-norm.png")),
                write(pairErrors(), out.resolve("pair-error.png")));
        for (Path p : written) {
            parent.output().println(p);
        }
        CheckedOutput.check(parent.output());
        return 0;
    }

    private static Path write(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    /**
     * The 2x2 matrix with eigenvalues 1 and 1 - gap (eigenvectors rotated by 30 degrees), the
     * loss {@code v_0 . a} for a fixed a: ||dL/dA||_F for each method as the gap closes.
     */
    static JFreeChart gradientNorms() {
        EigenGradient[] methods = {
            EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).degeneracyTolerance(0).build(),
            EigenGradient.builder().build(),
            EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).build()};
        String[] names = {"analytic (Eq. 10)", "power iteration, K = 19 (Eq. 8)", "adaptive, tol 1e-10, Kmax 1000"};
        XYSeriesCollection data = new XYSeriesCollection();
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        for (int m = 0; m < methods.length; m++) {
            XYSeries series = new XYSeries(names[m]);
            for (int step = 0; step <= 60; step++) {
                double gap = Math.pow(10, -12 + 0.2 * step);
                double l1 = 1 - gap;
                double[][] a = {
                    {c * c + l1 * s * s, (1 - l1) * c * s},
                    {(1 - l1) * c * s, s * s + l1 * c * c}};
                SymmetricEigendecomposition e = methods[m].decompose(a);
                double[][] vectorsBar = {{0.6, 0}, {0.8, 0}};
                PullbackResult r = methods[m].pullback(e, null, vectorsBar);
                double norm = 0;
                for (double g : r.gradientRowMajor()) {
                    norm += g * g;
                }
                series.add(gap, Math.sqrt(norm));
            }
            data.addSeries(series);
        }
        LogAxis x = new LogAxis("relative eigenvalue gap (lambda_0 - lambda_1) / lambda_0");
        LogAxis y = new LogAxis("||dL/dA||_F");
        return chart("Gradient norm as two eigenvalues meet (2x2, L = v_0 . a)", data, x, y);
    }

    /** r^K against r for K = 1, 5, 19, 50, 200; the paper's choice K = 19 at r = 0.85 marked. */
    static JFreeChart pairErrors() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int k : new int[] {1, 5, 19, 50, 200}) {
            XYSeries series = new XYSeries("K = " + k);
            for (int step = 1; step <= 99; step++) {
                double r = step / 100.0;
                double error = Math.pow(r, k);
                if (error >= 1e-16) { // below, float64 cannot show it anyway
                    series.add(r, error);
                }
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("ratio r = lambda_j / lambda_i");
        LogAxis y = new LogAxis("pair error r^K");
        JFreeChart chart = chart("Relative error of a pair's contribution: exactly r^K (Eq. 14)", data, x, y);
        XYPointerAnnotation mark = new XYPointerAnnotation("Eq. 14: K = 19 gives r^K < 0.05 up to r = 0.85", 0.85,
                Math.pow(0.85, 19), 3 * Math.PI / 4);
        mark.setTipRadius(4);
        mark.setBaseRadius(60);
        ((XYPlot) chart.getPlot()).addAnnotation(mark);
        return chart;
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, org.jfree.chart.axis.ValueAxis x,
            org.jfree.chart.axis.ValueAxis y) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Color[] colors = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD),
            new Color(0xFF7F0E)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colors[i % colors.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
