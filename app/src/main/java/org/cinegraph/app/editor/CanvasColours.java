package org.cinegraph.app.editor;

import javafx.scene.paint.Color;
import org.cinegraph.spi.DataType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Colours of the canvas: title bars by node category, ports and wires by data type. */
final class CanvasColours {
    static final Color BACKGROUND = Color.web("#1d1e21");
    static final Color GRID_MINOR = Color.web("#25272b");
    static final Color GRID_MAJOR = Color.web("#2d3035");
    static final Color BODY = Color.web("#2c2e33");
    static final Color SELECTED = Color.web("#f2c14e");
    private static final Map<String, Color> CATEGORY = new HashMap<>();
    private static final Map<DataType, Color> TYPE = new HashMap<>();

    static {
        CATEGORY.put("generate", Color.web("#3d7a4f"));
        CATEGORY.put("text", Color.web("#4f6a9a"));
        CATEGORY.put("transform", Color.web("#7a5a3d"));
        CATEGORY.put("colour", Color.web("#8a4a6a"));
        CATEGORY.put("filter", Color.web("#5a4a8a"));
        CATEGORY.put("composite", Color.web("#3d6f7a"));
        CATEGORY.put("clip", Color.web("#7a3d7a"));
        CATEGORY.put("time", Color.web("#7a3d7a"));
        CATEGORY.put("input", Color.web("#5f6b3d"));
        CATEGORY.put("output", Color.web("#9a5a2a"));
        CATEGORY.put("io", Color.web("#5f6b3d"));
        CATEGORY.put("model", Color.web("#2a6a9a"));
        for (DataType t : DataType.values()) TYPE.put(t, Color.web(t.colour()));
    }

    private CanvasColours() {
    }

    static Color category(String category) {
        String key = category == null ? "" : category.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Color> e : CATEGORY.entrySet()) if (key.startsWith(e.getKey())) return e.getValue();
        // Unknown (plugin) categories still get a stable, distinct colour.
        return Color.hsb(Math.floorMod(key.hashCode(), 360), 0.45, 0.55);
    }

    static Color type(DataType t) {
        return TYPE.get(t);
    }

    /** A group's colour as stored in the graph; an unreadable one gets the default slate. */
    static Color parse(String s) {
        try {
            return Color.web(s);
        } catch (IllegalArgumentException e) {
            return Color.web("#5A6B7C");
        }
    }
}
