package org.cinegraph.app.editor;

import org.cinegraph.app.models.InstallOffer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The questions the editor asks the user. The window uses modal JavaFX dialogs; tests script
 * the answers, so flows such as "close with unsaved changes" run without a person.
 */
public interface Dialogs {
    enum SaveChoice { SAVE, DISCARD, CANCEL }

    SaveChoice askSaveChanges(String documentName);

    Optional<Path> chooseOpen(Path initialDir);

    Optional<Path> chooseSave(Path initialDir, String initialName);

    /** A folder, e.g. where renders of an unsaved graph go; empty when cancelled. */
    Optional<Path> chooseFolder(String title, Path initialDir);

    boolean askRestore(String documentName, String when);

    /**
     * Shows what needs attention after opening a file (missing node types, assets, models); the
     * graph is open either way. {@code installs} are the catalogued models it needs, each with an
     * Install button.
     */
    void showOpenProblems(String fileName, List<String> lines, List<InstallOffer> installs);

    void error(String title, String message);

    /** A yes/no question (e.g. before removing a model); true for yes. */
    boolean confirm(String title, String question);

    /** Title and colour of a new group, or empty when cancelled. */
    Optional<String[]> askGroup(String title, String colour);

    /** Help > Shortcuts: every shortcut, by section. */
    void showShortcuts(List<Shortcuts.Row> rows);

    /**
     * Before a render that calls paid services: the calls and the estimated total. True to go on.
     *
     * @param calls one line per call: node, provider, endpoint, price
     */
    boolean confirmSpend(String renderName, List<String> calls, String total);

    /** The render cost limit: a new amount, blank to remove it, or empty when cancelled. */
    Optional<String> askCostLimit(String current);
}
