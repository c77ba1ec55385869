/**
 * The eigengrad runtime: the forward symmetric eigendecomposition
 * ({@link io.github.eigengrad.runtime.SymmetricEigensolver}), input validation
 * ({@link io.github.eigengrad.runtime.InvalidInputException}) and, compiled from
 * {@code generated-src/}, the generated pullback rules.
 */
package io.github.eigengrad.runtime;
