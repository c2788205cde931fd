package org.cinegraph.spi;

/** How the inspector edits a parameter. */
public enum Widget {
    FIELD, SLIDER, DROPDOWN, CHECKBOX, COLOUR, FILE, SEED, MULTILINE, TEXT
}
