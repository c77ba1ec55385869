package io.github.eigengrad.generator.emit;

/**
 * An invalid field of a rule: which field ({@link #field()}, as the Maven plugin, the
 * annotation processor and the CLI name it) and why. The message starts with the field.
 */
public final class RuleSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The field at fault, e.g. {@code iterations}. */
    private final String field;

    RuleSpecException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /**
     * The field at fault.
     *
     * @return the field's name, e.g. {@code iterations}
     */
    public String field() {
        return field;
    }
}
