package org.cinegraph.render.cli;

import org.cinegraph.models.remote.Credentials;
import org.cinegraph.models.remote.RemoteException;
import org.cinegraph.models.remote.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code cinegraph credentials}: where the remote providers' keys come from, and storing one in
 * the owner-only credentials file. A key is read from the terminal without echo (or one line of
 * standard input, for scripts) and never printed.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "API keys of the remote model providers (fal, Replicate): where they come from, and storing one.")
final class CredentialsCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Credentials credentials;

    CredentialsCommand(CliContext ctx) {
        this(ctx.out, ctx.err, System.in, Credentials.fromEnvironment());
    }

    CredentialsCommand(PrintStream out, PrintStream err, InputStream in, Credentials credentials) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.credentials = credentials;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Which providers have a key, and where it comes from (never the key).")
    int list() {
        try {
            for (String p : Credentials.providers()) {
                out.println(p + ": " + credentials.source(p).map(s -> "key from " + s)
                        .orElse("no key (set " + Credentials.variable(p) + " or run: cinegraph credentials set " + p + ")"));
            }
            return Cli.OK;
        } catch (RemoteException e) {
            err.println("cinegraph: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Store a provider's key in the owner-only credentials file ($CINEGRAPH_CREDENTIALS, else the user's config folder);"
                    + " the key is read from the terminal without echo, or one line of standard input.")
    int set(@Parameters(paramLabel = "PROVIDER", description = "fal or replicate") String provider) {
        if (!Credentials.providers().contains(provider)) {
            err.println("cinegraph: unknown provider '" + provider + "' (" + String.join(", ", Credentials.providers()) + ")");
            return Cli.BAD_INPUT;
        }
        try {
            String key = readKey(provider);
            if (key == null || key.isBlank()) {
                err.println("cinegraph: no key given; nothing stored");
                return Cli.BAD_INPUT;
            }
            credentials.store(provider, new Secret(key));
            out.println(provider + ": key stored in " + credentials.file() + " (readable by you only)");
            return Cli.OK;
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
