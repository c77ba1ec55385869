package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.ClassName;
import java.util.Locale;
import java.util.Objects;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.formula.RuleDefaults;
import io.github.eigengrad.generator.program.ElementType;
import javax.lang.model.SourceVersion;

/**
 * One generated rule: size (2, 3, 4 or {@link #GENERAL}), direction (pullback or pushforward), method and its default
 * parameters, eigenvalue term, and the fully qualified name of the class to write. Immutable;
 * built with {@link #builder()}, which validates every field and names the bad one.
 */
public final class RuleSpec {
    public static final int GENERAL = -1;

    /** How the pairwise factor F is formed (docs/math.md section 5). */
    public enum Method {
        ANALYTIC, POWER_ITERATION, ADAPTIVE;

        /** {@code analytic}, {@code power-iteration}, {@code adaptive}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The method named {@code id}, as {@link #id()} writes it. */
        /**
         * The method of that id.
         *
         * @param id {@code analytic}, {@code power-iteration} or {@code adaptive}
         * @return the method
         * @throws RuleSpecException naming the field {@code method}
         */
        public static Method fromId(String id) {
            for (Method m : values()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            throw new RuleSpecException("method", "unknown '" + id + "'; use analytic, power-iteration or adaptive");
        }
    }

    /** Which derivative a rule computes: reverse mode (default) or forward mode (docs/math.md section 9). */
    public enum Direction {
        /** {@code (valuesBar, vectorsBar) -> dL/dA}. */
        PULLBACK,
        /** {@code aDot -> (valuesDot, vectorsDot)}. */
        PUSHFORWARD;

        /** {@code pullback}, {@code pushforward}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The direction of that id.
         *
         * @param id {@code pullback} or {@code pushforward}
         * @return the direction
         * @throws RuleSpecException naming the field {@code direction}
         */
        public static Direction fromId(String id) {
            for (Direction d : values()) {
                if (d.id().equals(id)) {
                    return d;
                }
            }
            throw new RuleSpecException("direction", "unknown '" + id + "'; use pullback or pushforward");
        }
    }

    /**
     * The size as the build tools write it: {@code 2}, {@code 3}, {@code 4} or {@code general}
     * (surrounding blanks allowed).
     *
     * @param text the size as written
     * @return 2, 3, 4 or {@link #GENERAL}
     * @throws RuleSpecException naming the field {@code size}
     */
    public static int parseSize(String text) {
        if (text == null) {
            throw new RuleSpecException("size", "is required (2, 3, 4 or general)");
        }
        return switch (text.trim()) {
            case "2" -> 2;
            case "3" -> 3;
            case "4" -> 4;
            case "general" -> GENERAL;
            default -> throw new RuleSpecException("size", "must be 2, 3, 4 or general, got '" + text.trim() + "'");
        };
    }

    private final int size;
    private final Direction direction;
    private final Method method;
    private final long iterations;
    private final double tolerance;
    private final long maxIterations;
    private final double degeneracyTolerance;
    private final boolean eigenvalueTerm;
    private final Precision precision;
    private final boolean generalized;
    private final boolean complex;
    private final String className;
    private final ClassName supertype;
    private final boolean supertypeIsInterface;

    private RuleSpec(Builder b) {
        this.size = b.size;
        this.direction = b.direction;
        this.method = b.method;
        this.iterations = b.iterations;
        this.tolerance = b.tolerance;
        this.maxIterations = b.maxIterations;
        this.degeneracyTolerance = b.degeneracyTolerance != null ? b.degeneracyTolerance
                : defaultDegeneracyTolerance(b.precision);
        this.eigenvalueTerm = b.eigenvalueTerm;
        this.precision = b.precision;
        this.generalized = b.generalized;
        this.complex = b.complex;
        this.className = b.className;
        this.supertype = b.supertype;
        this.supertypeIsInterface = b.supertypeIsInterface;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().size(size).direction(direction).method(method).iterations(iterations)
                .tolerance(tolerance).maxIterations(maxIterations).eigenvalueTerm(eigenvalueTerm).precision(precision)
                .className(className).supertype(supertype, supertypeIsInterface).generalized(generalized).complex(complex);
        // a default stays a default, so that a change of precision brings that precision's default
        return degeneracyTolerance == defaultDegeneracyTolerance(precision) ? b
                : b.degeneracyTolerance(degeneracyTolerance);
    }

