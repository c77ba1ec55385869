package io.github.eigengrad.maven;

import io.github.eigengrad.generator.emit.RuleSpec;
import io.github.eigengrad.generator.formula.Precision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the {@code <rules>} of a POM into validated {@link RuleSpec}s, or one message naming every problem. */
final class RuleConfigurations {
    private RuleConfigurations() {}

    /**
     * @throws IllegalArgumentException with one line per invalid field, each naming the rule
     *         (its position, from 1, and class name) and the field
     */
    static List<RuleSpec> toSpecs(List<Rule> rules) {
        List<String> problems = new ArrayList<>();
        List<RuleSpec> specs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("no <rule> configured: add at least one under <rules>");
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String where = "rule " + (i + 1) + (r.className == null ? "" : " (" + r.className + ")") + ": ";
            Integer first = r.className == null ? null : seen.putIfAbsent(r.className.trim(), i + 1);
            if (first != null) {
                problems.add(where + "className: duplicate of rule " + first);
                continue;
            }
            try {
                specs.add(toSpec(r));
            } catch (IllegalArgumentException x) {
                problems.add(where + x.getMessage());
            }
        }
        // a rule named like another rule's nested class: package com.example.A would clash with class com.example.A
        for (RuleSpec outer : specs) {
            for (int i = 0; i < specs.size(); i++) {
                RuleSpec inner = specs.get(i);
                if (inner.className().startsWith(outer.className() + ".")) {
                    problems.add("rule " + (rules.indexOf(findRule(rules, inner.className())) + 1) + " ("
                            + inner.className() + "): className: lies inside the class " + outer.className()
                            + " of another rule (a package cannot share a class's name)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid eigengrad configuration:\n  " + String.join("\n  ", problems));
        }
        return specs;
    }

    private static Rule findRule(List<Rule> rules, String className) {
        for (Rule r : rules) {
            if (r.className != null && r.className.trim().equals(className)) {
                return r;
            }
        }
        return null;
    }

    static RuleSpec toSpec(Rule r) {
        if (r.className == null || r.className.isBlank()) {
            throw new IllegalArgumentException("className: is required (a fully qualified Java class name)");
        }
        RuleSpec.Builder b = RuleSpec.builder().className(r.className.trim()).size(RuleSpec.parseSize(r.size));
        if (r.precision != null) {
            b.precision(precision(r.precision));
        }
        if (r.direction != null) {
            b.direction(RuleSpec.Direction.fromId(r.direction.trim()));
        }
        if (r.method != null) {
            b.method(RuleSpec.Method.fromId(r.method.trim()));
        }
        if (r.iterations != null) {
            b.iterations(r.iterations);
        }
        if (r.tolerance != null) {
            b.tolerance(r.tolerance);
        }
        if (r.maxIterations != null) {
            b.maxIterations(r.maxIterations);
        }
        if (r.degeneracyTolerance != null) {
            b.degeneracyTolerance(r.degeneracyTolerance);
        }
        if (r.eigenvalueTerm != null) {
            b.eigenvalueTerm(bool(r.eigenvalueTerm, "eigenvalueTerm"));
        }
        if (r.problem != null) {
            b.generalized(switch (r.problem.trim()) {
                case "standard" -> false;
                case "generalized" -> true;
                default -> throw new IllegalArgumentException("problem: unknown '" + r.problem.trim()
                        + "'; use standard or generalized");
            });
        }
        if (r.field != null) {
            b.complex(switch (r.field.trim()) {
                case "real" -> false;
                case "complex" -> true;
                default -> throw new IllegalArgumentException("field: unknown '" + r.field.trim()
                        + "'; use real or complex");
            });
        }
        return b.build();
    }

    /** {@code double} or {@code float} (surrounding blanks allowed); anything else names the field. */
    static Precision precision(String value) {
        return switch (value.trim()) {
            case "double" -> Precision.DOUBLE;
            case "float" -> Precision.FLOAT;
            default -> throw new IllegalArgumentException("precision: must be double or float, got '" + value.trim()
                    + "'");
        };
    }

    /**
     * A boolean field: exactly {@code true} or {@code false} (surrounding blanks allowed). Maven
     * itself would read anything else, "ture" or "yes", as false.
     */
    static boolean bool(String value, String field) {
        String v = value == null ? "" : value.trim();
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(field + ": must be true or false, got '" + v + "'");
    }

    /**
     * The {@code <function>}s, each checked (name, expression, domain; an expression error names
     * its column), in the package given or {@code defaultPackage}; names unique.
     */
    static List<io.github.eigengrad.generator.emit.UserFunctionEmitter.UserFunction> toFunctions(List<Function> functions,
            String defaultPackage) {
        List<io.github.eigengrad.generator.emit.UserFunctionEmitter.UserFunction> out = new java.util.ArrayList<>();
        if (functions == null) {
            return out;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Function f : functions) {
            if (f == null || f.name == null || f.expression == null) {
                throw new IllegalArgumentException("functions: each <function> needs <name> and <expression>");
            }
            String pkg = f.packageName == null ? defaultPackage : f.packageName.strip();
            List<String> parameters = f.parameters == null || f.parameters.isBlank() ? List.of()
                    : java.util.Arrays.stream(f.parameters.split(",")).map(String::strip).toList();
            try {
                io.github.eigengrad.generator.emit.UserFunctionEmitter.UserFunction user =
                        io.github.eigengrad.generator.emit.UserFunctionEmitter.UserFunction.of(f.name.strip(),
                                f.expression, parameters, f.domain, pkg);
                if (!seen.add(pkg + "." + user.name())) {
                    throw new IllegalArgumentException("name: the function " + user.name() + " is configured twice");
                }
                out.add(user);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("function " + f.name + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
