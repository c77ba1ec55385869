package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.program.Intrinsic;
import io.github.eigengrad.generator.program.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java printer writes a program's value so that Java evaluates exactly its tree: random
 * values are printed and read back by a parser written from Java's grammar (precedence and
 * left association of the operators, the conditional), which must give the same tree.
 */
class JavaValuesTest {
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {1, 2, 3})
    void javaReadsBackTheTree(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            Value v = randomValue(random, 5);
            String source = JavaValues.write(v).toString();
            assertEquals(normal(v), normal(new Parser(source).expression()), source);
        }
    }

    private static Value randomValue(SplittableRandom random, int depth) {
        if (depth == 0 || random.nextInt(6) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> new Value.Named("a");
                case 1 -> new Value.Named("b");
                case 2 -> new Value.Constant(2.5);
                default -> new Value.Constant(-0.5);
            };
        }
        int d = depth - 1;
        return switch (random.nextInt(7)) {
            case 0 -> new Value.Negate(randomValue(random, d));
            case 1, 2, 3 -> new Value.Binary(Value.Operator.values()[random.nextInt(4)], randomValue(random, d),
                    randomValue(random, d));
            case 4 -> new Value.Call(Intrinsic.SQRT, List.of(randomValue(random, d)));
            case 5 -> new Value.Call(random.nextBoolean() ? Intrinsic.MAX : Intrinsic.INTEGER_POWER,
                    List.of(randomValue(random, d), randomValue(random, d)));
            default -> new Value.Select(Comparison.values()[random.nextInt(6)], randomValue(random, d),
                    randomValue(random, d), randomValue(random, d), randomValue(random, d));
        };
    }

    /** -c for a literal c is the constant -c in Java: both spellings of a negative constant compare equal. */
    private static Value normal(Value v) {
        if (v instanceof Value.Negate n) {
            Value operand = normal(n.operand());
            return operand instanceof Value.Constant c ? new Value.Constant(-c.value()) : new Value.Negate(operand);
        }
        if (v instanceof Value.Binary b) {
            return new Value.Binary(b.operator(), normal(b.left()), normal(b.right()));
        }
        if (v instanceof Value.Call c) {
            return new Value.Call(c.function(), c.arguments().stream().map(JavaValuesTest::normal).toList());
        }
        if (v instanceof Value.Select s) {
            return new Value.Select(s.comparison(), normal(s.left()), normal(s.right()), normal(s.then()),
                    normal(s.otherwise()));
        }
        return v;
    }

    /** Java's expression grammar, for the subset the printer writes. */
    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Value expression() {
            Value v = conditional();
            skip();
            if (at != s.length()) {
                throw new IllegalStateException("trailing text at " + at + " in " + s);
            }
            return v;
        }

        private Value conditional() {
            Value left = additive();
            skip();
            for (Comparison c : new Comparison[] {Comparison.LE, Comparison.GE, Comparison.EQ, Comparison.NE,
                Comparison.LT, Comparison.GT}) {
                if (s.startsWith(c.symbol(), at)) {
                    at += c.symbol().length();
                    Value right = additive();
                    expect("?");
                    Value then = conditional();
                    expect(":");
                    return new Value.Select(c, left, right, then, conditional());
                }
            }
            return left;
        }

        private Value additive() {
            Value v = multiplicative();
            while (true) {
                skip();
                if (peek('+') || peek('-')) {
                    Value.Operator op = s.charAt(at++) == '+' ? Value.Operator.ADD : Value.Operator.SUBTRACT;
                    v = new Value.Binary(op, v, multiplicative());
                } else {
                    return v;
                }
            }
        }

        private Value multiplicative() {
            Value v = unary();
            while (true) {
                skip();
                if (peek('*') || peek('/')) {
                    Value.Operator op = s.charAt(at++) == '*' ? Value.Operator.MULTIPLY : Value.Operator.DIVIDE;
                    v = new Value.Binary(op, v, unary());
                } else {
                    return v;
                }
            }
        }

        private Value unary() {
            skip();
            if (peek('-')) {
                at++;
                return new Value.Negate(unary());
            }
            return primary();
        }

        private Value primary() {
            skip();
            if (peek('(')) {
                at++;
                Value v = conditional();
                expect(")");
                return v;
            }
            int start = at;
            if (Character.isDigit(s.charAt(at))) {
                while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.'
                        || s.charAt(at) == 'E')) {
                    at++;
                }
                return new Value.Constant(Double.parseDouble(s.substring(start, at)));
            }
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '.')) {
                at++;
            }
            String name = s.substring(start, at);
            if (!peek('(')) {
                return new Value.Named(name);
            }
            at++;
            List<Value> arguments = new ArrayList<>();
            arguments.add(conditional());
            while (true) {
                skip();
                if (peek(',')) {
                    at++;
                    arguments.add(conditional());
                } else {
                    break;
                }
            }
            expect(")");
            return new Value.Call(function(name), arguments);
        }

        private static Intrinsic function(String qualified) {
            for (Intrinsic f : Intrinsic.values()) {
                String owner = f.owner() == Intrinsic.Owner.MATH ? "java.lang.Math" : "io.github.eigengrad.runtime.RuleArithmetic";
                if (qualified.equals(owner + "." + f.methodName())) {
                    return f;
                }
            }
            throw new IllegalStateException("not a function the printer writes: " + qualified);
        }

        private void expect(String token) {
            skip();
            if (!s.startsWith(token, at)) {
                throw new IllegalStateException("expected " + token + " at " + at + " in " + s);
            }
            at += token.length();
        }

        private boolean peek(char c) {
            return at < s.length() && s.charAt(at) == c;
        }

        private void skip() {
            while (at < s.length() && s.charAt(at) == ' ') {
                at++;
            }
        }
    }
}
