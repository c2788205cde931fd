package org.cinegraph.app.editor;

import org.cinegraph.app.models.InstallOffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dialog answers set by a test; what was shown is recorded. */
final class ScriptedDialogs implements Dialogs {
    SaveChoice saveChoice = SaveChoice.CANCEL;
    Path saveAs;
    /** The folder chooseFolder answers (null: the user cancels). */
    Path folder;
    boolean restore = true;
    boolean confirmAnswer = true;
    final List<String> shown = new ArrayList<>();
    List<Shortcuts.Row> shortcuts;
    /** The answer to "render and pay?". */
    boolean spend = true;
    String costLimit;
    /** Models offered for install by the dialogs that opened with graphs. */
    final List<InstallOffer> offers = new ArrayList<>();

    @Override
    public SaveChoice askSaveChanges(String documentName) {
        shown.add("save? " + documentName);
        return saveChoice;
    }

    @Override
    public Optional<Path> chooseOpen(Path initialDir) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String initialName) {
        return Optional.ofNullable(saveAs);
    }

    @Override
    public Optional<Path> chooseFolder(String title, Path initialDir) {
        shown.add("folder? " + title);
        return Optional.ofNullable(folder);
    }

    @Override
    public boolean askRestore(String documentName, String when) {
        shown.add("restore? " + documentName);
        return restore;
    }

    @Override
    public void showOpenProblems(String fileName, List<String> lines, List<InstallOffer> installs) {
        shown.add("problems " + fileName + ": " + String.join(" | ", lines));
        offers.addAll(installs);
    }

    @Override
    public boolean confirm(String title, String question) {
        shown.add("confirm? " + question);
        return confirmAnswer;
    }

    @Override
    public void error(String title, String message) {
        shown.add("error " + title + ": " + message);
    }

    @Override
    public Optional<String[]> askGroup(String title, String colour) {
        return Optional.of(new String[]{"Shots", "#336699"});
    }

    @Override
    public void showShortcuts(List<Shortcuts.Row> rows) {
        shortcuts = rows;
        shown.add("shortcuts " + rows.size());
    }

    @Override
    public boolean confirmSpend(String renderName, List<String> calls, String total) {
        shown.add("spend? " + total + ": " + String.join(" | ", calls));
        return spend;
    }

    @Override
    public Optional<String> askCostLimit(String current) {
        shown.add("cost limit? " + current);
        return Optional.ofNullable(costLimit);
    }
}