    /** The analytic method's default relative gap: 1e-8 in double, 1e-4 in float (docs/math.md section 11). */
    public static double defaultDegeneracyTolerance(Precision precision) {
        return precision == Precision.FLOAT ? RuleDefaults.FLOAT_DEGENERACY_TOLERANCE
                : RuleDefaults.DEGENERACY_TOLERANCE;
    }

    /** The largest K or Kmax of a rule in {@code precision}: 2^53 in double, 2^24 in float (exact whole numbers). */
    public static long iterationsLimit(Precision precision) {
        return precision == Precision.FLOAT ? RuleDefaults.FLOAT_ITERATIONS_LIMIT : RuleDefaults.ITERATIONS_LIMIT;
    }

    public int size() {
        return size;
    }

    public boolean isGeneral() {
        return size == GENERAL;
    }

    public Method method() {
        return method;
    }

    /** Pullback (the default) or pushforward. */
    public Direction direction() {
        return direction;
    }

    public boolean isPushforward() {
        return direction == Direction.PUSHFORWARD;
    }

    /** The default K of the power-iteration method. */
    public long iterations() {
        return iterations;
    }

    /** The default pair tolerance of the adaptive method. */
    public double tolerance() {
        return tolerance;
    }

    /** The default cap on K of the adaptive method. */
    public long maxIterations() {
        return maxIterations;
    }

    /** The default relative gap below which the analytic method masks a pair. */
    public double degeneracyTolerance() {
        return degeneracyTolerance;
    }

    public boolean eigenvalueTerm() {
        return eigenvalueTerm;
    }

    /**
     * Whether the rule also serves the generalised problem A v = lambda B v (docs/math.md
     * section 12): it then implements {@code GeneralizedPullbackRule} (or
     * {@code GeneralizedPushforwardRule}) with a fused generalised method generated alongside.
     *
     * @return true for {@code problem = generalized}
     */
    public boolean generalized() {
        return generalized;
    }

    /** The format of the rule's arrays and arithmetic: double (default) or float (docs/math.md section 11). */
    /**
     * Whether the rule serves complex Hermitian matrices in the phase gauge (docs/math.md
     * section 13): it then implements {@code HermitianPullbackRule} (or
     * {@code HermitianPushforwardRule}) on interleaved (re, im) arrays.
     *
     * @return true for {@code field = complex}
     */
    public boolean complex() {
        return complex;
    }

    public Precision precision() {
        return precision;
    }

    /** The Java number type of the rule's arrays and arithmetic. */
    public ElementType elementType() {
        return ElementType.of(precision);
    }

    public boolean isFloat() {
        return precision == Precision.FLOAT;
    }

    public String className() {
        return className;
    }

    /** The class the rule extends or the interface it implements besides {@code PullbackRule}; null for none. */
    public ClassName supertype() {
        return supertype;
    }

    /** Whether {@link #supertype()} is an interface (implemented) rather than a class (extended). */
    public boolean supertypeIsInterface() {
        return supertypeIsInterface;
    }

    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Size, method with its own parameters, and eigenvalue term, in one line (no class names). */
    public String parameters() {
        StringBuilder b = new StringBuilder("size=").append(isGeneral() ? "general" : Integer.toString(size))
                .append(", method=").append(method.id());
        switch (method) {
            case POWER_ITERATION:
                b.append(", iterations=").append(iterations);
                break;
            case ADAPTIVE:
                b.append(", tolerance=").append(tolerance).append(", maxIterations=").append(maxIterations);
                break;
            default:
                b.append(", degeneracyTolerance=").append(degeneracyTolerance);
        }
        b.append(", eigenvalueTerm=").append(eigenvalueTerm);
        if (isFloat()) {
            b.append(", precision=float");
        }
        if (generalized) {
            b.append(", problem=generalized");
        }
        if (complex) {
            b.append(", field=complex");
        }
        return isPushforward() ? b.append(", direction=").append(direction.id()).toString() : b.toString();
    }

