package io.github.eigengrad.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.emit.UserFunctionEmitter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code <function>} configurations: defaults, and each problem named with its function and field. */
class FunctionConfigurationsTest {
    static Function function(String name, String expression, String domain, String parameters, String packageName) {
        Function f = new Function();
        f.name = name;
        f.expression = expression;
        f.domain = domain;
        f.parameters = parameters;
        f.packageName = packageName;
        return f;
    }

    static String problem(Function... functions) {
        return assertThrows(IllegalArgumentException.class,
                () -> RuleConfigurations.toFunctions(List.of(functions), "com.example")).getMessage();
    }

    @Test
    void theGroupIdIsTheDefaultPackageAndTheDomainIsParsed() {
        List<UserFunctionEmitter.UserFunction> fs = RuleConfigurations.toFunctions(List.of(
                function("Xlogx", "x*log(x)", "0,", null, null),
                function("Heat", "exp(-t*x)", "[-1, 1)", " t ", "com.example.kernels")), "com.example");
        assertEquals("com.example", fs.get(0).packageName());
        assertEquals("(0.0, inf)", fs.get(0).function().domain().describe());
        assertEquals("com.example.kernels", fs.get(1).packageName());
        assertEquals(List.of("t"), fs.get(1).function().parameters());
        assertEquals("[-1.0, 1.0)", fs.get(1).function().domain().describe());
    }

    @Test
    void aRuleMayServeTheGeneralisedProblem() {
        Rule r = new Rule("com.example.Eigh3G", "3", null);
        r.problem = "generalized";
        assertTrue(RuleConfigurations.toSpec(r).generalized());
        r.problem = "standard";
        assertTrue(!RuleConfigurations.toSpec(r).generalized());
        r.problem = "general";
        assertEquals("problem: unknown 'general'; use standard or generalized",
                assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.toSpec(r)).getMessage());
        r.problem = "generalized";
        r.precision = "float";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.toSpec(r)).getMessage()
                .startsWith("problem: the generalised problem is double only"));
    }

    @Test
    void aRuleMayServeComplexHermitianMatrices() {
        Rule r = new Rule("com.example.EighC", "general", null);
        r.field = "complex";
        assertTrue(RuleConfigurations.toSpec(r).complex());
        r.field = " real ";
        assertTrue(!RuleConfigurations.toSpec(r).complex());
        r.field = "quaternion";
        assertEquals("field: unknown 'quaternion'; use real or complex",
                assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.toSpec(r)).getMessage());
        Rule fixed = new Rule("com.example.Eigh3C", "3", null);
        fixed.field = "complex";
        assertEquals(3, RuleConfigurations.toSpec(fixed).size());
        fixed.precision = "float";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.toSpec(fixed)).getMessage()
                .startsWith("field: complex rules are double only"));
    }

    @Test
    void everyProblemIsNamedWithItsFunctionAndField() {
        assertTrue(problem(function("xlogx", "x*log(x)", null, null, null)).startsWith("function xlogx: name:"));
        assertEquals("function F: expression: column 3: unknown function 'lg'; the functions are exp, log, log1p, "
                + "expm1, sqrt, pow, sin, cos, tanh, sinh, cosh and atan",
                problem(function("F", "x*lg(x)", null, null, null)));
        assertTrue(problem(function("F", "x", "0", null, null)).startsWith("function F: domain: '0' must be lo,hi"));
        assertTrue(problem(function("F", "x", "a,1", null, null)).contains("'a' is not a finite number"));
        assertTrue(problem(function("F", "x", "[,1]", null, null)).contains("an unbounded side cannot be closed"));
        assertTrue(problem(function("F", "x*a", null, null, null)).contains("'a'"), "a parameter not declared");
        assertTrue(problem(function("F", "x", null, "a", null)).contains("parameter 'a' is given but not used"));
        assertTrue(problem(function("F", "x", null, null, "com.1bad")).contains("package:"));
        assertTrue(problem(function("F", "x", null, null, null), function("F", "2*x", null, null, null))
                .contains("configured twice"));
        assertTrue(problem(function(null, "x", null, null, null)).contains("needs <name> and <expression>"));
        assertTrue(problem(function("Softplus", "log(1+exp(x))", null, null, null)).startsWith(
                "function Softplus: expression: f(x) = log(1+exp(x)) loses accuracy as written: at x = -100.0"));
        assertEquals(1, RuleConfigurations.toFunctions(List.of(function("Softplus", "log(1+exp(x))", "[-4,4]", null,
                null)), "com.example").size(), "on a domain that avoids the cancellation it is accepted");
    }
}
