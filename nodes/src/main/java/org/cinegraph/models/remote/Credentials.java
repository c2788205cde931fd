package org.cinegraph.models.remote;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where API keys come from: the environment ({@code FAL_KEY}, {@code REPLICATE_API_TOKEN}) first,
 * else the credentials file in the user's config folder ({@code $CINEGRAPH_CREDENTIALS}, else
 * {@code $XDG_CONFIG_HOME/cinegraph/credentials}, else {@code ~/.config/cinegraph/credentials}),
 * lines {@code FAL_KEY=...}. The file must be readable by its owner only (0600): a group- or
 * world-readable file is refused. Keys are configuration, never data: nothing here writes them
 * anywhere but that file.
 */
public final class Credentials {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private final Map<String, String> env;
    private final Path file;

    public Credentials(Map<String, String> env, Path file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    public static Credentials fromEnvironment() {
        return new Credentials(System.getenv(), defaultFile(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultFile(Map<String, String> env, String home) {
        if (notBlank(env.get("CINEGRAPH_CREDENTIALS"))) return Path.of(env.get("CINEGRAPH_CREDENTIALS"));
        if (notBlank(env.get("XDG_CONFIG_HOME"))) return Path.of(env.get("XDG_CONFIG_HOME"), "cinegraph", "credentials");
        return Path.of(home, ".config", "cinegraph", "credentials");
    }

    public Path file() {
        return file;
    }

    /** The environment variable that holds a provider's key. */
    public static String variable(String provider) {
        return switch (provider) {
            case RemoteModel.FAL -> "FAL_KEY";
            case RemoteModel.REPLICATE -> "REPLICATE_API_TOKEN";
            default -> throw new IllegalArgumentException("unknown provider " + provider + " (fal, replicate)");
        };
    }

    /**
     * The provider's key.
     *
     * @param who what needs it, for the message ("node gen1: fal fal-ai/flux/schnell")
     * @throws RemoteException saying which variable to set or how to fix the file
     */
    public Secret require(String provider, String who) throws RemoteException {
        String var = variable(provider);
        if (notBlank(env.get(var))) return new Secret(env.get(var));
        Optional<String> stored = readFile(who).map(m -> m.get(var)).filter(Credentials::notBlank);
        if (stored.isPresent()) return new Secret(stored.get());
        throw new RemoteException(who + ": no " + provider + " key: set " + var + " or run: cinegraph credentials set " + provider);
    }

    /** Where the provider's key would come from ("environment FAL_KEY", "file ..."), if anywhere. */
    public Optional<String> source(String provider) throws RemoteException {
        String var = variable(provider);
        if (notBlank(env.get(var))) return Optional.of("environment variable " + var);
        return readFile("credentials").map(m -> m.get(var)).filter(Credentials::notBlank).map(k -> "file " + file);
    }

    private Optional<Map<String, String>> readFile(String who) throws RemoteException {
        if (file == null || !Files.isRegularFile(file)) return Optional.empty();
        try {
            if (posix()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new RemoteException(who + ": credentials file " + file + " is readable by others (mode "
                            + PosixFilePermissions.toString(perms) + "); refusing it: run chmod 600 " + file);
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                int eq = t.indexOf('=');
                if (t.isEmpty() || t.startsWith("#") || eq <= 0) continue;
                out.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
            }
            return Optional.of(out);
        } catch (IOException e) {
            throw new RemoteException(who + ": cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores a provider's key in the credentials file, keeping other entries: the new file is
     * created owner-only (0600) under a temporary name and renamed into place.
     */
    public void store(String provider, Secret key) throws IOException, RemoteException {
        String var = variable(provider);
        Map<String, String> entries = new LinkedHashMap<>(readFile("credentials").orElse(Map.of()));
        entries.put(var, key.reveal());
        AtomicFiles.createParents(file);
        Path temp = AtomicFiles.tempSibling(file);
        try {
            if (posix()) Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            else Files.createFile(temp);
            StringBuilder text = new StringBuilder("# Cinegraph API keys (keep this file private: chmod 600)\n");
            entries.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            AtomicFiles.commitFile(temp, file);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** Providers known to Cinegraph. */
    public static List<String> providers() {
        return List.of(RemoteModel.FAL, RemoteModel.REPLICATE);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
