package org.cinegraph.app.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A FileOpener that records what it was asked to open, and fails when told to (no desktop in tests). */
final class RecordingOpener implements FileOpener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final String failure;

    private RecordingOpener(String failure) {
        this.failure = failure;
    }

    static RecordingOpener ok() {
        return new RecordingOpener(null);
    }

    static RecordingOpener failing(String why) {
        return new RecordingOpener(why);
    }

    @Override
    public void open(Path file) throws IOException {
        calls.add("open " + file);
        if (failure != null) throw new IOException(failure);
    }

    @Override
    public void showInFolder(Path file) throws IOException {
        calls.add("show " + file);
        if (failure != null) throw new IOException(failure);
    }
}
