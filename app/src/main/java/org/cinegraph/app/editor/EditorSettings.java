package org.cinegraph.app.editor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * What the editor remembers for the user between sessions: in a java.util.prefs node, the layout
 * (divider positions), the folder renders of unsaved graphs go to, whether nodes show previews
 * and the recent files; in the user's data folder, the render queue. Tests give a throwaway node
 * and a temporary folder.
 */
public final class EditorSettings {
    private static final String RENDER_FOLDER = "renderFolder";
    private static final String PREVIEWS = "nodePreviews";
    private static final String COST_LIMIT = "costLimit";
    private static final String MINIMAP = "minimap";

    private final Preferences prefs;
    private final Path dataDir;

    /**
     * @param prefs   the node the settings live in
     * @param dataDir the editor's data folder (the render queue is kept in queue/ inside it)
     */
    public EditorSettings(Preferences prefs, Path dataDir) {
        this.prefs = prefs;
        this.dataDir = dataDir;
    }

    /** The user's settings: prefs node org/cinegraph/editor, data in $XDG_DATA_HOME/cinegraph (else ~/.local/share/cinegraph). */
    public static EditorSettings standard() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new EditorSettings(Preferences.userRoot().node("org/cinegraph/editor"), base.resolve("cinegraph"));
    }

    public RecentFiles recent() {
        return new RecentFiles(prefs);
    }

    /** Where the render queue is kept. */
    public Path queueDir() {
        return dataDir.resolve("queue");
    }

    /** A remembered divider position (0..1), or {@code fallback}. */
    public double divider(String name, double fallback) {
        double v = prefs.getDouble("divider." + name, fallback);
        return v > 0 && v < 1 ? v : fallback;
    }

    public void setDivider(String name, double position) {
        prefs.putDouble("divider." + name, position);
    }

    /** The window's size when it was last closed (not maximized), or the fallback; never more than {@code maxW} x {@code maxH}. */
    public double[] windowSize(double fallbackW, double fallbackH, double maxW, double maxH) {
        double w = prefs.getDouble("window.width", fallbackW), h = prefs.getDouble("window.height", fallbackH);
        return new double[]{Math.max(640, Math.min(maxW, w)), Math.max(480, Math.min(maxH, h))};
    }

    public boolean windowMaximized() {
        return prefs.getBoolean("window.maximized", false);
    }

    public void setWindow(double width, double height, boolean maximized) {
        prefs.putBoolean("window.maximized", maximized);
        if (maximized) return;
        prefs.putDouble("window.width", width);
        prefs.putDouble("window.height", height);
    }

    /** The folder the user chose for renders of graphs that are not saved yet, if any. */
    public Optional<Path> renderFolder() {
        String s = prefs.get(RENDER_FOLDER, "");
        return s.isBlank() ? Optional.empty() : Optional.of(Path.of(s));
    }

    public void setRenderFolder(Path folder) {
        if (folder == null) prefs.remove(RENDER_FOLDER);
        else prefs.put(RENDER_FOLDER, folder.toAbsolutePath().normalize().toString());
    }

    /** Whether nodes show a preview of their output (on unless turned off). */
    public boolean nodePreviews() {
        return prefs.getBoolean(PREVIEWS, true);
    }

    public void setNodePreviews(boolean on) {
        prefs.putBoolean(PREVIEWS, on);
    }

    /** The most one render may spend on paid services (the currency of the prices), if the user set a limit. */
    public Optional<Double> costLimit() {
        double v = prefs.getDouble(COST_LIMIT, -1);
        return v >= 0 ? Optional.of(v) : Optional.empty();
    }

    public void setCostLimit(Double limit) {
        if (limit == null || limit < 0 || limit.isNaN()) prefs.remove(COST_LIMIT);
        else prefs.putDouble(COST_LIMIT, limit);
    }

    /** Whether the canvas shows its minimap (on unless turned off). */
    public boolean minimap() {
        return prefs.getBoolean(MINIMAP, true);
    }

    public void setMinimap(boolean on) {
        prefs.putBoolean(MINIMAP, on);
    }
}
