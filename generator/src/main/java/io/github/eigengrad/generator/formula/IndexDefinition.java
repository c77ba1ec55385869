package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import java.util.List;

/**
 * One equation of a general-n formula in index notation: {@code array[indices...] = body},
 * where the body uses the index variables, the scalars ({@code n}, {@code K}, ...), entries of
 * input arrays and entries of earlier definitions. A definition with no indices is a scalar.
 */
public record IndexDefinition(String array, List<String> indices, Expr body) {
    public IndexDefinition {
        indices = List.copyOf(indices);
    }

    public static IndexDefinition of(String array, Expr body, String... indices) {
        return new IndexDefinition(array, List.of(indices), body);
    }
}
