package org.cinegraph.app.editor;

import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** UI tests wait for the window's tasks, not for their effects. */
final class BackgroundWork {
    /** A limit for a stuck task, not a wait: tasks here take well under a second. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private BackgroundWork() {
    }

    /** Returns once every task of the window, and all that their outcomes started, has been handled on the FX thread. */
    static void awaitIdle(EditorWindow w) {
        try {
            assertThat(w.tasks().awaitIdle(LIMIT)).as("the editor's background work finished").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
