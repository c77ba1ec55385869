package io.github.eigengrad.generator.formula;

import java.util.List;

/**
 * A fixed-size formula computed in two stages: {@code second}'s outputs read {@code first}'s as
 * variables of the same names. The cut lets straight-line code too long for one compilable
 * method be split without computing anything twice: the first stage hands its few values to the
 * second as arguments.
 *
 * @param first the intermediate values, by name
 * @param second the outputs, over the inputs and the intermediate values
 */
public record StagedFormula(List<Formula.Output> first, List<Formula.Output> second) {
    public StagedFormula {
        first = List.copyOf(first);
        second = List.copyOf(second);
    }
}
