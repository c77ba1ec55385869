package io.github.eigengrad.generator.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.eigengrad.generator.formula.RuleDefaults;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code RuleConstants}: the table of {@link RuleDefaults} as the runtime reads it, so
 * the runtime's defaults, limits and thresholds are the generator's, by construction.
 */
public final class ConstantsEmitter {
    /** The class the runtime compiles from generated-src. */
    public static final String CLASS_NAME = RuntimeTypes.GENERATED_PACKAGE + ".RuleConstants";

    private ConstantsEmitter() {}

    public static JavaFile emit() {
        TypeSpec type = TypeSpec.classBuilder("RuleConstants")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The defaults, limits and thresholds that rules and the runtime share, from the generator's "
                        + "one table (RuleDefaults); see docs/math.md sections 4 and 5.\n")
                .addAnnotation(GeneratedFiles.generated(ConstantsEmitter.class, null))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addField(constant(TypeName.LONG, "DEFAULT_ITERATIONS", RuleDefaults.ITERATIONS + "L",
                        "K of the power-iteration method unless set."))
                .addField(constant(TypeName.DOUBLE, "DEFAULT_TOLERANCE", JavaValues.literal(RuleDefaults.TOLERANCE),
                        "The adaptive method's relative error per pair unless set."))
                .addField(constant(TypeName.LONG, "DEFAULT_MAX_ITERATIONS", RuleDefaults.MAX_ITERATIONS + "L",
                        "The adaptive method's cap on K unless set."))
                .addField(constant(TypeName.DOUBLE, "DEFAULT_DEGENERACY_TOLERANCE",
                        JavaValues.literal(RuleDefaults.DEGENERACY_TOLERANCE),
                        "The analytic method's relative gap of a degenerate pair unless set."))
                .addField(constant(TypeName.LONG, "ITERATIONS_LIMIT", RuleDefaults.ITERATIONS_LIMIT + "L",
                        "The largest K and Kmax (2^53): every whole number up to it is exact in a double."))
                .addField(constant(TypeName.DOUBLE, "SHIFT_THRESHOLD", JavaValues.literal(RuleDefaults.SHIFT_THRESHOLD),
                        "Spectra with lambda_n at most this times max|lambda| are shifted (docs/math.md section 4)."))
                .addField(constant(TypeName.DOUBLE, "SHIFT_FLOOR", JavaValues.literal(RuleDefaults.SHIFT_FLOOR),
                        "The shifted spectrum starts at this times max|lambda| (docs/math.md section 4)."))
                .addField(constant(TypeName.INT, "DIRECT_MIN_EXPONENT", Integer.toString(RuleDefaults.DIRECT_MIN_EXPONENT),
                        "Rules evaluate their formulas as written while the binary exponent of max|lambda| is at least "
                                + "this and at most DIRECT_MAX_EXPONENT; beyond, in scaled units."))
                .addField(constant(TypeName.INT, "DIRECT_MAX_EXPONENT", Integer.toString(RuleDefaults.DIRECT_MAX_EXPONENT),
                        "See DIRECT_MIN_EXPONENT."))
                .addField(constant(TypeName.DOUBLE, "FLOAT_DEGENERACY_TOLERANCE",
                        JavaValues.literal(RuleDefaults.FLOAT_DEGENERACY_TOLERANCE),
                        "The analytic method's relative gap of a degenerate pair unless set, in float."))
                .addField(constant(TypeName.LONG, "FLOAT_ITERATIONS_LIMIT", RuleDefaults.FLOAT_ITERATIONS_LIMIT + "L",
                        "The largest K and Kmax in float (2^24): every whole number up to it is exact in a float."))
                .addField(constant(TypeName.DOUBLE, "FLOAT_SHIFT_THRESHOLD_PER_SIZE",
                        JavaValues.literal(RuleDefaults.FLOAT_SHIFT_THRESHOLD_PER_SIZE),
                        "In float, n x n spectra with lambda_n at most n times this times max|lambda| are shifted "
                                + "(docs/math.md section 11)."))
                .addField(constant(TypeName.INT, "FLOAT_DIRECT_EXPONENT", Integer.toString(RuleDefaults.FLOAT_DIRECT_EXPONENT),
                        "Float rules evaluate their formulas as written while the binary exponent of max|lambda| is "
                                + "within this of 0; beyond, in scaled units."))
                .addField(constant(TypeName.DOUBLE, "GAUGE_TIE", JavaValues.literal(
                        io.github.eigengrad.generator.formula.HermitianFormulas.GAUGE_TIE),
                        "Complex Hermitian decompositions (docs/math.md section 13): squared moduli within this "
                                + "fraction of a column's largest count as tied for the gauge entry, the first of them "
                                + "taken, by the solver and the generated derivatives alike."))
                .build();
        return GeneratedFiles.file(RuntimeTypes.GENERATED_PACKAGE, type, ConstantsEmitter.class,
                " the formula library (RuleDefaults).");
    }

    private static FieldSpec constant(TypeName type, String name, String value, String doc) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer("$L", value).build();
    }
}
