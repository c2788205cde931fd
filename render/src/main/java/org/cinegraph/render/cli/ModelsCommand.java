package org.cinegraph.render.cli;

import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "models", mixinStandardHelpOptions = true, subcommands = ModelsImport.class,
        description = "The model library: installed models and the built-in catalogue.")
final class ModelsCommand {
    private final CliContext ctx;

    ModelsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    private ModelLibrary library() {
        return ctx.library();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Installed models and the built-in catalogue, with status.")
    int list() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelLibrary.Installed> installed = library().installed(problems);
        Map<String, ModelManifest> catalogue = ModelLibrary.catalogue();
        ctx.out.println("models in " + library().userDir());
        for (Map.Entry<String, String> e : library().status(problems).entrySet()) {
            ModelManifest m = installed.containsKey(e.getKey()) ? installed.get(e.getKey()).manifest() : catalogue.get(e.getKey());
            ctx.out.printf(Locale.ROOT, "  %-22s %-8s %-12s %-9s %s%n", m.name(), m.version(), m.format(),
                    String.format(Locale.ROOT, "%.1f MB", m.totalBytes() / (1024.0 * 1024.0)), e.getValue());
        }
        for (String p : problems) ctx.err.println("cinegraph: " + p);
        return Cli.OK;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Fetch a catalogue model, verify its sha256, install it.")
    int pull(@Parameters(paramLabel = "NAME", description = "a model of the catalogue (see models list)") String name) {
        if (!ModelLibrary.catalogue().containsKey(name)) {
            ctx.err.println("cinegraph: no model '" + name + "' in the catalogue (known: " + String.join(", ", ModelLibrary.catalogue().keySet()) + ")");
            return Cli.BAD_INPUT;
        }
        try {
            PullPrinter printer = new PullPrinter(ctx.err, System.console() != null);
            printer.starting(ModelLibrary.catalogued(name));
            ModelLibrary.Installed m = library().pull(ModelLibrary.catalogued(name), printer, ctx.cancel::isCancelled);
            ctx.out.println(m.manifest().name() + " " + m.manifest().version() + ": installed and verified in " + m.dir());
            return Cli.OK;
        } catch (ModelException e) {
            ctx.err.println();
            ctx.err.println("cinegraph: " + e.getMessage());
            return ModelLibrary.isCancelled(e) ? Cli.CANCELLED : Cli.FAILED;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-hash installed models (all, or NAME) against their manifests.")
    int verify(@Parameters(paramLabel = "NAME", arity = "0..1", description = "one installed model") String name) {
        List<String> problems = new ArrayList<>();
        Map<String, ModelLibrary.Installed> installed = library().installed(problems);
        if (name != null && !installed.containsKey(name)) {
            // a folder whose manifest was refused is there, but broken: say why, not "not installed"
            List<String> refused = problems.stream().filter(p -> p.contains(java.io.File.separator + name + java.io.File.separator)).toList();
            if (!refused.isEmpty()) {
                for (String p : refused) ctx.err.println("cinegraph: model '" + org.cinegraph.spi.OutputNames.quote(name).replace("'", "") + "' is refused: " + p);
                return Cli.FAILED;
            }
            ctx.err.println("cinegraph: model " + org.cinegraph.spi.OutputNames.quote(name) + " is not installed in " + library().userDir()
                    + (ModelLibrary.catalogue().containsKey(name) ? "; run: " + ModelLibrary.pullCommand(name) : " and not in the catalogue"));
            return Cli.BAD_INPUT;
        }
        boolean bad = false;
        for (ModelLibrary.Installed m : installed.values()) {
            if (name != null && !m.manifest().name().equals(name)) continue;
            List<String> issues = library().verify(m);
            if (issues.isEmpty()) {
                ctx.out.println(m.manifest().name() + ": ok (" + m.manifest().files().size() + " files)");
            } else {
                bad = true;
                for (String i : issues) ctx.out.println(m.manifest().name() + ": " + i);
                ctx.out.println(m.manifest().name() + ": damaged; reinstall with " + ModelLibrary.pullCommand(m.manifest().name()));
            }
        }
        if (name == null) {
            for (String p : problems) ctx.err.println("cinegraph: " + p);
            bad |= !problems.isEmpty();
            if (installed.isEmpty() && problems.isEmpty()) ctx.out.println("no models installed in " + library().userDir());
        }
        return bad ? Cli.FAILED : Cli.OK;
    }

    @Command(name = "add-lora", mixinStandardHelpOptions = true,
            description = {"Install a LoRA file (.safetensors) made elsewhere for a remote model that takes LoRAs (e.g. fal-flux-lora).",
                    "Without --url it exists only here: a render uploads it to the provider's file storage when it is used."})
    int addLora(@Parameters(paramLabel = "FILE", description = "the LoRA weights (.safetensors; read as data, never run)") java.nio.file.Path file,
                @Option(names = "--name", required = true, paramLabel = "NAME", description = "its name in the model library (for Load LoRA)") String name,
                @Option(names = "--for", required = true, paramLabel = "MODEL", description = "the remote model it adapts, e.g. fal-flux-lora") String model,
                @Option(names = "--url", paramLabel = "URL", description = "where the provider can fetch it already (https)") String url) {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            ctx.err.println("cinegraph: LoRA name '" + name + "' must be lower-case letters, digits, '.', '-', '_'");
            return Cli.BAD_INPUT;
        }
        if (url != null && !url.startsWith("https://")) {
            ctx.err.println("cinegraph: --url must be an https address the provider can fetch, not " + url);
            return Cli.BAD_INPUT;
        }
        ModelManifest target = library().find(model).map(ModelLibrary.Installed::manifest).orElse(ModelLibrary.catalogue().get(model));
        boolean takesLoras = target != null && target.isRemote() && target.remote().inputs().stream().anyMatch(p -> "loras".equals(p.type()));
        if (!takesLoras) {
            ctx.err.println("cinegraph: " + (target == null ? "no model '" + model + "' in the library or the catalogue"
                    : "model " + model + " takes no LoRAs") + "; --for names a remote model with a loras input, e.g. fal-flux-lora"
                    + " (LoRAs of twemoji-flow come from cinegraph train lora)");
            return Cli.BAD_INPUT;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            ctx.err.println("cinegraph: " + file + ": no such file");
            return Cli.BAD_INPUT;
        }
        if (library().find(name).isPresent()) {
            ctx.err.println("cinegraph: a model named " + name + " is already installed in " + library().userDir() + "; choose another --name");
            return Cli.BAD_INPUT;
        }
        try {
            ModelLibrary.Installed i = org.cinegraph.models.LoraFiles.install(library(), file, name, target, url,
                    "LoRA for " + model + " from " + file.getFileName(), "see the LoRA's own licence");
            ctx.out.printf(Locale.ROOT, "%s: LoRA for %s (rank %d, %d layers) installed and verified in %s%s%n", name, model, i.manifest().lora().rank(),
                    i.manifest().lora().targets().size(), i.dir(), url == null ? "; it is uploaded to the provider when a render uses it" : "");
            return Cli.OK;
        } catch (java.io.IOException | ModelException e) {
            ctx.err.println("cinegraph: cannot add LoRA " + name + ": " + e.getMessage());
            return Cli.FAILED;
        }
    }
}
