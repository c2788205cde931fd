package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.media.AtomicFiles;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.remote.RemoteImporter;
import org.cinegraph.models.remote.RemoteNode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cinegraph models import}: remote model manifests from the providers' schemas.
 * <pre>
 *   models import replicate OWNER/NAME --schema FILE [--output image|video|text] [--name NAME] [--out FILE]
 *   models import fal ENDPOINT_ID --openapi FILE [--output image|video|text] [--name NAME] [--out FILE]
 *   models import replicate --all FILE --dry-run
 * </pre>
 * A model is installed into the model library (a folder with its manifest.json), where it becomes
 * node {@code remote.NAME}; {@code --out} writes the manifest to a file instead.
 */
final class ModelsImport {
    static final String USAGE = String.join("\n",
            "  models import replicate OWNER/NAME --schema FILE [--output image|video|text] [--name NAME] [--out FILE]",
            "  models import fal ENDPOINT_ID --openapi FILE [--output image|video|text] [--name NAME] [--out FILE]",
            "                     a remote model from the provider's schema: a node remote.NAME in the library",
            "  models import replicate --all FILE --dry-run",
            "                     which models of a Replicate catalogue would import, with the reasons for the others");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final ModelLibrary library;

    ModelsImport(PrintStream out, PrintStream err, ModelLibrary library) {
        this.out = out;
        this.err = err;
        this.library = library;
    }

    /** Bad arguments. */
    static final class Usage extends Exception {
        Usage(String m) {
            super(m);
        }
    }

    int run(List<String> args) throws Usage {
        if (args.isEmpty()) throw new Usage("models import needs a provider: replicate or fal");
        String provider = args.get(0);
        if (!provider.equals("replicate") && !provider.equals("fal")) throw new Usage("unknown provider '" + provider + "' (replicate, fal)");
        String id = null;
        Path schema = null;
        Path all = null;
        Path target = null;
        String name = null;
        String kind = null;
        boolean dryRun = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--schema", "--openapi" -> schema = Path.of(value(args, i++, a));
                case "--all" -> all = Path.of(value(args, i++, a));
                case "--out" -> target = Path.of(value(args, i++, a));
                case "--name" -> name = value(args, i++, a);
                case "--output" -> {
                    kind = value(args, i++, a);
                    if (!List.of("image", "video", "text").contains(kind)) throw new Usage("--output is image, video or text, not '" + kind + "'");
                }
                case "--dry-run" -> dryRun = true;
                default -> {
                    if (a.startsWith("-")) throw new Usage("unknown option " + a);
                    if (id != null) throw new Usage("models import takes one model, got " + id + " and " + a);
                    id = a;
                }
            }
        }
        if (all != null) {
            if (!provider.equals("replicate")) throw new Usage("--all reads a Replicate catalogue");
            if (!dryRun) throw new Usage("--all needs --dry-run: a whole catalogue would add thousands of node types; import the models you use one by one");
            return dryRun(all);
        }
        if (id == null) throw new Usage("models import " + provider + " needs " + (provider.equals("fal") ? "an endpoint id" : "OWNER/NAME"));
        if (schema == null) {
            err.println("cinegraph: pass the schema as a file: " + (provider.equals("fal")
                    ? "--openapi FILE (the endpoint's OpenAPI document from fal)"
                    : "--schema FILE (the model's JSON from the Replicate API, GET /v1/models/" + id + ", or its OpenAPI schema)"));
            return Cli.BAD_INPUT;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readString(schema, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            err.println("cinegraph: " + schema + ": no such file");
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            err.println("cinegraph: " + schema + ": not a JSON document: " + firstLine(e.getMessage()));
            return Cli.BAD_INPUT;
        }
        RemoteImporter.Result r = provider.equals("fal") ? RemoteImporter.fal(id, doc, kind) : RemoteImporter.replicate(id, doc, kind);
        if (!r.imported()) {
            err.println("cinegraph: " + id + " refused: " + r.refusal());
            r.notes().forEach(n -> err.println("  " + n));
            return Cli.FAILED;
        }
        ModelManifest m = r.manifest();
        if (name != null) {
            m = new ModelManifest(name, m.version(), m.task(), m.format(), m.architecture(), m.description(), m.entry(), m.files(), m.inputs(),
                    m.outputs(), m.parameters(), m.licence(), m.source(), m.remote());
        }
        try {
            m = m.validated(id);
            Path written = target != null ? write(m.toJson(), target) : install(m);
            out.println("imported " + m.name() + " -> " + written + " (node " + RemoteNode.typeId(m.name()) + ", in Models > Remote)");
            r.notes().forEach(n -> out.println("  " + n));
            return Cli.OK;
        } catch (org.cinegraph.models.ModelException e) {
            err.println("cinegraph: " + e.getMessage());
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            err.println("cinegraph: cannot write the manifest: " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private int dryRun(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RemoteImporter.Summary s = RemoteImporter.replicateAll(in, r -> out.println(r.imported()
                    ? "imported  " + r.id() + " as " + r.manifest().name()
                    : "refused   " + r.id() + ": " + r.refusal()));
            out.printf(Locale.ROOT, "%d models: %d would import, %d refused%n", s.models(), s.imported(), s.models() - s.imported());
            s.refusals().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
            return Cli.OK;
        } catch (NoSuchFileException e) {
            err.println("cinegraph: " + file + ": no such file");
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            err.println("cinegraph: " + file + ": not a model catalogue: " + firstLine(e.getMessage()));
            return Cli.BAD_INPUT;
        }
    }

    /** Installs the manifest as a model folder in the library: staged, then renamed into place. */
    private Path install(ModelManifest m) throws IOException {
        Path dest = library.userDir().resolve(m.name());
        Path staging = AtomicFiles.tempSibling(dest);
        try {
            Files.createDirectories(staging);
            Files.writeString(staging.resolve("manifest.json"), m.toJson(), StandardCharsets.UTF_8);
            AtomicFiles.commitDirectory(staging, dest);
        } finally {
            AtomicFiles.deleteQuietly(staging);
        }
        return dest.resolve("manifest.json");
    }

    private static Path write(String text, Path target) throws IOException {
        AtomicFiles.createParents(target);
        Path temp = AtomicFiles.tempSibling(target);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            AtomicFiles.commitFile(temp, target);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
        return target;
    }

    private static String value(List<String> args, int i, String flag) throws Usage {
        if (i + 1 >= args.size()) throw new Usage(flag + " needs a value");
        return args.get(i + 1);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
