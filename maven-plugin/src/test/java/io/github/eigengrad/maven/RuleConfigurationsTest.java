package io.github.eigengrad.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.emit.RuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleConfigurationsTest {
    static Rule rule(String className, String size, String method) {
        return new Rule(className, size, method);
    }

    static String problems(Rule... rules) {
        return assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.toSpecs(List.of(rules)))
                .getMessage();
    }

    @Test
    void validRulesTakeTheDocumentedDefaults() {
        Rule adaptive = rule("com.example.Adaptive", "general", "adaptive");
        adaptive.tolerance = 1e-6;
        List<RuleSpec> specs = RuleConfigurations.toSpecs(List.of(rule("com.example.Eigh3Pi", "3", null), adaptive));
        assertEquals(RuleSpec.builder().className("com.example.Eigh3Pi").size(3).build(), specs.get(0));
        assertEquals("size=3, method=power-iteration, iterations=19, eigenvalueTerm=true", specs.get(0).parameters());
        assertEquals("size=general, method=adaptive, tolerance=1.0E-6, maxIterations=1000, eigenvalueTerm=true",
                specs.get(1).parameters());
    }

    @Test
    void everyProblemIsNamedWithItsRuleAndField() {
        Rule k0 = rule("com.example.K", "3", "power-iteration");
        k0.iterations = 0L;
        Rule tol = rule("com.example.T", "2", "adaptive");
        tol.tolerance = 1.5;
        Rule kmax = rule("com.example.M", "4", "adaptive");
        kmax.maxIterations = 0L;
        String message = problems(
                rule("com.example.A", "3", "fastest"),
                rule("com.example.B", "1", null),
                k0, tol, kmax,
                rule("com.example.class", "3", null),
                rule("com.example.A", "2", null),
                rule(null, "3", null),
                rule("com.example.C", null, null));
        List<String> lines = message.lines().skip(1).map(String::trim).toList();
        assertEquals(List.of(
                "rule 1 (com.example.A): method: unknown 'fastest'; use analytic, power-iteration or adaptive",
                "rule 2 (com.example.B): size: must be 2, 3, 4 or general, got '1'",
                "rule 3 (com.example.K): iterations: K must be from 1 to 2^53, got 0",
                "rule 4 (com.example.T): tolerance: must be in (0, 1), got 1.5",
                "rule 5 (com.example.M): maxIterations: must be from 1 to 2^53, got 0",
                "rule 6 (com.example.class): className: must be a Java class name, got 'com.example.class'",
                "rule 7 (com.example.A): className: duplicate of rule 1",
                "rule 8: className: is required (a fully qualified Java class name)",
                "rule 9 (com.example.C): size: is required (2, 3, 4 or general)"), lines);
        assertTrue(message.startsWith("invalid eigengrad configuration:"), message);
    }

    @Test
    void directionIsPullbackUnlessPushforwardIsAsked() {
        Rule forward = rule("com.example.Jvp3", "3", "analytic");
        forward.direction = " pushforward ";
        RuleSpec spec = RuleConfigurations.toSpecs(List.of(forward)).get(0);
        assertEquals(RuleSpec.Direction.PUSHFORWARD, spec.direction());
        assertEquals("size=3, method=analytic, degeneracyTolerance=1.0E-8, eigenvalueTerm=true, direction=pushforward",
                spec.parameters());
        Rule wrong = rule("com.example.X", "3", null);
        wrong.direction = "sideways";
        assertEquals("rule 1 (com.example.X): direction: unknown 'sideways'; use pullback or pushforward",
                problems(wrong).lines().skip(1).map(String::trim).findFirst().orElseThrow());
    }

    @Test
    void precisionIsDoubleUnlessFloatIsAsked() {
        Rule single = rule("com.example.Eigh3f", "3", "analytic");
        single.precision = " float ";
        RuleSpec spec = RuleConfigurations.toSpecs(List.of(single)).get(0);
        assertEquals(io.github.eigengrad.generator.formula.Precision.FLOAT, spec.precision());
        assertEquals("size=3, method=analytic, degeneracyTolerance=1.0E-4, eigenvalueTerm=true, precision=float",
                spec.parameters());
        Rule wrong = rule("com.example.X", "3", null);
        wrong.precision = "half";
        assertEquals("rule 1 (com.example.X): precision: must be double or float, got 'half'",
                problems(wrong).lines().skip(1).map(String::trim).findFirst().orElseThrow());
    }

    @Test
    void noRulesIsAnError() {
        assertTrue(problems().contains("no <rule> configured"));
    }

    @Test
    void booleansMustBeExactlyTrueOrFalse() {
        for (String bad : new String[] {"ture", "yes", "1", "TRUE", ""}) {
            Rule r = rule("com.example.B", "3", null);
            r.eigenvalueTerm = bad;
            String message = problems(r);
            assertTrue(message.contains("rule 1 (com.example.B): eigenvalueTerm: must be true or false"), message);
        }
        Rule off = rule("com.example.Off", "3", null);
        off.eigenvalueTerm = " false ";
        assertTrue(!RuleConfigurations.toSpecs(List.of(off)).get(0).eigenvalueTerm());
        assertThrows(IllegalArgumentException.class, () -> RuleConfigurations.bool("ture", "skip"));
        assertTrue(RuleConfigurations.bool("true", "skip"));
    }

    @Test
    void classNamesJavacWouldRejectAreRejectedHere() {
        for (String name : new String[] {"com.example.var", "com.example.record", "com.example.yield", "sealed",
            "com.example.permits", "com.example.class", "com.example._"}) {
            String message = problems(rule(name, "3", null));
            assertTrue(message.contains("className:"), message);
        }
        String nested = problems(rule("com.example.A", "3", null), rule("com.example.A.B", "2", null));
        assertTrue(nested.contains("rule 2 (com.example.A.B): className: lies inside the class com.example.A"), nested);
        // a package named var is legal, and so is a class whose name merely contains one
        RuleConfigurations.toSpecs(List.of(rule("com.var.Records", "3", null), rule("com.example.AB", "2", null),
                rule("com.example.A", "2", null)));
    }
}
