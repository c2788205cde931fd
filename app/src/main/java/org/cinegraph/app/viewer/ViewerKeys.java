package org.cinegraph.app.viewer;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

import java.util.Optional;

/**
 * The viewer's keys (while it has focus): the one table the viewer's key handling and
 * Help > Shortcuts both read.
 */
public enum ViewerKeys {
    PLAY("Space", "Play / pause", KeyCode.SPACE),
    STEP_BACK("Left", "One frame back", KeyCode.LEFT),
    STEP_FORWARD("Right", "One frame forward", KeyCode.RIGHT),
    TO_START("Home", "First frame (of the in/out range)", KeyCode.HOME),
    TO_END("End", "Last frame (of the in/out range)", KeyCode.END),
    MARK_IN("I", "Set the in point", KeyCode.I),
    MARK_OUT("O", "Set the out point", KeyCode.O),
    FULL_SCREEN("F, double-click", "Full screen on / off (Esc leaves it)", KeyCode.F),
    FIT("0", "Fit the picture into the viewer", KeyCode.DIGIT0, KeyCode.NUMPAD0),
    ACTUAL_SIZE("1", "100%: one picture pixel per screen pixel", KeyCode.DIGIT1, KeyCode.NUMPAD1),
    ZOOM_IN("+, wheel up", "Zoom in (about the cursor with the wheel)", KeyCode.PLUS, KeyCode.EQUALS, KeyCode.ADD),
    ZOOM_OUT("-, wheel down", "Zoom out", KeyCode.MINUS, KeyCode.SUBTRACT);

    private final String keys;
    private final String description;
    private final KeyCode[] codes;

    ViewerKeys(String keys, String description, KeyCode... codes) {
        this.keys = keys;
        this.description = description;
        this.codes = codes;
    }

    /** How the key is written in the help. */
    public String keys() {
        return keys;
    }

    public String description() {
        return description;
    }

    /** The viewer key a key press is (no Ctrl, Alt or Meta held), if any. */
    public static Optional<ViewerKeys> of(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.isMetaDown() || e.isControlDown()) return Optional.empty();
        for (ViewerKeys k : values()) {
            for (KeyCode c : k.codes) {
                if (c == e.getCode()) return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The first key as a combination (for menus that show it). */
    public KeyCombination combination() {
        return new KeyCodeCombination(codes[0]);
    }
}
