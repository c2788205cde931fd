package org.cinegraph.models.remote;

/**
 * An API key. It prints as asterisks, so it cannot reach a log line, a message or a JSON value
 * by accident; {@link #reveal()} is called only where the Authorization header is built.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("an empty key");
        this.value = value.strip();
    }

    String reveal() {
        return value;
    }

    /** The text with every occurrence of this key blanked out (for provider messages we pass on). */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "****");
    }

    @Override
    public String toString() {
        return "****";
    }
}
