package org.cinegraph.app.queue;

import org.cinegraph.app.task.SameThreadTaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderQueueTest {
    @TempDir
    Path tmp;

    private QueuedRender render(String id, String text) {
        return new QueuedRender(id, "shot " + id, text, id.equals("a") ? Optional.of(tmp.resolve("g.cgraph")) : Optional.empty(),
                tmp, tmp.resolve("out-" + id), Instant.parse("2025-01-02T03:04:05Z"));
    }

    private List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theQueueSurvivesARestartInItsOrderAndKeepsNoGraphItNoLongerHolds() throws Exception {
        Path dir = tmp.resolve("queue");
        RenderQueue q = new RenderQueue(new RenderQueueStore(dir), new SameThreadTaskRunner());
        q.add(render("a", "{\"graph\":\"A\"}"));
        q.add(render("b", "{\"graph\":\"B\"}"));
        q.add(render("c", "{\"graph\":\"C\"}"));
        q.move(q.items().get(2), -2);
        q.remove(q.items().get(1));
        assertThat(q.items()).extracting(QueuedRender::id).containsExactly("c", "b");
        assertThat(files(dir)).containsExactly("b.cgraph", "c.cgraph", "queue.json");

        RenderQueue again = new RenderQueue(new RenderQueueStore(dir), new SameThreadTaskRunner());
        int[] loaded = {-1};
        again.load(n -> loaded[0] = n);
        assertThat(loaded[0]).isEqualTo(2);
        assertThat(again.items()).containsExactlyElementsOf(q.items());
        assertThat(again.poll().orElseThrow().graphText()).isEqualTo("{\"graph\":\"C\"}");
        assertThat(files(dir)).containsExactly("b.cgraph", "queue.json");
        again.clear();
        assertThat(files(dir)).containsExactly("queue.json");
        assertThat(again.poll()).isEmpty();
    }

    @Test
    void aLostGraphFileDropsItsEntryWithALineAndABrokenIndexSaysWhichFile() throws Exception {
        Path dir = tmp.resolve("queue");
        RenderQueueStore store = new RenderQueueStore(dir);
        store.save(List.of(render("a", "A"), render("b", "B")));
        Files.delete(dir.resolve("a.cgraph"));
        RenderQueue q = new RenderQueue(store, new SameThreadTaskRunner());
        q.load(n -> { });
        assertThat(q.items()).extracting(QueuedRender::id).containsExactly("b");
        assertThat(q.noteProperty().get()).contains("shot a").contains("could not be read back");

        Files.writeString(dir.resolve("queue.json"), "{ not json");
        assertThatThrownBy(store::load).hasMessageContaining("queue.json").hasMessageContaining("not a readable queue");
        RenderQueue broken = new RenderQueue(store, new SameThreadTaskRunner());
        broken.load(n -> { });
        assertThat(broken.items()).isEmpty();
        assertThat(broken.noteProperty().get()).startsWith("The saved render queue could not be read");
    }
}
