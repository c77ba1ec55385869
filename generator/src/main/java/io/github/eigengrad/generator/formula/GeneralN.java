package io.github.eigengrad.generator.formula;

import static io.github.eigengrad.generator.expr.Expr.entry;
import static io.github.eigengrad.generator.expr.Expr.indexSum;
import static io.github.eigengrad.generator.expr.Expr.variable;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.EigenFormulas.Adaptive;
import io.github.eigengrad.generator.formula.EigenFormulas.Analytic;
import io.github.eigengrad.generator.formula.EigenFormulas.Method;
import io.github.eigengrad.generator.formula.EigenFormulas.PowerIteration;
import java.util.ArrayList;
import java.util.List;

/**
 * The formulas for general n in index notation, from the same scalar building blocks as the
 * fixed sizes ({@link EigenFormulas#seriesCoefficient} and friends). Inputs: the scalar
 * {@code n}, arrays {@code lambda[k]}, {@code V[i][k]} (column k is eigenvector k),
 * {@code lambdaBar[k]}, {@code VBar[i][k]}, and {@code K} or {@code tolerance} and
 * {@code maxIterations}. The loop emitter lowers these to loops.
 */
public final class GeneralN {
    public static final Expr N = variable("n");
    static final Expr I = variable("i");
    static final Expr J = variable("j");
    static final Expr K_INDEX = variable("k");
    static final Expr L = variable("l");
    static final Expr M_INDEX = variable("m");
    static final Expr T = variable("t");
    static final Expr LAST = Expr.difference(N, Expr.ONE);

    private GeneralN() {}

    static Expr lambda(Expr k) {
        return entry("lambda", k);
    }

    static Expr v(Expr row, Expr col) {
        return entry("V", row, col);
    }

    static Expr vBar(Expr row, Expr col) {
        return entry("VBar", row, col);
    }

    /** {@code max_{index=0}^{n-1} body} (of non-negative terms). */
    static Expr overAllMax(String index, Expr body) {
        return Expr.indexMax(index, Expr.ZERO, LAST, body);
    }

    /** {@code sum_{index=0}^{n-1} body}. */
    static Expr overAll(String index, Expr body) {
        return indexSum(index, Expr.ZERO, LAST, body);
    }

