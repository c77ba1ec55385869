package io.github.eigengrad.generator.program;

/**
 * The number type a {@link Program} computes in. Only {@code double} exists today; a float or
 * complex backend adds a constant here, a printer that spells its operations, and the
 * runtime helpers of that type (docs/emission.md).
 */
public enum ElementType {
    DOUBLE
}