    /** The whole spec in one line, as generated headers quote it: {@link #parameters()}, class name, supertype. */
    public String describe() {
        StringBuilder b = new StringBuilder(parameters()).append(", className=").append(className);
        if (supertype != null) {
            b.append(supertypeIsInterface ? ", implements=" : ", extends=").append(supertype.canonicalName());
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSpec && ((RuleSpec) o).describe().equals(describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "RuleSpec{" + describe() + "}";
    }

    /**
     * Builds a {@link RuleSpec}; defaults: pullback, power-iteration, K = 19, tol 1e-10, Kmax
     * 1000, degeneracy 1e-8 (1e-4 in float), term on, double.
     */
    public static final class Builder {
        private int size = 3;
        private Direction direction = Direction.PULLBACK;
        private Method method = Method.POWER_ITERATION;
        private long iterations = RuleDefaults.ITERATIONS;
        private double tolerance = RuleDefaults.TOLERANCE;
        private long maxIterations = RuleDefaults.MAX_ITERATIONS;
        private Double degeneracyTolerance;
        private boolean eigenvalueTerm = true;
        private Precision precision = Precision.DOUBLE;
        private boolean generalized;
        private boolean complex;
        private String className;
        private ClassName supertype;
        private boolean supertypeIsInterface;

        private Builder() {}

        public Builder size(int size) {
            this.size = size;
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        public Builder method(Method method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        public Builder iterations(long iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        public Builder maxIterations(long maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        public Builder degeneracyTolerance(double degeneracyTolerance) {
            this.degeneracyTolerance = degeneracyTolerance;
            return this;
        }

        public Builder eigenvalueTerm(boolean eigenvalueTerm) {
            this.eigenvalueTerm = eigenvalueTerm;
            return this;
        }

        /** double (the default) or float: the rule's arrays, arithmetic and thresholds. */
        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** Identifiers that are names in Java but not of a type: var (10), yield (14), record (16), sealed, permits (17). */
        private static final java.util.Set<String> RESTRICTED_TYPE_NAMES =
                java.util.Set.of("var", "yield", "record", "sealed", "permits");

        public Builder className(String className) {
            this.className = className;
            return this;
        }

        /**
         * Complex Hermitian matrices (docs/math.md section 13): {@code field = complex}.
         *
         * @param complex true for complex
         * @return this builder
         */
        public Builder complex(boolean complex) {
            this.complex = complex;
            return this;
        }

        /** Whether the rule also serves the generalised problem (docs/math.md section 12); double only. */
        public Builder generalized(boolean generalized) {
            this.generalized = generalized;
            return this;
        }

        /**
         * A class for the rule to extend ({@code isInterface} false; it needs an accessible
         * constructor without arguments) or an interface for it to implement; null for none.
         */
        public Builder supertype(ClassName supertype, boolean isInterface) {
            this.supertype = supertype;
            this.supertypeIsInterface = supertype != null && isInterface;
            return this;
        }

        /** @throws IllegalArgumentException naming the invalid field */
        public RuleSpec build() {
            if (size != GENERAL && (size < 2 || size > 4)) {
                throw new RuleSpecException("size", "must be 2, 3, 4 or general, got " + size);
            }
            long limit = iterationsLimit(precision);
            String limitText = precision == Precision.FLOAT ? "2^24 in float" : "2^53";
            if (iterations < 1 || iterations > limit) {
                throw new RuleSpecException("iterations", "K must be from 1 to " + limitText + ", got " + iterations);
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new RuleSpecException("tolerance", "must be in (0, 1), got " + tolerance);
            }
            if (maxIterations < 1 || maxIterations > limit) {
                throw new RuleSpecException("maxIterations", "must be from 1 to " + limitText + ", got "
                        + maxIterations);
            }
            if (degeneracyTolerance != null && !(degeneracyTolerance >= 0 && degeneracyTolerance < 1)) {
                throw new RuleSpecException("degeneracyTolerance", "must be in [0, 1), got " + degeneracyTolerance);
            }
            if (complex && precision == Precision.FLOAT) {
                throw new RuleSpecException("field", "complex rules are double only; drop precision=float");
            }
            if (complex && generalized) {
                throw new RuleSpecException("field", "the generalised problem is real only; drop problem=generalized");
            }
            if (generalized && precision == Precision.FLOAT) {
                throw new RuleSpecException("problem", "the generalised problem is double only; drop precision=float");
            }
            if (className == null || !SourceVersion.isName(className, SourceVersion.RELEASE_17)) {
                throw new RuleSpecException("className", "must be a Java class name, got '" + className + "'");
            }
            String simple = className.substring(className.lastIndexOf('.') + 1);
            if (RESTRICTED_TYPE_NAMES.contains(simple)) {
                throw new RuleSpecException("className", "'" + simple + "' cannot name a class in Java (a "
                        + "restricted identifier), got '" + className + "'");
            }
            return new RuleSpec(this);
        }
    }
}
