package org.cinegraph.spi;

/** How the inspector edits a parameter. */
public enum Widget {
    FIELD, SLIDER, DROPDOWN, CHECKBOX, COLOUR, FILE, SEED, MULTILINE, TEXT,
    /** The name of a file a writer puts in the output folder (see {@link OutputNames}). */
    OUTPUT_NAME
}
