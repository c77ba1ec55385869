/**
 * Users' spectral functions as text (docs/math.md section 14): the expression language, its
 * parser into the generator's {@code Expr}, and the domain the expression implies.
 */
package io.github.eigengrad.generator.parse;
