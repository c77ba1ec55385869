package io.github.eigengrad.runtime.reference;

import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Losses of an eigendecomposition with their cotangents, for finite-difference tests
 * (docs/math.md section 8). Each loss is a function of (lambda, V); {@link #ofMatrix} composes it
 * with the forward pass so that finite differences see {@code L(eigh(sym(A)))}.
 */
public final class Losses {
    /** Accepts any perturbed matrix: finite differences perturb one entry, only sym(A) is used. */
    private static final SymmetricEigensolver SOLVER =
            SymmetricEigensolver.builder().symmetryTolerance(Double.POSITIVE_INFINITY).build();

    private Losses() {}

    /** {@code lambdaBar = dL/dlambda}, {@code vBar} column j = dL/dv_j; either may be null. */
    public record Cotangents(double[] lambdaBar, RealMatrix vBar) {}

    /** A scalar loss L(lambda, V) and its cotangents. */
    public interface EigenLoss {
        double value(double[] lambda, RealMatrix v);

        Cotangents cotangents(double[] lambda, RealMatrix v);
    }

    public static SymmetricEigendecomposition decompose(double[][] a) {
        return SOLVER.decompose(a);
    }

    public static RealMatrix vectors(SymmetricEigendecomposition e) {
        return MatrixUtils.createRealMatrix(e.vectors());
    }

    /** {@code A -> L(eigh(sym(A)))}. */
    public static ToDoubleFunction<double[][]> ofMatrix(EigenLoss loss) {
        return a -> {
            SymmetricEigendecomposition e = decompose(a);
            return loss.value(e.values(), vectors(e));
        };
    }

    /** {@code L = first + second}, cotangents added (an absent one is zero). */
    public static EigenLoss sum(EigenLoss first, EigenLoss second) {
        return new EigenLoss() {
            @Override
            public double value(double[] lambda, RealMatrix v) {
                return first.value(lambda, v) + second.value(lambda, v);
            }

            @Override
            public Cotangents cotangents(double[] lambda, RealMatrix v) {
                Cotangents a = first.cotangents(lambda, v);
                Cotangents b = second.cotangents(lambda, v);
                double[] lambdaBar = a.lambdaBar() == null ? b.lambdaBar() : b.lambdaBar() == null ? a.lambdaBar()
                        : MatrixUtils.createRealVector(a.lambdaBar()).add(MatrixUtils.createRealVector(b.lambdaBar()))
                                .toArray();
                RealMatrix vBar = a.vBar() == null ? b.vBar() : b.vBar() == null ? a.vBar() : a.vBar().add(b.vBar());
                return new Cotangents(lambdaBar, vBar);
            }
        };
    }

    /** {@code L = sum_i w_i lambda_i}. */
    public static EigenLoss weightedEigenvalues(double[] w) {
        return new EigenLoss() {
            @Override
            public double value(double[] lambda, RealMatrix v) {
                double s = 0;
                for (int i = 0; i < lambda.length; i++) {
                    s += w[i] * lambda[i];
                }
                return s;
            }

            @Override
            public Cotangents cotangents(double[] lambda, RealMatrix v) {
                return new Cotangents(w.clone(), null);
            }
        };
    }

    /** The sign-invariant {@code L = sum_i c_i (v_i . a)^2}. */
    public static EigenLoss projections(double[] c, double[] a) {
        RealVector av = MatrixUtils.createRealVector(a);
        return new EigenLoss() {
            @Override
            public double value(double[] lambda, RealMatrix v) {
                double s = 0;
                for (int i = 0; i < c.length; i++) {
                    double p = v.getColumnVector(i).dotProduct(av);
                    s += c[i] * p * p;
                }
                return s;
            }

            @Override
            public Cotangents cotangents(double[] lambda, RealMatrix v) {
                RealMatrix vBar = MatrixUtils.createRealMatrix(c.length, c.length);
                for (int i = 0; i < c.length; i++) {
                    vBar.setColumnVector(i, av.mapMultiply(2 * c[i] * v.getColumnVector(i).dotProduct(av)));
                }
                return new Cotangents(null, vBar);
            }
        };
    }

    /**
     * {@code L = <f(M), C> = sum_i f(lambda_i) v_i^T C v_i} with {@code f(M) = V f(Lambda) V^T}
     * computed through the eigendecomposition; {@code fPrime} is f'.
     */
    public static EigenLoss matrixFunction(DoubleUnaryOperator f, DoubleUnaryOperator fPrime, RealMatrix c) {
        RealMatrix cSym = ReferencePullbacks.sym(c);
        return new EigenLoss() {
            @Override
            public double value(double[] lambda, RealMatrix v) {
                RealMatrix fm = v.multiply(MatrixUtils.createRealDiagonalMatrix(
                        java.util.Arrays.stream(lambda).map(f).toArray())).multiply(v.transpose());
                double s = 0;
                for (int i = 0; i < lambda.length; i++) {
                    for (int j = 0; j < lambda.length; j++) {
                        s += fm.getEntry(i, j) * c.getEntry(i, j);
                    }
                }
                return s;
            }

            @Override
            public Cotangents cotangents(double[] lambda, RealMatrix v) {
                int n = lambda.length;
                double[] lambdaBar = new double[n];
                RealMatrix vBar = MatrixUtils.createRealMatrix(n, n);
                for (int i = 0; i < n; i++) {
                    RealVector vi = v.getColumnVector(i);
                    RealVector cv = cSym.operate(vi);
                    lambdaBar[i] = fPrime.applyAsDouble(lambda[i]) * vi.dotProduct(cv);
                    vBar.setColumnVector(i, cv.mapMultiply(2 * f.applyAsDouble(lambda[i])));
                }
                return new Cotangents(lambdaBar, vBar);
            }
        };
    }

    /**
     * {@code L(A) = vBar . v^(K)}: K steps of power iteration {@code v <- M v / ||M v||} on
     * {@code M = sym(A)} from the frozen start {@code start} (docs/math.md section 8).
     */
    public static ToDoubleFunction<double[][]> powerIteration(double[] start, double[] vBar, int k) {
        return a -> {
            RealMatrix m = ReferencePullbacks.sym(MatrixUtils.createRealMatrix(a));
            RealVector v = MatrixUtils.createRealVector(start);
            for (int step = 0; step < k; step++) {
                RealVector w = m.operate(v);
                v = w.mapDivide(w.getNorm());
            }
            return v.dotProduct(MatrixUtils.createRealVector(vBar));
        };
    }
}
