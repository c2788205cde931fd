package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdherenceMeasureTest {
    private static final Color[] COLOURS = {Color.RED, new Color(0x1565C0), new Color(0x2E7D32), new Color(0xF9A825)};
    private static final String[] SHAPES = {"disc", "square", "triangle"};

    /** 12 emoji-like classes (shape x colour), each with two "skin-tone variations" (a darker and a lighter shade). */
    private static List<TwemojiDataset.Item> items() {
        List<TwemojiDataset.Item> out = new ArrayList<>();
        for (String shape : SHAPES) {
            for (Color c : COLOURS) {
                String emoji = shape + "-" + Integer.toHexString(c.getRGB());
                out.add(new TwemojiDataset.Item(emoji, emoji, shape, shape, draw(shape, c), false));
                out.add(new TwemojiDataset.Item(emoji + "-dark", emoji, shape, shape, draw(shape, c.darker()), true));
                out.add(new TwemojiDataset.Item(emoji + "-light", emoji, shape, shape, draw(shape, c.brighter()), true));
            }
        }
        return out;
    }

    private static float[] draw(String shape, Color c) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        switch (shape) {
            case "disc" -> g.fillOval(6, 6, 20, 20);
            case "square" -> g.fillRect(7, 7, 18, 18);
            default -> g.fillPolygon(new Polygon(new int[] {16, 27, 5}, new int[] {5, 26, 26}, 3));
        }
        g.dispose();
        return TrainingImages.downscaled(img);
    }

    @Test
    void holdsOutOneVariationPerEmojiAndFoldsVariationsIntoTheirEmoji() {
        List<TwemojiDataset.Item> items = items();
        AdherenceMeasure.Labels labels = AdherenceMeasure.Labels.of(items);
        List<Integer> train = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        AdherenceMeasure.split(items, labels, train, held);
        assertThat(labels.count()).isEqualTo(12);
        assertThat(held).hasSize(12).allMatch(i -> items.get(i).variation());
        assertThat(train).hasSize(24).doesNotContainAnyElementsOf(held);
        assertThat(held.stream().map(i -> labels.of(items.get(i))).distinct()).hasSize(12);
    }

    @Test
    void aShortTrainingRecognisesHeldOutVariationsAndNoisyCopies() {
        List<TwemojiDataset.Item> items = items();
        AdherenceMeasure.Labels labels = AdherenceMeasure.Labels.of(items);
        List<Integer> train = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        AdherenceMeasure.split(items, labels, train, held);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            AdherenceMeasure.Classifier c = AdherenceMeasure.train(m, items, labels, train, 120, 32);
            // chance is 1 in 12
            assertThat(AdherenceMeasure.accuracy(m, c, items, labels, held, false)).isGreaterThanOrEqualTo(0.75);
            assertThat(AdherenceMeasure.accuracy(m, c, items, labels, train, true)).isGreaterThanOrEqualTo(0.75);
        }
    }

    @Test
    void pixelDistanceIsTheMeanAbsoluteDifferenceInLevels() {
        int[] white = {0xFFFFFFFF, 0xFFFFFFFF};
        int[] half = {0xFF000000, 0xFFFFFFFF};
        assertThat(AdherenceMeasure.distance(white, white)).isZero();
        assertThat(AdherenceMeasure.distance(white, half)).isEqualTo(127.5);
    }
}
