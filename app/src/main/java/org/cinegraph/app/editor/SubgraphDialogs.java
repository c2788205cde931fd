package org.cinegraph.app.editor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The questions about subgraphs, the team library and sweeps. The window asks with modal JavaFX
 * dialogs ({@link FxSubgraphDialogs}); tests script the answers.
 */
public interface SubgraphDialogs {
    /** What to save a subgraph to the library as. */
    record LibrarySave(String name, String category, String description) {
    }

    /**
     * The library has other versions of subgraphs the opened graph embeds ({@code changes}, one
     * line each): true to take the library's versions (one undo step), false to keep the embedded copies.
     */
    boolean askUpdateFromLibrary(String fileName, List<String> changes);

    /** Name, category and description for saving a subgraph into {@code folder}, or empty when cancelled. */
    Optional<LibrarySave> askSaveToLibrary(LibrarySave suggested, Path folder);

    /** The name to show an inner parameter under on the subgraph node, or empty when cancelled. */
    Optional<String> askPromotedName(String param, String suggested);

    /** The folder to use as the team library (instead of library/ beside the graph), or empty when cancelled. */
    Optional<Path> chooseLibraryFolder(Path current);

    /**
     * The values of a sweep of {@code param} (NODE.PARAM) and optionally a second parameter, as
     * {@code --sweep} arguments ("NODE.PARAM=VALUES"), or empty when cancelled.
     */
    Optional<List<String>> askSweep(String param, String suggestedValues);
}
