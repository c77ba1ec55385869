package io.github.eigengrad.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the eigengrad annotation processor ({@code io.github.eigengrad:eigengrad-processor}) for
 * the classes of a user's spectral function (docs/math.md section 14). Put it on an interface
 * {@code Name}; the processor writes, in the same package, {@code NameFunction} (a
 * {@link ScalarFunction} that implements {@code Name}), {@code MatrixFunction2Name} ..
 * {@code MatrixFunction4Name} and {@code MatrixFunctionGeneralName}. {@code Name} may extend
 * {@link ScalarFunction} and declare no other abstract methods.
 *
 * <pre>{@code
 * @SpectralFunction(expression = "x*log(x)", domain = "0,")
 * interface Xlogx {}
 *
 * MatrixFunction entropy = MatrixFunction.of(new XlogxFunction());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SpectralFunction {
    /**
     * f(x): numbers, x, named parameters, {@code + - * / ^}, parentheses and exp, log, log1p,
     * expm1, sqrt, pow, sin, cos, tanh, sinh, cosh, atan.
     *
     * @return the expression, e.g. {@code x*log(x)}
     */
    String expression();

    /**
     * The declared interval of x: {@code lo,hi}, either side empty for unbounded, open unless
     * bracketed ({@code [0,1]}); empty for none. The expression's own conditions (log, sqrt,
     * division, ...) are checked besides.
     *
     * @return the domain, e.g. {@code 0,}
     */
    String domain() default "";

    /**
     * The names of the expression's parameters, in the order of the generated constructor's
     * arguments.
     *
     * @return the parameter names
     */
    String[] parameters() default {};
}
