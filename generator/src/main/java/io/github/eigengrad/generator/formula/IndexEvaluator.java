package io.github.eigengrad.generator.formula;

import io.github.eigengrad.generator.expr.Expr;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates index-notation definitions at a concrete size, for tests and for checking the
 * general-n forms against the fixed-size ones. Input arrays are row-major with their shape;
 * entries of defined arrays are computed on demand and memoised.
 */
public final class IndexEvaluator {
    private final Map<String, Double> scalars;
    private final Map<String, double[]> arrays;
    private final Map<String, int[]> shapes;
    private final Map<String, IndexDefinition> definitions = new HashMap<>();
    private final Map<String, Double> memo = new HashMap<>();

    /**
     * @param scalars named scalars ({@code n}, {@code K}, ...)
     * @param arrays input arrays, row-major
     * @param shapes the dimensions of each input array
     */
    public IndexEvaluator(List<IndexDefinition> defs, Map<String, Double> scalars, Map<String, double[]> arrays,
            Map<String, int[]> shapes) {
        for (IndexDefinition d : defs) {
            definitions.put(d.array(), d);
        }
        this.scalars = Map.copyOf(scalars);
        this.arrays = Map.copyOf(arrays);
        this.shapes = Map.copyOf(shapes);
    }

    /** The value of {@code array[indices]}, an input or a definition. */
    public double entry(String array, int... indices) {
        double[] input = arrays.get(array);
        if (input != null) {
            int[] shape = shapes.get(array);
            int offset = 0;
            for (int k = 0; k < indices.length; k++) {
                if (indices[k] < 0 || indices[k] >= shape[k]) {
                    throw new IndexOutOfBoundsException(array + Arrays.toString(indices) + " outside " + Arrays.toString(shape));
                }
                offset = offset * shape[k] + indices[k];
            }
            return input[offset];
        }
        IndexDefinition d = definitions.get(array);
        if (d == null) {
            throw new IllegalArgumentException("no array or definition named " + array);
        }
        String key = array + Arrays.toString(indices);
        Double known = memo.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Double> bound = new HashMap<>();
        for (int k = 0; k < indices.length; k++) {
            bound.put(d.indices().get(k), (double) indices[k]);
        }
        double value = d.body().evaluate(new Expr.Environment() {
            @Override
            public double variable(String name) {
                return IndexEvaluator.this.variable(name, bound);
            }

            @Override
            public double entry(String a, int[] idx) {
                return IndexEvaluator.this.entry(a, idx);
            }
        });
        memo.put(key, value);
        return value;
    }

    private double variable(String name, Map<String, Double> bound) {
        Double b = bound.get(name);
        if (b != null) {
            return b;
        }
        Double s = scalars.get(name);
        if (s != null) {
            return s;
        }
        if (definitions.containsKey(name) && definitions.get(name).indices().isEmpty()) {
            return entry(name);
        }
        throw new IllegalArgumentException("unbound variable " + name);
    }
}
