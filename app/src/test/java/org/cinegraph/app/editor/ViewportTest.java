package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.ViewState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The canvas transform alone: no window, no graph. */
class ViewportTest {
    @Test
    void aViewSetIsTheViewReadBackAndWorldAndScreenAreInverse() {
        Viewport vp = new Viewport();
        vp.set(new ViewState(240, -60, 0.5), 1000, 600);
        ViewState back = vp.get(1000, 600);
        assertThat(back.centerX()).isCloseTo(240, within(1e-9));
        assertThat(back.centerY()).isCloseTo(-60, within(1e-9));
        assertThat(back.zoom()).isEqualTo(0.5);
        Point2D screen = vp.toLocal(300, 10);
        assertThat(vp.toWorld(screen.getX(), screen.getY())).isEqualTo(new Point2D(300, 10));
        assertThat(vp.moved()).as("setting a view is not the user moving it").isFalse();
    }

    @Test
    void zoomKeepsThePointUnderTheCursorAndStaysWithinLimits() {
        Viewport vp = new Viewport();
        vp.set(new ViewState(0, 0, 1), 800, 600);
        Point2D before = vp.toWorld(123, 456);
        vp.zoomAt(123, 456, 1.7);
        Point2D after = vp.toWorld(123, 456);
        assertThat(after.distance(before)).isLessThan(1e-9);
        assertThat(vp.moved()).isTrue();
        for (int i = 0; i < 50; i++) vp.zoomAt(0, 0, 2);
        assertThat(vp.scale()).isEqualTo(Viewport.MAX_ZOOM);
        for (int i = 0; i < 80; i++) vp.zoomAt(0, 0, 0.5);
        assertThat(vp.scale()).isEqualTo(Viewport.MIN_ZOOM);
    }

    @Test
    void fittingShowsTheWholeRectangleCentredAndNeverAbove150Percent() {
        Viewport vp = new Viewport();
        vp.fit(new Bounds(100, 100, 2000, 500), 1000, 500);
        assertThat(vp.scale()).isEqualTo(0.5);
        assertThat(vp.toLocal(1100, 350)).isEqualTo(new Point2D(500, 250));
        vp.fit(new Bounds(0, 0, 10, 10), 1000, 500);
        assertThat(vp.scale()).isEqualTo(1.5);
    }
}
