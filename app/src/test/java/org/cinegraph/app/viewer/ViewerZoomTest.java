package org.cinegraph.app.viewer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ViewerZoomTest {
    @Test
    void fitCentresTheWholePictureAndActualSizeIsOnePixelPerPixel() {
        ViewerZoom z = new ViewerZoom();
        // a 1280x720 frame in a 640x480 box: half size, centred vertically
        assertThat(z.placement(1280, 720, 0, 0, 640, 480)).containsExactly(new double[]{0, 60, 640, 360}, within(1e-9));
        z.actualSize();
        assertThat(z.isFit()).isFalse();
        assertThat(z.placement(1280, 720, 0, 0, 640, 480)).containsExactly(new double[]{-320, -120, 1280, 720}, within(1e-9));
        z.panBy(10, -5);
        z.fit();
        assertThat(z.placement(1280, 720, 0, 0, 640, 480)[0]).isZero();
    }

    @Test
    void zoomingKeepsThePicturePointUnderTheCursorInPlace() {
        ViewerZoom z = new ViewerZoom();
        double[] before = z.placement(1280, 720, 0, 0, 640, 480);
        double sx = 500, sy = 100;
        double px = (sx - before[0]) / (before[2] / 1280), py = (sy - before[1]) / (before[3] / 720);
        z.zoomAt(3, sx, sy, 1280, 720, 0, 0, 640, 480);
        double[] after = z.placement(1280, 720, 0, 0, 640, 480);
        assertThat(after[2] / 1280).isCloseTo(1.5, within(1e-9));
        assertThat(after[0] + px * after[2] / 1280).isCloseTo(sx, within(1e-9));
        assertThat(after[1] + py * after[3] / 720).isCloseTo(sy, within(1e-9));
        // bounded
        for (int i = 0; i < 50; i++) z.zoomAt(2, sx, sy, 1280, 720, 0, 0, 640, 480);
        assertThat(z.scale(1280, 720, 640, 480)).isEqualTo(ViewerZoom.MAX);
    }
}
