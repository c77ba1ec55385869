package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.palantir.javapoet.JavaFile;
import io.github.eigengrad.generator.emit.UserFunctionEmitter;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.ScalarFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a user's spectral function (docs/math.md section 14), f = log(x) so that the
 * built-in log is the baseline of the same run: the gradient of {@code <f(M), C>} from one
 * decomposition by the built-in generated class, by the classes generated for the expression
 * {@code log(x)} (compiled in memory at setup), and by the CLI's interpreted expression; a
 * whole {@code pullback} request with {@code {"expression": "log(x)"}} against one with
 * {@code {"name": "log"}}; parsing an expression; compiling the generated classes in memory.
 * Two spectra: spread over [0.5, 4] with one pair 1e-6 apart, and a cluster within 1e-6.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class UserFunctionBenchmark {
    @Param({"3", "8", "64"})
    public int n;

    /** spread: in [0.5, 4] with one pair 1e-6 apart; cluster: all within 1e-6 (relative) of 2. */
    @Param({"spread", "cluster"})
    public String spectrum;

    private SymmetricEigendecomposition decomposition;
    private double[][] c;
    private MatrixFunction builtIn;
    private MatrixFunction generated;
    private MatrixFunction interpreted;
    private ObjectNode expressionRequest;
    private ObjectNode namedRequest;

    @Setup
    public void setup() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = spectrum.equals("cluster") ? 2 * (1 + 1e-6 * random.nextDouble())
                    : 0.5 + 3.5 * random.nextDouble();
        }
        if (n > 1 && spectrum.equals("spread")) {
            values[1] = values[0] * (1 + 1e-6);
        }
        double[][] q = orthogonal(n, random);
        double[][] m = new double[n][n];
        c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    m[i][j] += q[i][k] * values[k] * q[j][k];
                }
                c[i][j] = random.nextDouble(-1, 1);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                m[i][j] = m[j][i];
            }
        }
        decomposition = SymmetricEigensolver.defaults().decompose(m);
        builtIn = MatrixFunction.log();
        interpreted = MatrixFunction.of(new ExpressionFunction(ExpressionParser.parse("log(x)", Map.of())));
        generated = MatrixFunction.of(compileLog());
        namedRequest = request(m, "{\"name\": \"log\"}");
        expressionRequest = request(m, "{\"expression\": \"log(x)\"}");
    }

    private ObjectNode request(double[][] m, String function) throws Exception {
        return (ObjectNode) JsonLines.MAPPER.readTree("{\"id\": 1, \"matrix\": " + JsonLines.MAPPER.writeValueAsString(m)
                + ", \"function\": " + function + ", \"functionBar\": " + JsonLines.MAPPER.writeValueAsString(c) + "}");
    }

    @Benchmark
    public double[][] builtInGradient() {
        return builtIn.gradient(decomposition, c);
    }

    @Benchmark
    public double[][] generatedGradient() {
        return generated.gradient(decomposition, c);
    }

    @Benchmark
    public double[][] interpretedGradient() {
        return interpreted.gradient(decomposition, c);
    }

    @Benchmark
    public ObjectNode namedRequest() throws RequestException {
        return PullbackCommand.handle(namedRequest, Limits.DEFAULTS);
    }

    @Benchmark
    public ObjectNode expressionRequest() throws RequestException {
        return PullbackCommand.handle(expressionRequest, Limits.DEFAULTS);
    }

    @Benchmark
    public Object parseExpression() {
        // the same for every n and spectrum: one figure suffices
        return new ExpressionFunction(ExpressionParser.parse("x*log(x+a)", Map.of("a", 0.5)));
    }

    /** Emitting and compiling the classes of {@code log(x)} in memory: what a compiling CLI would pay per expression. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public ScalarFunction compileInMemory() throws Exception {
        return compileLog();
    }

    private static final String PACKAGE = "io.github.eigengrad.benchmarks.user";

    static ScalarFunction compileLog() throws Exception {
        List<JavaFile> files = UserFunctionEmitter.emit(UserFunctionEmitter.UserFunction.of("UserLog", "log(x)",
                List.of(), null, PACKAGE));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (a JRE?)");
        }
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(className, out);
                        return out;
                    }
                };
            }
        };
        List<JavaFileObject> sources = new ArrayList<>();
        for (JavaFile f : files) {
            sources.add(f.toJavaFileObject());
        }
        boolean ok = javac.getTask(null, manager, null, List.of("-classpath", System.getProperty("java.class.path"),
                "-proc:none"), null, sources).call();
        if (!ok) {
            throw new IllegalStateException("the generated classes did not compile");
        }
        ClassLoader loader = new ClassLoader(UserFunctionBenchmark.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        return (ScalarFunction) loader.loadClass(PACKAGE + ".UserLogFunction").getConstructor().newInstance();
    }

    static double[][] orthogonal(int n, SplittableRandom random) {
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                q[i][j] = random.nextDouble(-1, 1);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += q[i][k] * q[i][j];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i][j] -= s * q[i][k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][j] * q[i][j];
            }
            for (int i = 0; i < n; i++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        return q;
    }
}
