package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @Test
    void writesTwoPngsOfTheExpectedSize(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("", "plot", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        for (String name : new String[] {"gradient-norm.png", "pair-error.png"}) {
            Path file = dir.resolve(name);
            assertTrue(run.stdout().contains(file.toString()), run.stdout());
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "PNG signature");
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(PlotCommand.WIDTH, image.getWidth());
            assertEquals(PlotCommand.HEIGHT, image.getHeight());
        }
    }

    /** What the first chart shows: the analytic norm grows as 1/gap, the series ones stay bounded. */
    @Test
    void gradientNormsBehaveAsTheTheorySays() {
        XYDataset data = ((XYPlot) PlotCommand.gradientNorms().getPlot()).getDataset();
        assertEquals(3, data.getSeriesCount());
        int last = data.getItemCount(0) - 1;
        // at gap 1e-12 the analytic norm is about |v_1 . a| / gap / sqrt(2) ~ 1e11
        assertTrue(data.getYValue(0, 0) > 1e10, "analytic at the smallest gap: " + data.getYValue(0, 0));
        // power iteration is bounded by K / lambda ||a|| = 19, adaptive by Kmax / lambda ||a|| = 1000
        for (int i = 0; i <= last; i++) {
            assertTrue(data.getYValue(1, i) <= 19 + 1e-9, "power iteration bounded");
            assertTrue(data.getYValue(2, i) <= 1000 + 1e-9, "adaptive bounded");
        }
        // well separated, all three agree (adaptive to its tolerance, K = 19 to r^19)
        assertEquals(data.getYValue(0, last), data.getYValue(2, last), 1e-9 * data.getYValue(0, last));
    }
}