    /**
     * {@code G = V^T VBar}, the shift and {@code mu} (series methods), {@code F} by index order,
     * {@code X = F o skew(G) + diag(lambdaBar)}, {@code Vt = V^T}, {@code Y = X Vt},
     * {@code aBar = V Y = V X V^T}.
     */
    public static List<IndexDefinition> pullbackDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>();
        d.add(IndexDefinition.of("G", overAll("m", Expr.product(v(M_INDEX, K_INDEX), vBar(M_INDEX, L))), "k", "l"));
        pairFactorDefinitions(method, d);
        Expr skew = Expr.product(Expr.HALF, Expr.difference(entry("G", K_INDEX, L), entry("G", L, K_INDEX)));
        Expr x = Expr.product(entry("F", K_INDEX, L), skew);
        if (eigenvalueTerm) {
            x = Expr.sum(x, Expr.select(K_INDEX, Comparison.EQ, L, entry("lambdaBar", K_INDEX), Expr.ZERO));
        }
        d.add(IndexDefinition.of("X", x, "k", "l"));
        // aBar = V (X V^T) in two O(n^3) products; with Vt = V^T both read rows, so each can run
        // as row updates Y[k][*] += X[k][l] Vt[l][*] (the loop emitter vectorises those)
        d.add(IndexDefinition.of("Vt", v(L, J), "j", "l"));
        d.add(IndexDefinition.of("Y", overAll("l", Expr.product(entry("X", K_INDEX, L), entry("Vt", L, J))), "k", "j"));
        d.add(IndexDefinition.of(EigenInputs.A_BAR, overAll("k", Expr.product(v(I, K_INDEX), entry("Y", K_INDEX, J))),
                "i", "j"));
        return d;
    }

    /**
     * The generalised pullback (docs/math.md section 12) in four O(n^3) products, for V
     * B-orthonormal: {@code G = V^T VBar}, F as the standard pullback's, the unsymmetrised core
     * {@code Z = F o G + diag(lambdaBar)} (sym(Z) is the standard X, F being antisymmetric),
     * {@code P = V Z}, {@code PB = P diag(lambda) + V diag(G_kk/2)}, and with {@code Vt = V^T}
     * {@code aBar = sym(P Vt)}, {@code bBar = -sym(PB Vt)}: the cotangents
     * {@code (lambda o lambdaBar, VBar diag(lambda))} of the second standard pullback give
     * {@code Z diag(lambda)}, so P is shared and only the last products differ. In paper mode
     * (no eigenvalue term) Z has no diagonal; the {@code diag(G_kk/2)} term stays.
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the definitions, ending with {@code aBar} and {@code bBar}
     */
    public static List<IndexDefinition> generalizedPullbackDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>();
        d.add(IndexDefinition.of("G", overAll("m", Expr.product(v(M_INDEX, K_INDEX), vBar(M_INDEX, L))), "k", "l"));
        pairFactorDefinitions(method, d);
        Expr z = Expr.product(entry("F", K_INDEX, L), entry("G", K_INDEX, L));
        if (eigenvalueTerm) {
            z = Expr.sum(z, Expr.select(K_INDEX, Comparison.EQ, L, entry("lambdaBar", K_INDEX), Expr.ZERO));
        }
        d.add(IndexDefinition.of("Z", z, "k", "l"));
        d.add(IndexDefinition.of("P", overAll("k", Expr.product(v(I, K_INDEX), entry("Z", K_INDEX, L))), "i", "l"));
        d.add(IndexDefinition.of("PB", Expr.sum(Expr.product(entry("P", I, L), lambda(L)),
                Expr.product(Expr.HALF, v(I, L), entry("G", L, L))), "i", "l"));
        d.add(IndexDefinition.of("Vt", v(L, J), "j", "l"));
        d.add(IndexDefinition.of("QA", overAll("l", Expr.product(entry("P", I, L), entry("Vt", L, J))), "i", "j"));
        d.add(IndexDefinition.of("QB", overAll("l", Expr.product(entry("PB", I, L), entry("Vt", L, J))), "i", "j"));
        d.add(IndexDefinition.of(EigenInputs.A_BAR, Expr.product(Expr.HALF, Expr.sum(entry("QA", I, J),
                entry("QA", J, I))), "i", "j"));
        d.add(IndexDefinition.of(GeneralizedFormulas.B_BAR, Expr.product(Expr.constant(-0.5), Expr.sum(
                entry("QB", I, J), entry("QB", J, I))), "i", "j"));
        return d;
    }

    /**
     * {@link #generalizedPullbackDefinitions} followed by the section-5 report of the standard
     * rule (its gradient bound is that of the standard pullback at the same V; the runtime
     * turns it into the generalised one).
     *
     * @param method the method of F
     * @param eigenvalueTerm whether lambdaBar acts
     * @return the definitions
     */
    public static List<IndexDefinition> generalizedRuleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(generalizedPullbackDefinitions(method, eigenvalueTerm));
        d.addAll(pullbackReport(method, eigenvalueTerm));
        return d;
    }

    /**
     * The pair factor {@code F[k][l]} of {@code method} (antisymmetric, by index order) and what
     * it needs: for the analytic method {@code maxAbs} when masking; for the series the shift,
     * {@code mu}, {@code Kpair} (adaptive) and {@code c[i][j] = F^(K)_ji} for i &lt; j.
     */
    static void pairFactorDefinitions(Method method, List<IndexDefinition> d) {
        Expr f;
        if (method instanceof Analytic a) {
            Expr coefficient;
            if (a.degeneracyTolerance() == null) {
                coefficient = EigenFormulas.analyticCoefficient(lambda(L), lambda(K_INDEX));
            } else {
                d.add(IndexDefinition.of("maxAbs", EigenFormulas.largestMagnitude(lambda(Expr.ZERO), lambda(LAST))));
                // the pair (min, max) of the two indices decides the mask; F_kl = -F_lk
                Expr upper = EigenFormulas.maskedAnalyticCoefficient(lambda(K_INDEX), lambda(L), variable("maxAbs"),
                        a.degeneracyTolerance());
                Expr lower = EigenFormulas.maskedAnalyticCoefficient(lambda(L), lambda(K_INDEX), variable("maxAbs"),
                        a.degeneracyTolerance());
                coefficient = Expr.select(K_INDEX, Comparison.LT, L, Expr.negate(upper), lower);
            }
            f = Expr.select(K_INDEX, Comparison.EQ, L, Expr.ZERO, coefficient);
        } else {
            d.addAll(shiftDefinitions(method.precision()));
            Expr k;
            if (method instanceof PowerIteration p) {
                k = p.k();
            } else {
                Adaptive a = (Adaptive) method;
                d.add(IndexDefinition.of("Kpair", upperTriangle(EigenFormulas.adaptiveIterations(entry("mu", I),
                        entry("mu", J), a.tolerance(), a.maxIterations())), "i", "j"));
                k = entry("Kpair", I, J);
            }
            // c[i][j] = F^(K)_ji for i < j, the stable series coefficient of the pair
            Expr coefficient = method.precision() == Precision.DOUBLE
                    ? EigenFormulas.seriesCoefficientByCall(entry("mu", I), entry("mu", J), k)
                    : EigenFormulas.seriesCoefficient(entry("mu", I), entry("mu", J), k);
            d.add(IndexDefinition.of("c", upperTriangle(coefficient), "i", "j"));
            f = Expr.select(K_INDEX, Comparison.LT, L, Expr.negate(entry("c", K_INDEX, L)),
                    Expr.select(K_INDEX, Comparison.GT, L, entry("c", L, K_INDEX), Expr.ZERO));
        }
        d.add(IndexDefinition.of("F", f, "k", "l"));
    }

    /**
     * The exact gradient of {@code <f(sym(A)), C>} for any n (docs/math.md section 7), with the
     * matrix input {@code C[i][j]}: {@code Cs = sym(C)}, {@code T = Cs V}, {@code W = V^T T},
     * {@code D[k][l] = f[1](lambda_k, lambda_l)}, {@code X = D o W}, {@code aBar = V X V^T}.
     */
    public static List<IndexDefinition> matrixFunctionDefinitions(MatrixFunctions.ScalarFunction f) {
        List<IndexDefinition> d = new ArrayList<>();
        d.add(IndexDefinition.of("Cs", Expr.product(Expr.HALF, Expr.sum(entry("C", K_INDEX, L), entry("C", L, K_INDEX))),
                "k", "l"));
        d.add(IndexDefinition.of("T", overAll("k", Expr.product(entry("Cs", I, K_INDEX), v(K_INDEX, L))), "i", "l"));
        d.add(IndexDefinition.of("W", overAll("i", Expr.product(v(I, K_INDEX), entry("T", I, L))), "k", "l"));
        d.add(dividedDifferences(f));
        d.add(IndexDefinition.of("X", Expr.product(entry("D", K_INDEX, L), entry("W", K_INDEX, L)), "k", "l"));
        d.add(IndexDefinition.of("Vt", v(L, J), "j", "l"));
        d.add(IndexDefinition.of("Y", overAll("l", Expr.product(entry("X", K_INDEX, L), entry("Vt", L, J))), "k", "j"));
        d.add(IndexDefinition.of(EigenInputs.A_BAR, overAll("k", Expr.product(v(I, K_INDEX), entry("Y", K_INDEX, J))),
                "i", "j"));
        return d;
    }

    /**
     * The Hessian-vector product of {@code <f(sym(A)), C>} along ADot for any n (docs/math.md
     * section 10) in O(n^3): {@code Z = V^T sym(C) V}, {@code W = V^T sym(ADot) V},
     * {@code D = f[1]}, and for i &lt;= j (H is symmetric; the lower half is copied)
     * {@code H[i][j] = sum_k f[2](l_i, l_k, l_j) (W[i][k] Z[j][k] + Z[i][k] W[j][k])} for a close
     * pair (spread below {@link MatrixFunctions#CLOSE_PAIR}, the diagonal included; f[2] called only
     * for k close to the pair, else {@code (D[k][i] - D[i][j]) / (l_k - l_j)}), else
     * {@code sum_k (D[i][k] - D[j][k]) (...) / (l_i - l_j)}: a row-by-row sum with one division,
     * no f[2] call. Then {@code gDot = V H V^T}. Each of the five n x n x n sums is O(n^3).
     */
    public static List<IndexDefinition> hessianVectorDefinitions(MatrixFunctions.ScalarFunction f) {
        List<IndexDefinition> d = new ArrayList<>();
        symmetricSandwich(d, "C", "Cs", "TC", "Z");
        symmetricSandwich(d, "ADot", "Ms", "TA", "W");
        d.add(dividedDifferences(f));
        Expr mixed = Expr.sum(Expr.product(entry("W", I, K_INDEX), entry("Z", J, K_INDEX)),
                Expr.product(entry("Z", I, K_INDEX), entry("W", J, K_INDEX)));
        // in a close pair, f[2] is called only for k close to the pair too; for the others the widest
        // difference is l_k - l_j, and f[2] = (D[k][i] - D[i][j]) / (l_k - l_j) from D at once
        Expr f2 = Expr.select(MatrixFunctions.spread(f, lambda(K_INDEX), lambda(J)), Comparison.LE,
                Expr.constant(MatrixFunctions.CLOSE_PAIR), MatrixFunctions.second(f, lambda(I), lambda(K_INDEX), lambda(J)),
                Expr.quotient(Expr.difference(entry("D", K_INDEX, I), entry("D", I, J)),
                        Expr.difference(lambda(K_INDEX), lambda(J))));
        Expr close = overAll("k", Expr.product(f2, mixed));
        Expr far = Expr.quotient(overAll("k", Expr.product(Expr.difference(entry("D", I, K_INDEX), entry("D", J, K_INDEX)),
                mixed)), Expr.difference(lambda(I), lambda(J)));
        Expr upper = Expr.select(MatrixFunctions.spread(f, lambda(I), lambda(J)), Comparison.LE,
                Expr.constant(MatrixFunctions.CLOSE_PAIR), close, far);
        d.add(IndexDefinition.of("H", Expr.select(I, Comparison.LE, J, upper, entry("H", J, I)), "i", "j"));
        d.add(IndexDefinition.of("Vt", v(L, J), "j", "l"));
        d.add(IndexDefinition.of("Y", overAll("l", Expr.product(entry("H", K_INDEX, L), entry("Vt", L, J))), "k", "j"));
        d.add(IndexDefinition.of(MatrixFunctions.GRADIENT_DOT, overAll("k", Expr.product(v(I, K_INDEX),
                entry("Y", K_INDEX, J))), "i", "j"));
        return d;
    }

    /**
     * {@code D[k][l] = f[1](lambda_k, lambda_l)}. A user's f[1] (a call of its class, a series
     * near ties) is called for {@code k <= l} only and mirrored, D being symmetric; the built-ins'
     * inline closed forms are evaluated for every entry, as before.
     */
    static IndexDefinition dividedDifferences(MatrixFunctions.ScalarFunction f) {
        Expr dd = MatrixFunctions.dividedDifference(f, Expr.variable("a"), Expr.variable("b"))
                .substitute(java.util.Map.of("a", lambda(K_INDEX), "b", lambda(L)));
        if (f.isUser()) {
            dd = Expr.select(K_INDEX, Comparison.LE, L, dd, entry("D", L, K_INDEX));
        }
        return IndexDefinition.of("D", dd, "k", "l");
    }

    /** {@code sym = sym(input)}, {@code t = sym V}, {@code out = V^T t}. */
    static void symmetricSandwich(List<IndexDefinition> d, String input, String sym, String t, String out) {
        d.add(IndexDefinition.of(sym, Expr.product(Expr.HALF, Expr.sum(entry(input, K_INDEX, L), entry(input, L, K_INDEX))),
                "k", "l"));
        d.add(IndexDefinition.of(t, overAll("k", Expr.product(entry(sym, I, K_INDEX), v(K_INDEX, L))), "i", "l"));
        d.add(IndexDefinition.of(out, overAll("i", Expr.product(v(I, K_INDEX), entry(t, I, L))), "k", "l"));
    }

    /** {@code body} for i < j, 0 elsewhere: per-pair quantities, of which only i < j are read. */
    static Expr upperTriangle(Expr body) {
        return Expr.select(I, Comparison.LT, J, body, Expr.ZERO);
    }

    /** {@code max over pairs i < j of body(i, j)}; 0 when n = 1. */
    static Expr overPairs(Expr body) {
        return Expr.indexMax("i", Expr.ZERO, LAST, Expr.indexMax("j", Expr.sum(I, Expr.ONE), LAST, body));
    }

    /**
     * The pullback's definitions followed by the section-5 report (as {@link EigenFormulas#rule}):
     * {@code shift}, {@code iterationsUsed}, {@code maxPairError}, {@code gradientBound}.
     */
    public static List<IndexDefinition> ruleDefinitions(Method method, boolean eigenvalueTerm) {
        List<IndexDefinition> d = new ArrayList<>(pullbackDefinitions(method, eigenvalueTerm));
        d.addAll(pullbackReport(method, eigenvalueTerm));
        return d;
    }

    /** The section-5 report of a pullback, its bound {@code gradientBound} from the norms of the cotangents. */
    private static List<IndexDefinition> pullbackReport(Method method, boolean eigenvalueTerm) {
        return reportDefinitions(method, eigenvalueTerm, "gradientBound", vectors -> {
            Expr entry = vectors ? vBar(I, K_INDEX) : entry("lambdaBar", K_INDEX);
            return vectors ? scaledNorm("vBarMax", entry, method.precision(), "i", "k")
                    : scaledNorm("lambdaBarMax", entry, method.precision(), "k");
        });
    }

    /** A norm: the name of its scale, the defining expressions of the scale and of the norm. */
    record Norm(IndexDefinition scale, Expr value) {}

    /**
     * The 2-norm of the entries {@code entry} over the indices (each 0 to n - 1), scaled by the
     * largest magnitude (at least the smallest number of {@code precision}), as {@link EigenFormulas#norm}.
     */
    static Norm scaledNorm(String scale, Expr entry, Precision precision, String... indices) {
        Expr largest = Expr.abs(entry);
        Expr square = Expr.power(Expr.quotient(entry, variable(scale)), 2);
        for (int i = indices.length - 1; i >= 0; i--) {
            largest = overAllMax(indices[i], largest);
            square = overAll(indices[i], square);
        }
        return new Norm(IndexDefinition.of(scale, Expr.max(Expr.constant(precision.minValue()), largest)),
                Expr.product(variable(scale), Expr.sqrt(square)));
    }

    /**
     * The section-5 report after the definitions of a rule (the shift is defined already by a
     * series method, here as 0 for analytic): {@code iterationsUsed}, {@code maxPairError}, the
     * scales of the norms, and the bound named {@code boundName}, {@code max F * norm(true)}
     * (plus {@code norm(false)} when {@code withValues}).
     */
    static List<IndexDefinition> reportDefinitions(Method method, boolean withValues, String boundName,
            java.util.function.Function<Boolean, Norm> norm) {
        List<IndexDefinition> d = new ArrayList<>();
        if (method instanceof Analytic) {
            d.add(IndexDefinition.of("shift", Expr.ZERO)); // the series methods define it before mu
        }
        Expr k = method instanceof PowerIteration p ? p.k() : entry("Kpair", I, J);
        List<IndexDefinition> norms = new ArrayList<>();
        List<Expr> report = Report.of(method, withValues, new Report.Spectrum() {
            @Override
            public Expr maxOverPairs(Expr start, java.util.function.Function<Report.Pair, Expr> body) {
                Expr max = overPairs(body.apply(new Report.Pair(entry("mu", I), entry("mu", J), k, entry("c", I, J))));
                return start.isConstant(0) ? max : Expr.max(start, max);
            }

            @Override
            public Expr norm(boolean vectors) {
                Norm n = norm.apply(vectors);
                norms.add(n.scale());
                return n.value();
            }
        });
        d.add(IndexDefinition.of("iterationsUsed", report.get(0)));
        d.add(IndexDefinition.of("maxPairError", report.get(1)));
        d.addAll(norms);
        d.add(IndexDefinition.of(boundName, report.get(2)));
        return d;
    }

    /** {@code m = max|lambda|}, the shift of docs/math.md section 4, and {@code mu = lambda + shift}. */
    static List<IndexDefinition> shiftDefinitions(Precision precision) {
        return List.of(
                IndexDefinition.of("maxAbs", EigenFormulas.largestMagnitude(lambda(Expr.ZERO), lambda(LAST))),
                IndexDefinition.of("shift", EigenFormulas.spectrumShiftFromMax(variable("maxAbs"), lambda(LAST),
                        EigenFormulas.shiftThreshold(precision, N))),
                IndexDefinition.of("mu", Expr.sum(lambda(K_INDEX), variable("shift")), "k"));
    }

    /**
     * Eq. 8 as a recurrence over the step t: {@code u[0][i] = ((I - v v^T) vBar)_i / lambda0},
     * {@code u[t][i] = (M u[t-1])_i / lambda0}; {@code aBar = sym(sum_{t<K} u[t] v^T)}, with
     * the symmetric input {@code M[i][m]}.
     */
    public static List<IndexDefinition> matrixPowerDefinitions() {
        Expr lambda0 = lambda(Expr.ZERO);
        Expr projection = overAll("m", Expr.product(v(M_INDEX, Expr.ZERO), vBar(M_INDEX, Expr.ZERO)));
        Expr first = Expr.quotient(Expr.difference(vBar(I, Expr.ZERO), Expr.product(v(I, Expr.ZERO), projection)), lambda0);
        Expr next = Expr.quotient(overAll("m", Expr.product(entry("M", I, M_INDEX),
                entry("u", Expr.difference(T, Expr.ONE), M_INDEX))), lambda0);
        Expr uT = Expr.select(T, Comparison.EQ, Expr.ZERO, first, next);
        Expr aBar = Expr.product(Expr.HALF, indexSum("t", Expr.ZERO, Expr.difference(variable("K"), Expr.ONE),
                Expr.sum(Expr.product(entry("u", T, I), v(J, Expr.ZERO)),
                        Expr.product(entry("u", T, J), v(I, Expr.ZERO)))));
        return List.of(IndexDefinition.of("u", uT, "t", "i"), IndexDefinition.of(EigenInputs.A_BAR, aBar, "i", "j"));
    }

    /** Eq. 8 through the spectrum: {@code aBar = sym(sum_{k>=1} F^(K)_{k0} (v_k . vBar) v_k v_0^T)}. */
    public static List<IndexDefinition> spectralDefinitions() {
        Expr c = EigenFormulas.spectralCoefficient(lambda(Expr.ZERO), lambda(K_INDEX), variable("K"));
        Expr dot = overAll("m", Expr.product(v(M_INDEX, K_INDEX), vBar(M_INDEX, Expr.ZERO)));
        Expr term = Expr.product(Expr.HALF, c, dot, Expr.sum(Expr.product(v(I, K_INDEX), v(J, Expr.ZERO)),
                Expr.product(v(J, K_INDEX), v(I, Expr.ZERO))));
        return List.of(IndexDefinition.of(EigenInputs.A_BAR, indexSum("k", Expr.ONE, LAST, term), "i", "j"));
    }

    /** Eq. 14: the shift, {@code mu}, and per pair i &lt; j the K and the error r^K. */
    public static List<IndexDefinition> iterationRuleDefinitions() {
        Expr muI = entry("mu", I);
        Expr muJ = entry("mu", J);
        List<IndexDefinition> d = new ArrayList<>(shiftDefinitions(Precision.DOUBLE));
        d.add(IndexDefinition.of("Kpair", EigenFormulas.adaptiveIterations(muI, muJ, variable("tolerance"),
                variable("maxIterations")), "i", "j"));
        d.add(IndexDefinition.of("pairError", EigenFormulas.pairError(muI, muJ, entry("Kpair", I, J)), "i", "j"));
        return d;
    }
}
