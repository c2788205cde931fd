package org.cinegraph.app.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** File > Open Recent, kept in the user's preferences (java.util.prefs). */
public final class RecentFiles {
    private static final int MAX = 10;
    private static final String KEY = "recentFiles";
    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String s : prefs.get(KEY, "").split("\n")) if (!s.isBlank()) out.add(Path.of(s));
        return out;
    }

    public void add(Path file) {
        List<Path> l = list();
        Path abs = file.toAbsolutePath().normalize();
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > MAX) l.remove(l.size() - 1);
        prefs.put(KEY, String.join("\n", l.stream().map(Path::toString).toList()));
    }

    public void remove(Path file) {
        List<Path> l = list();
        l.remove(file.toAbsolutePath().normalize());
        prefs.put(KEY, String.join("\n", l.stream().map(Path::toString).toList()));
    }
}
