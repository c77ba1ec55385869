package io.github.eigengrad.maven;

/**
 * One {@code <function>} of the plugin configuration (docs/math.md section 14), as Maven
 * injects it: a user's spectral function, generated as {@code <name>Function},
 * {@code MatrixFunction2<name>} .. {@code MatrixFunction4<name>} and
 * {@code MatrixFunctionGeneral<name>} in {@code packageName}.
 */
public class Function {
    /** The function's name, a Java identifier starting in upper case, e.g. Xlogx. */
    String name;
    /** f(x), e.g. {@code x*log(x)}. */
    String expression;
    /** The declared interval of x: {@code lo,hi}, either side empty for unbounded, open unless bracketed. */
    String domain;
    /** The names of the expression's parameters, comma-separated (values go to the generated constructor). */
    String parameters;
    /** The package of the generated classes; default: the project's groupId. */
    String packageName;

    public Function() {}
}
