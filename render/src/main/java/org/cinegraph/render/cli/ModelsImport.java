package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.remote.RemoteImporter;
import org.cinegraph.models.remote.RemoteNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
import java.util.concurrent.Callable;

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
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"A remote model from its provider's schema: a manifest in the model library, node remote.NAME in Models > Remote.",
                "  models import replicate OWNER/NAME --schema FILE   (the model's JSON from the Replicate API, or its OpenAPI schema)",
                "  models import fal ENDPOINT_ID --openapi FILE       (the endpoint's OpenAPI document from fal)",
                "  models import replicate --all FILE --dry-run       (which models of a catalogue would import, and why not)"})
final class ModelsImport implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROVIDER", description = "replicate or fal")
    String provider;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL", description = "OWNER/NAME (Replicate) or the endpoint id (fal)")
    String id;

    @Option(names = {"--schema", "--openapi"}, paramLabel = "FILE", description = "the provider's schema of the model")
    Path schema;

    @Option(names = "--all", paramLabel = "FILE", description = "a Replicate catalogue: a JSON array of models (with --dry-run)")
    Path all;

    @Option(names = "--dry-run", description = "with --all: report per model, install nothing")
    boolean dryRun;

    @Option(names = "--output", paramLabel = "image|video|text", description = "the kind of result, when the schema only says \"a URI\"")
    String kind;

    @Option(names = "--name", paramLabel = "NAME", description = "library name (default: provider-owner-name)")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "write the manifest here instead of installing it")
    Path target;

    ModelsImport(CliContext ctx) {
        this.ctx = ctx;
    }

    private ParameterException usage(String m) {
        return new ParameterException(spec.commandLine(), m);
    }

    @Override
    public Integer call() {
        PrintStream out = ctx.out;
        PrintStream err = ctx.err;
        if (!provider.equals("replicate") && !provider.equals("fal")) throw usage("unknown provider '" + provider + "' (replicate, fal)");
        if (kind != null && !List.of("image", "video", "text").contains(kind)) throw usage("--output is image, video or text, not '" + kind + "'");
        if (all != null) {
            if (!provider.equals("replicate")) throw usage("--all reads a Replicate catalogue");
            if (!dryRun) throw usage("--all needs --dry-run: a whole catalogue would add thousands of node types; import the models you use one by one");
            return dryRun(all);
        }
        if (id == null) throw usage("models import " + provider + " needs " + (provider.equals("fal") ? "an endpoint id" : "OWNER/NAME"));
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
                    m.outputs(), m.parameters(), m.licence(), m.source(), m.node(), m.remote());
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
        PrintStream out = ctx.out;
        PrintStream err = ctx.err;
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
        Path dest = ctx.library().userDir().resolve(m.name());
        Path staging = AtomicFiles.tempSibling(dest);
        try {
            Files.createDirectories(staging);
            Files.writeString(staging.resolve("manifest.json"), m.toJson(), StandardCharsets.UTF_8);
            AtomicFiles.commitDirectory(staging, dest);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
        return dest.resolve("manifest.json");
    }

    private static Path write(String text, Path target) throws IOException {
        AtomicFiles.writeString(target, text);
        return target;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
