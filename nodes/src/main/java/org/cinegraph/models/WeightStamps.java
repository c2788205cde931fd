package org.cinegraph.models;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which weight files have been hashed and matched their sha256, so weights are verified when a
 * model is used without re-hashing gigabytes on every run. A stamp is the file's identity: path,
 * file key (device and inode), size, modification time and, where the file system has it, the
 * change time (which no tool can set back); any write to the file changes it, so a stamp that
 * no longer matches means hashing again. Stamps live in memory for the process and in one file
 * ({@code .verified} in the user's model folder) across runs.
 */
final class WeightStamps {
    private static final Logger LOG = Logger.getLogger(WeightStamps.class.getName());
    private static final int MAX_STAMPS = 4096;
    /** identity -> sha256, for the whole process (libraries are made per graph). */
    private static final Map<String, String> VERIFIED = new ConcurrentHashMap<>();
    private static final Map<Path, Boolean> LOADED = new ConcurrentHashMap<>();

    private WeightStamps() {
    }

    /** The identity of a regular file, not following links. */
    static String identity(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object ctime;
        try {
            ctime = Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            ctime = "-";
        }
        String nanos = ctime instanceof FileTime t ? String.valueOf(t.to(java.util.concurrent.TimeUnit.NANOSECONDS)) : String.valueOf(ctime);
        return p.toAbsolutePath().normalize() + "|" + a.fileKey() + "|" + a.size() + "|"
                + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + "|" + nanos;
    }

    /** Whether a file with this identity was hashed to {@code sha256} before (in this process or, per {@code store}, earlier). */
    static boolean verified(Path store, String identity, String sha256) {
        load(store);
        return sha256.equals(VERIFIED.get(identity));
    }

    /** Remembers a hash that matched, in the process and in {@code store} (best effort: a read-only folder just means hashing again next run). */
    static synchronized void remember(Path store, String identity, String sha256) {
        load(store);
        VERIFIED.put(identity, sha256);
        if (store == null) return;
        Map<String, String> lines = new LinkedHashMap<>(read(store));
        lines.remove(identity);
        lines.put(identity, sha256);
        List<String> keep = new ArrayList<>(lines.keySet());
        StringBuilder sb = new StringBuilder();
        for (String id : keep.subList(Math.max(0, keep.size() - MAX_STAMPS), keep.size())) sb.append(lines.get(id)).append('\t').append(id).append('\n');
        try {
            AtomicFiles.write(store, false, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot write " + store, e);
        }
    }

    private static void load(Path store) {
        if (store == null || LOADED.putIfAbsent(store, true) != null) return;
        read(store).forEach(VERIFIED::putIfAbsent);
    }

    private static Map<String, String> read(Path store) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab == 64) out.put(line.substring(tab + 1), line.substring(0, tab));
            }
        } catch (NoSuchFileException e) {
            // nothing verified yet
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot read " + store + "; weights are hashed again", e);
        }
        return out;
    }
}
