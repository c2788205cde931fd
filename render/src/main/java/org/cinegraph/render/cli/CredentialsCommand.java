package org.cinegraph.render.cli;

import org.cinegraph.models.remote.Credentials;
import org.cinegraph.models.remote.RemoteException;
import org.cinegraph.models.remote.Secret;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code cinegraph credentials}: where the remote providers' keys come from, and storing one in
 * the owner-only credentials file. A key is read from the terminal without echo (or one line of
 * standard input, for scripts) and never printed.
 */
final class CredentialsCommand {
    static final String USAGE = String.join("\n",
            "  credentials list   which providers have a key, and where it comes from (never the key)",
            "  credentials set fal|replicate",
            "                     store a key (read from the terminal, or one line of standard input) in the",
            "                     owner-only credentials file");

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Credentials credentials;

    CredentialsCommand(PrintStream out, PrintStream err, InputStream in, Credentials credentials) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.credentials = credentials;
    }

    int run(List<String> args) throws ModelsImport.Usage {
        if (args.isEmpty()) throw new ModelsImport.Usage("credentials needs list or set PROVIDER");
        try {
            switch (args.get(0)) {
                case "list" -> {
                    if (args.size() != 1) throw new ModelsImport.Usage("credentials list takes no arguments");
                    for (String p : Credentials.providers()) {
                        out.println(p + ": " + credentials.source(p).map(s -> "key from " + s)
                                .orElse("no key (set " + Credentials.variable(p) + " or run: cinegraph credentials set " + p + ")"));
                    }
                    return Cli.OK;
                }
                case "set" -> {
                    if (args.size() != 2 || !Credentials.providers().contains(args.get(1))) {
                        throw new ModelsImport.Usage("credentials set takes a provider: " + String.join(" or ", Credentials.providers()));
                    }
                    String key = readKey(args.get(1));
                    if (key == null || key.isBlank()) {
                        err.println("cinegraph: no key given; nothing stored");
                        return Cli.BAD_INPUT;
                    }
                    credentials.store(args.get(1), new Secret(key));
                    out.println(args.get(1) + ": key stored in " + credentials.file() + " (readable by you only)");
                    return Cli.OK;
                }
                default -> throw new ModelsImport.Usage("unknown credentials command '" + args.get(0) + "' (list, set)");
            }
        } catch (RemoteException e) {
            err.println("cinegraph: " + e.getMessage());
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            err.println("cinegraph: cannot write " + credentials.file() + ": " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private String readKey(String provider) throws IOException {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] k = console.readPassword("%s key: ", provider);
            return k == null ? null : new String(k);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }
}
