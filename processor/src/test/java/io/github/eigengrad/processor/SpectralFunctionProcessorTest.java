package io.github.eigengrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.ScalarFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import org.junit.jupiter.api.Test;

/**
 * {@code @SpectralFunction} (docs/math.md section 14): the processor writes the function's
 * classes, they compile under {@code -Xlint:all -Werror}, and their gradient agrees with central
 * differences of f(M); every misuse is a compile error naming the problem.
 */
class SpectralFunctionProcessorTest {
    @Test
    void anInterfaceGetsItsFunctionClasses() throws Exception {
        Compilation c = EigenRuleProcessorTest.compile(EigenRuleProcessorTest.source("com.example.Softplus",
                "package com.example;",
                "import io.github.eigengrad.runtime.ScalarFunction;",
                "import io.github.eigengrad.runtime.SpectralFunction;",
                "@SpectralFunction(expression = \"log(1 + exp(s*x))/s\", parameters = \"s\")",
                "public interface Softplus extends ScalarFunction {}"));
        assertThat(c).succeededWithoutWarnings();
        for (String name : new String[] {"SoftplusFunction", "MatrixFunction2Softplus", "MatrixFunction3Softplus",
            "MatrixFunction4Softplus", "MatrixFunctionGeneralSoftplus"}) {
            assertThat(c).generatedSourceFile("com.example." + name);
        }
        EigenRuleProcessorTest.CompiledClasses classes = new EigenRuleProcessorTest.CompiledClasses(c);
        ScalarFunction f = (ScalarFunction) classes.loadClass("com.example.SoftplusFunction")
                .getConstructor(double.class).newInstance(2.0);
        assertTrue(classes.loadClass("com.example.Softplus").isInstance(f), "implements the annotated interface");
        assertEquals(Math.log1p(Math.exp(2 * 0.3)) / 2, f.value(0.3), 1e-15);
        // gradient of <f(M), C> at a tie against central differences of f(M)
        double[][] m = {{1, 0, 0}, {0, 1, 0}, {0, 0, -0.5}};
        double[][] c3 = {{1, 2, 0}, {0, 1, 1}, {3, 0, 2}};
        MatrixFunction g = MatrixFunction.of(f);
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(m);
        double[][] grad = g.gradient(e, c3);
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double[][] plus = {m[0].clone(), m[1].clone(), m[2].clone()};
                double[][] minus = {m[0].clone(), m[1].clone(), m[2].clone()};
                plus[i][j] += h;
                plus[j][i] = plus[i][j];
                minus[i][j] -= h;
                minus[j][i] = minus[i][j];
                double expected = (loss(g, plus, c3) - loss(g, minus, c3)) / (2 * h);
                assertEquals(expected, i == j ? grad[i][i] : grad[i][j] + grad[j][i], 1e-8, i + "," + j);
            }
        }
    }

    static double loss(MatrixFunction g, double[][] m, double[][] c) {
        double[][] v = g.value(SymmetricEigensolver.defaults().decompose(m));
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += v[i][j] * c[i][j];
            }
        }
        return s;
    }

    static void fails(String expectedMessage, String... lines) {
        Compilation c = EigenRuleProcessorTest.compile(EigenRuleProcessorTest.source("com.example.Bad", lines));
        assertThat(c).hadErrorContaining(expectedMessage);
    }

    @Test
    void misuseIsACompileErrorNamingTheProblem() {
        fails("@SpectralFunction goes on an interface, not on class Bad", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x\")", "abstract class Bad {}");
        fails("column 3: unknown function 'lg'", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x*lg(x)\")", "interface Bad {}");
        fails("domain: '0' must be lo,hi", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x\", domain = \"0\")", "interface Bad {}");
        fails("parameter 'a' is given but not used", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x\", parameters = \"a\")",
                "interface Bad {}");
        fails("declares abstract method run()", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x\")", "interface Bad { void run(); }");
        fails("name: the function name 'bad'", "package com.example;",
                "@io.github.eigengrad.runtime.SpectralFunction(expression = \"x\")", "interface bad {}");
    }
}
