package org.cinegraph.render.history;

import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderHistoryTest {
    @TempDir
    Path dir;

    @Test
    void recordsListNewestFirstWithGraphModelsAndA160PixelThumbnail() throws Exception {
        RenderHistory h = new RenderHistory(dir.resolve("history"));
        Path png = dir.resolve("still.png");
        ImageFiles.writePng(Frame.filled(640, 360, 0xFF336699), png);
        HistoryEntry first = h.record(Instant.parse("2026-11-24T10:00:00Z"), 1200, Optional.of(dir.resolve("a.cgraph")), "{\"a\":1}\n",
                List.of(png), List.of(new HistoryEntry.Model("esrgan-slim", "ab12")));
        HistoryEntry second = h.record(Instant.parse("2026-11-24T11:00:00Z"), 300, Optional.empty(), "{\"b\":2}\n", List.of(), List.of());

        assertThat(h.list()).extracting(HistoryEntry::id).containsExactly(second.id(), first.id());
        HistoryEntry back = h.load(first.id()).orElseThrow();
        assertThat(back.durationMillis()).isEqualTo(1200);
        assertThat(back.models()).containsExactly(new HistoryEntry.Model("esrgan-slim", "ab12"));
        assertThat(back.outputs()).containsExactly(png.toAbsolutePath());
        assertThat(h.graphText(back)).isEqualTo("{\"a\":1}\n");
        Frame thumb = ImageFiles.read(back.thumbnail().orElseThrow());
        assertThat(thumb.width()).isEqualTo(160);
        assertThat(thumb.height()).isEqualTo(90);
        assertThat(thumb.pixel(80, 45) & 0xFFFFFF).isEqualTo(0x336699);
        assertThat(h.load(second.id()).orElseThrow().thumbnail()).isEmpty();
        // a unique prefix is enough; a prefix of both is refused
        assertThat(h.load(first.id().substring(0, 15))).map(HistoryEntry::id).contains(first.id());
        assertThatThrownBy(() -> h.load("2026")).hasMessageContaining("ambiguous");
        assertThat(h.load("../etc")).isEmpty();
    }

    @Test
    void unfinishedAndBrokenRecordsAreNotListed() throws Exception {
        RenderHistory h = new RenderHistory(dir);
        HistoryEntry ok = h.record(Instant.now(), 5, Optional.empty(), "{}", List.of(), List.of());
        Files.createDirectories(dir.resolve(".20261124-000000-000-abcd.1f.part"));
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/record.json"), "{ not json");
        assertThat(h.list()).extracting(HistoryEntry::id).containsExactly(ok.id());
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part") && !p.getFileName().toString().contains("abcd"))).isEmpty();
        }
    }

    @Test
    void folderFollowsTheEnvironment() {
        assertThat(RenderHistory.defaultDir(Map.of("CINEGRAPH_HISTORY_DIR", "/h"), "/home/u")).isEqualTo(Path.of("/h"));
        assertThat(RenderHistory.defaultDir(Map.of("XDG_DATA_HOME", "/d"), "/home/u")).isEqualTo(Path.of("/d/cinegraph/history"));
        assertThat(RenderHistory.defaultDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/cinegraph/history"));
    }

    @Test
    void theHistoryKeepsToItsBoundOldestFirstButAlwaysTheNewest() throws Exception {
        RenderHistory h = new RenderHistory(dir.resolve("bounded"), 35_000);
        String big = "{\"title\": \"" + "x".repeat(10_000) + "\"}\n";
        HistoryEntry last = null;
        for (int i = 0; i < 10; i++) {
            last = h.record(Instant.parse("2026-11-24T10:00:00Z").plusSeconds(i), 5, Optional.empty(), big, List.of(), List.of());
        }
        List<HistoryEntry> kept = h.list();
        assertThat(kept).hasSizeBetween(2, 3);
        assertThat(kept.get(0).id()).isEqualTo(last.id());
        // one record over the whole bound is still kept: the render just made is never dropped
        HistoryEntry huge = h.record(Instant.parse("2026-11-24T11:00:00Z"), 5, Optional.empty(), "x".repeat(50_000), List.of(), List.of());
        assertThat(h.list()).extracting(HistoryEntry::id).containsExactly(huge.id());
    }
}
