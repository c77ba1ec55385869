package io.github.eigengrad.generator.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/** An immutable vector of fixed length whose entries are scalar expressions. */
public final class SymbolicVector {
    private final List<Expr> entries;

    private SymbolicVector(List<Expr> entries) {
        this.entries = List.copyOf(entries);
    }

    public static SymbolicVector of(List<Expr> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a vector needs at least one entry");
        }
        return new SymbolicVector(entries);
    }

    public static SymbolicVector of(int n, IntFunction<Expr> entry) {
        List<Expr> e = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            e.add(entry.apply(i));
        }
        return of(e);
    }

    /** Variables {@code prefix0, prefix1, ...}. */
    public static SymbolicVector variables(String prefix, int n) {
        return of(n, i -> Expr.variable(prefix + i));
    }

    public int size() {
        return entries.size();
    }

    public Expr get(int i) {
        return entries.get(i);
    }

    public List<Expr> entries() {
        return entries;
    }

    public Expr dot(SymbolicVector o) {
        requireSize(o);
        List<Expr> terms = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            terms.add(Expr.product(get(i), o.get(i)));
        }
        return Expr.sum(terms);
    }

    /** {@code this o^T}. */
    public SymbolicMatrix outer(SymbolicVector o) {
        return SymbolicMatrix.of(size(), o.size(), (i, j) -> Expr.product(get(i), o.get(j)));
    }

    public SymbolicVector plus(SymbolicVector o) {
        requireSize(o);
        return of(size(), i -> Expr.sum(get(i), o.get(i)));
    }

    public SymbolicVector minus(SymbolicVector o) {
        requireSize(o);
        return of(size(), i -> Expr.difference(get(i), o.get(i)));
    }

    public SymbolicVector scale(Expr c) {
        return map(e -> Expr.product(c, e));
    }

    public SymbolicVector map(UnaryOperator<Expr> f) {
        return of(size(), i -> f.apply(get(i)));
    }

    /** The Euclidean norm {@code sqrt(v . v)}. */
    public Expr norm() {
        return Expr.sqrt(dot(this));
    }

    public double[] evaluate(Expr.Environment env) {
        double[] v = new double[size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = get(i).evaluate(env);
        }
        return v;
    }

    private void requireSize(SymbolicVector o) {
        if (o.size() != size()) {
            throw new IllegalArgumentException("vector sizes differ: " + size() + " and " + o.size());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicVector && ((SymbolicVector) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
