package org.cinegraph.app.editor;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;

/**
 * Settings for one test: a fresh preferences node (in memory, see MemoryPreferencesFactory) and
 * a data folder under the test's temp folder. Previews in nodes are off unless a test asks for
 * them, so tests about other things do not compute pictures of every node they add.
 */
final class TestSettings {
    private TestSettings() {
    }

    static EditorSettings in(Path tmp) {
        EditorSettings s = withPreviews(tmp);
        s.setNodePreviews(false);
        return s;
    }

    static EditorSettings withPreviews(Path tmp) {
        return new EditorSettings(Preferences.userRoot().node("cinegraph-test/" + UUID.randomUUID()), tmp.resolve("data"));
    }
}
