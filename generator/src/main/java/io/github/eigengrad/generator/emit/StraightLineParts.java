package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.StagedFormula;
import io.github.eigengrad.generator.program.ElementType;
import io.github.eigengrad.generator.program.Program;
import io.github.eigengrad.generator.program.Statement;
import io.github.eigengrad.generator.simplify.OpCount;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.lang.model.element.Modifier;

/**
 * Straight-line code too long for one method. HotSpot never compiles a method of more than
 * 8,000 bytes of bytecode ({@code HugeMethodLimit}); such a method runs in the interpreter,
 * about 17 times slower for the 4x4 complex rules. The emitted code takes 4.2 to 5.4 bytes per
 * operation, so a program of more than {@link #LIMIT} operations is split at a cut its formula
 * names ({@link StagedFormula}): the core every output needs (the Hermitian X of
 * {@code V X V^H}, the Y of {@code V Y}) in one private method, the rest in another, each with
 * its own common-subexpression elimination; nothing is computed twice.
 */
final class StraightLineParts {
    /** Programs up to this many operations stay one method (the largest is then about 7,000 bytes). */
    static final int LIMIT = 1300;

    private StraightLineParts() {}

    /** Whether the program of {@code exprs} is split. */
    static boolean needed(List<Expr> exprs) {
        return OpCount.ofDag(exprs).total() > LIMIT;
    }

    /**
     * One part: a private static method {@code name} with {@code parameters} that loads the
     * inputs of {@code outputs} from {@code arrays} (see {@link FixedSizeEmitter#loadInputs}),
     * computes them and hands each result to {@code store}; the program's parameters bound by
     * {@code bind}.
     */
    static MethodSpec part(String name, List<ParameterSpec> parameters, List<Formula.Output> outputs, int n,
            String[][] arrays, ElementType element, BiConsumer<Program.Builder, NameAllocator> bind, Store store) {
        NameAllocator allocator = new NameAllocator();
        for (ParameterSpec p : parameters) {
            allocator.newName(p.name(), "param:" + p.name());
        }
        Program.Builder b = Program.builder(element, allocator::newName);
        bind.accept(b, allocator);
        FixedSizeEmitter.loadInputs(new Formula("part", name, n, List.of(), outputs), n, arrays, b);
        List<Expr> exprs = outputs.stream().map(Formula.Output::expr).toList();
        b.temporaries(exprs, Program.namedNodes(exprs), "t");
        for (Formula.Output o : outputs) {
            b.result(o.name(), o.expr());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        List<CodeBlock> results = new ArrayList<>();
        for (Statement s : b.build().statements()) {
            if (s instanceof Statement.Load load) {
                body.addStatement(JavaStatements.load(load, element));
            } else if (s instanceof Statement.Let let) {
                body.addStatement(JavaStatements.let(let, element));
            } else if (s instanceof Statement.Result result) {
                store.store(result, allocator, body, results);
            }
        }
        store.finish(results, body);
        OpCount ops = OpCount.ofDag(exprs);
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameters(parameters)
                .addJavadoc("Part of the straight-line code, split to stay compilable: $L (total $L).\n", ops,
                        ops.total())
                .addCode(body.build())
                .build();
    }

    /**
     * The two parts of a staged formula ({@link StagedFormula}): {@code <name>Stage1} computes the
     * first stage's values and passes them, with its own arguments, to {@code <name>Stage2},
     * which computes and stores the outputs. The caller calls the first.
     */
    static List<MethodSpec> staged(String name, List<ParameterSpec> parameters, StagedFormula stages, int n,
            String[][] arrays, ElementType element, BiConsumer<Program.Builder, NameAllocator> bind, Store store) {
        String second = name + "Stage2";
        List<ParameterSpec> secondParameters = new ArrayList<>(parameters);
        for (Formula.Output o : stages.first()) {
            secondParameters.add(ParameterSpec.builder(element == ElementType.FLOAT ? float.class : double.class,
                    o.name()).build());
        }
        MethodSpec first = part(name + "Stage1", parameters, stages.first(), n, arrays, element, bind,
                collecting(element, (results, body) -> {
                    List<CodeBlock> args = new ArrayList<>();
                    for (ParameterSpec p : parameters) {
                        args.add(CodeBlock.of("$N", p));
                    }
                    args.addAll(results);
                    body.addStatement("$N($L)", second, CodeBlock.join(args, ", "));
                }));
        MethodSpec last = part(second, secondParameters, stages.second(), n, arrays, element, (b, allocator) -> {
            bind.accept(b, allocator);
            for (Formula.Output o : stages.first()) {
                b.parameter(Expr.variable(o.name()), o.name());
            }
        }, store);
        return List.of(first, last);
    }

    /** How a part writes its results. */
    interface Store {
        /** Writes {@code result} (or collects its value in {@code results}). */
        void store(Statement.Result result, NameAllocator allocator, CodeBlock.Builder body, List<CodeBlock> results);

        /** After the last result: nothing, or a use of the collected values. */
        default void finish(List<CodeBlock> results, CodeBlock.Builder body) {}
    }

    /** A store that collects the results' values and hands them to {@code finish} after the last. */
    static Store collecting(ElementType element, BiConsumer<List<CodeBlock>, CodeBlock.Builder> finish) {
        return new Store() {
            @Override
            public void store(Statement.Result result, NameAllocator allocator, CodeBlock.Builder body,
                    List<CodeBlock> results) {
                results.add(JavaValues.write(result.value(), element));
            }

            @Override
            public void finish(List<CodeBlock> results, CodeBlock.Builder body) {
                finish.accept(results, body);
            }
        };
    }

    /** {@code name(arguments)} for the method's parameters, by name. */
    static CodeBlock call(String name, List<ParameterSpec> parameters) {
        List<CodeBlock> args = new ArrayList<>();
        for (ParameterSpec p : parameters) {
            args.add(CodeBlock.of("$N", p));
        }
        return CodeBlock.of("$N($L)", name, CodeBlock.join(args, ", "));
    }
}
