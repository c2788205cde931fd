package org.cinegraph.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the editor says when it cannot open a window: one line, the cause in words, what works instead. */
class LauncherTest {
    @Test
    void noDisplayAndNoGtkEachGetOneLineNamingTheFix() {
        // the messages JavaFX's GTK glass gives (checked by hand with DISPLAY unset, and under Xvfb with libgtk-3 hidden)
        String display = Launcher.whyNoWindow(new UnsupportedOperationException("Unable to open DISPLAY"));
        assertThat(display).startsWith("cinegraph: the editor needs a graphical display").contains("cinegraph --help").doesNotContain("\n");
        String gtk = Launcher.whyNoWindow(new RuntimeException(new UnsupportedOperationException("Unable to load glass GTK library.")));
        assertThat(gtk).contains("GTK 3").contains("libgtk-3-0").doesNotContain("\n");
        String other = Launcher.whyNoWindow(new IllegalStateException("Toolkit not initialized\n\tat somewhere"));
        assertThat(other).isEqualTo("cinegraph: cannot open the editor window: Toolkit not initialized; the commands work without it (cinegraph --help)");
    }
}
