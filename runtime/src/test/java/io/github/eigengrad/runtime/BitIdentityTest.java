package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The exact bits of every default rule (pullbacks and pushforwards), forward solver and matrix
 * function (gradient and Hessian-vector product) on 2,000 fixed-seed
 * problems each, as SHA-256 digests of the raw bits of every output, against
 * {@code golden/bit-identity.txt}. A refactoring of the generator or the solvers must leave
 * them unchanged; a deliberate numerical change rewrites them with
 * {@code -Deigengrad.update=true} and says why in its commit.
 */
class BitIdentityTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "bit-identity.txt");
    static final int PROBLEMS = 2000;

    /** Feeds the raw bits of doubles into a digest. */
    static final class Bits {
        private final MessageDigest digest;
        private final byte[] buffer = new byte[8];

        Bits() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(double... xs) {
            for (double x : xs) {
                long bits = Double.doubleToRawLongBits(x);
                for (int i = 0; i < 8; i++) {
                    buffer[i] = (byte) (bits >>> (8 * i));
                }
                digest.update(buffer);
            }
        }

        void add(String failure) {
            digest.update(failure.getBytes(StandardCharsets.UTF_8));
        }

        String hex() {
            StringBuilder b = new StringBuilder();
            for (byte x : digest.digest()) {
                b.append(String.format("%02x", x));
            }
            return b.toString();
        }
    }

    /** A random symmetric matrix: Gaussian, a tied spectrum, a graded PD one, or indefinite with a near tie. */
    static double[][] matrix(int n, SplittableRandom random, int kind) {
        switch (kind % 4) {
            case 0:
                return TestMatrices.gaussianSymmetric(n, random);
            case 1: {
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = new double[] {2, 1, -0.5}[random.nextInt(3)];
                }
                return TestMatrices.withSpectrum(s, random);
            }
            case 2: {
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = Math.pow(10, -8 * random.nextDouble());
                }
                return TestMatrices.withSpectrum(s, random);
            }
            default: {
                double[] s = TestMatrices.separatedSpectrum(n, false, random);
                if (n > 1) {
                    s[1] = s[0] * (1 - 1e-9);
                }
                return TestMatrices.withSpectrum(s, random);
            }
        }
    }

    static String digest(String name, Consumer<Bits> problems) {
        Bits bits = new Bits();
        problems.accept(bits);
        return bits.hex();
    }

    static TreeMap<String, String> current() {
        TreeMap<String, String> d = new TreeMap<>();
        for (int n : new int[] {2, 3, 4, 5, 8, 16}) {
            int size = n;
            d.put("forward n=" + n, digest("forward", bits -> {
                SplittableRandom random = new SplittableRandom(1000 + size);
                for (int t = 0; t < (size > 8 ? PROBLEMS / 10 : PROBLEMS); t++) {
                    SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(matrix(size, random, t));
                    bits.add(e.values());
                    bits.add(e.vectorsRowMajor());
                }
            }));
            for (EigenGradient.Method method : EigenGradient.Method.values()) {
                EigenGradient g = EigenGradient.builder().method(method).maskDegenerate(true).build();
                d.put("pullback " + method + " n=" + n, digest("pullback", bits -> {
                    SplittableRandom random = new SplittableRandom(2000 + size * 10L + method.ordinal());
                    for (int t = 0; t < (size > 8 ? PROBLEMS / 10 : PROBLEMS); t++) {
                        SymmetricEigendecomposition e = g.decompose(matrix(size, random, t));
                        PullbackResult r = g.pullback(e, TestMatrices.gaussianVector(size, random),
                                TestMatrices.gaussianVector(size * size, random));
                        bits.add(r.gradientRowMajor());
                        bits.add(r.shift(), r.maxPairError(), r.iterationsUsed().orElse(-1),
                                r.gradientBound().orElse(-1));
                    }
                }));
                d.put("pushforward " + method + " n=" + n, digest("pushforward", bits -> {
                    SplittableRandom random = new SplittableRandom(6000 + size * 10L + method.ordinal());
                    for (int t = 0; t < (size > 8 ? PROBLEMS / 10 : PROBLEMS); t++) {
                        SymmetricEigendecomposition e = g.decompose(matrix(size, random, t));
                        PushforwardResult r = g.pushforward(e, TestMatrices.gaussianVector(size * size, random));
                        bits.add(r.valuesDot());
                        bits.add(r.vectorsDotRowMajor());
                        bits.add(r.shift(), r.maxPairError(), r.iterationsUsed().orElse(-1),
                                r.vectorsDotBound().orElse(-1));
                    }
                }));
            }
            for (String f : new String[] {"sqrt", "invsqrt", "log", "exp", "pow"}) {
                MatrixFunction function = MatrixFunction.named(f, f.equals("pow") ? 0.37 : null);
                d.put("function " + f + " n=" + n, digest("function", bits -> {
                    SplittableRandom random = new SplittableRandom(3000 + size * 10L + f.hashCode());
                    for (int t = 0; t < (size > 8 ? PROBLEMS / 10 : PROBLEMS); t++) {
                        double[] s = new double[size];
                        for (int i = 0; i < size; i++) {
                            s[i] = 0.1 + 3 * random.nextDouble();
                        }
                        if (t % 3 == 0) {
                            s[size - 1] = s[0];
                        }
                        SymmetricEigendecomposition e = SymmetricEigensolver.defaults()
                                .decompose(TestMatrices.withSpectrum(s, random));
                        for (double[] row : function.gradient(e, TestMatrices.gaussianMatrix(size, size, random))) {
                            bits.add(row);
                        }
                    }
                }));
                d.put("hessian-vector " + f + " n=" + n, digest("hessian-vector", bits -> {
                    SplittableRandom random = new SplittableRandom(7000 + size * 10L + f.hashCode());
                    for (int t = 0; t < (size > 8 ? PROBLEMS / 20 : PROBLEMS / 4); t++) {
                        double[] s = new double[size];
                        for (int i = 0; i < size; i++) {
                            s[i] = 0.1 + 3 * random.nextDouble();
                        }
                        if (t % 3 == 0) {
                            s[size - 1] = s[0];
                        }
                        SymmetricEigendecomposition e = SymmetricEigensolver.defaults()
                                .decompose(TestMatrices.withSpectrum(s, random));
                        for (double[] row : function.hessianVector(e, TestMatrices.gaussianMatrix(size, size, random),
                                TestMatrices.gaussianMatrix(size, size, random))) {
                            bits.add(row);
                        }
                    }
                }));
            }
        }
        for (int n : new int[] {3, 6, 12}) {
            int size = n;
            d.put("pullback top-k n=" + n, digest("top-k", bits -> {
                SplittableRandom random = new SplittableRandom(5000 + size);
                for (int t = 0; t < PROBLEMS / 20; t++) {
                    double[] s = new double[size];
                    for (int i = 0; i < size; i++) {
                        s[i] = t % 2 == 0 ? 0.1 + 3 * random.nextDouble() : Math.pow(10, -6 * random.nextDouble());
                    }
                    double[][] a = TestMatrices.withSpectrum(s, random);
                    SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
                    int k = 1 + t % (size - 1);
                    double[] values = java.util.Arrays.copyOf(e.values(), k);
                    double[] vectors = new double[size * k];
                    for (int i = 0; i < size; i++) {
                        for (int c = 0; c < k; c++) {
                            vectors[i * k + c] = e.vectorsRowMajor()[i * size + c];
                        }
                    }
                    double[] flat = new double[size * size];
                    for (int i = 0; i < size; i++) {
                        System.arraycopy(a[i], 0, flat, i * size, size);
                    }
                    long iterations = new long[] {1, 5, 19, 60}[t % 4];
                    PullbackResult r = EigenGradient.builder().iterations(iterations).build().pullbackTopK(flat, size,
                            values, vectors, TestMatrices.gaussianVector(k, random),
                            TestMatrices.gaussianVector(size * k, random));
                    bits.add(r.gradientRowMajor());
                    bits.add(r.maxPairError(), r.iterationsUsed().orElse(-1), r.gradientBound().orElse(-1));
                }
            }));
        }
        d.put("batch 3x3 lanes and scalar", digest("batch", bits -> {
            SplittableRandom random = new SplittableRandom(4000);
            int count = PROBLEMS;
            double[] m = new double[9 * count];
            for (int b = 0; b < count; b++) {
                double[][] a = matrix(3, random, b);
                for (int i = 0; i < 3; i++) {
                    System.arraycopy(a[i], 0, m, 9 * b + 3 * i, 3);
                }
            }
            double[] vectorsBar = TestMatrices.gaussianVector(9 * count, random);
            for (boolean lanes : new boolean[] {true, false}) {
                double[] values = new double[3 * count];
                double[] vectors = new double[9 * count];
                double[] gradients = new double[9 * count];
                EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(lanes)
                        .decomposeAndPullback(count, 3, m, null, vectorsBar, values, vectors, gradients);
                bits.add(values);
                bits.add(vectors);
                bits.add(gradients);
            }
        }));
        return d;
    }

    @Test
    void everyOutputBitIsAsRecorded() throws IOException {
        TreeMap<String, String> now = current();
        StringBuilder text = new StringBuilder("# SHA-256 of the raw bits of every output (BitIdentityTest)\n");
        now.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (Boolean.getBoolean("eigengrad.update") || !Files.exists(GOLDEN)) {
            Files.writeString(GOLDEN, text.toString(), StandardCharsets.UTF_8);
        }
        List<String> changed = new ArrayList<>();
        TreeMap<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && line.contains(": ")) {
                recorded.put(line.substring(0, line.lastIndexOf(": ")), line.substring(line.lastIndexOf(": ") + 2));
            }
        }
        now.forEach((k, v) -> {
            if (!v.equals(recorded.get(k))) {
                changed.add(k);
            }
        });
        assertEquals(recorded.keySet(), now.keySet(), "the set of digests changed");
        assertTrue(changed.isEmpty(), "outputs changed bits: " + changed);
    }
}
