package org.cinegraph.app.viewer;

import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/**
 * The viewer's button pictures as vector shapes (12 px boxes), not characters: the media
 * symbols of Unicode are missing from many fonts and show as empty boxes.
 */
final class TransportIcons {
    private static final Color INK = Color.web("#303030");

    static final String TO_START = "M1 1h2v10H1z M11 1v10L4 6z";
    static final String STEP_BACK = "M9 1v10L3 6z M10 1h2v10h-2z";
    static final String PLAY = "M2 1v10l9-5z";
    static final String PAUSE = "M2 1h3v10H2z M7 1h3v10H7z";
    static final String STEP_FORWARD = "M3 1v10l6-5z M0 1h2v10H0z";
    static final String TO_END = "M9 1h2v10H9z M1 1v10l7-5z";
    /** A window with a smaller one leaving it. */
    static final String FLOAT = "M0 3h8v8H0z M1.5 5v4.5h5V5z M4 0h8v8H9V6.5h1.5v-5h-5V2H4z";
    /** Four corners. */
    static final String FULL_SCREEN = "M0 0h4v1.5H1.5V4H0z M8 0h4v4h-1.5V1.5H8z M0 8h1.5v2.5H4V12H0z M10.5 8H12v4H8v-1.5h2.5z";

    private TransportIcons() {
    }

    static Node icon(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.setFillRule(FillRule.EVEN_ODD);
        p.setFill(INK);
        return p;
    }
}
