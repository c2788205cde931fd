package org.cinegraph.models.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Fetches a result file a provider points to: https only (plain http only to this machine),
 * redirects followed only to the same scheme and at most five times, a size limit, the declared
 * content type and the file's first bytes both checked against what the port expects, and the
 * file complete (Content-Length honoured) before it is renamed to its final name. The provider
 * key is never sent with a download.
 */
final class Downloads {
    private static final int MAX_REDIRECTS = 5;
    private static final Set<String> BINARY = Set.of("application/octet-stream", "binary/octet-stream", "");

    /** What a port expects, with the formats accepted for it. */
    enum Kind {
        IMAGE, VIDEO, LORA;

        String noun() {
            return this == LORA ? "LoRA file" : name().toLowerCase(Locale.ROOT);
        }
    }

    private Downloads() {
    }

    /**
     * Downloads {@code url} into {@code dir} as {@code base.EXT} (the extension from the file's
     * magic bytes) and returns the file.
     */
    static Path fetch(RemoteHttp http, String url, Kind kind, Path dir, String base, CallContext call) throws RemoteException {
        long cap = kind == Kind.IMAGE ? http.limits().maxImageBytes() : http.limits().maxVideoBytes();
        Path part = dir.resolve("." + base + ".part");
        try {
            Files.createDirectories(dir);
            if (url.startsWith("data:")) {
                writeDataUri(url, part, cap, call);
            } else {
                get(http, url, kind, part, cap, call);
            }
            String ext = extension(part, kind, call, url);
            Path done = dir.resolve(base + "." + ext);
            Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return done;
        } catch (IOException e) {
            throw new RemoteException(call.who + ": cannot keep the downloaded " + kind.noun() + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a stray .part file in a temp or cache folder is harmless
            }
        }
    }

    private static void get(RemoteHttp http, String url, Kind kind, Path part, long cap, CallContext call) throws RemoteException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(call.who + ": the result names an invalid URL for its " + kind.noun());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        for (int hop = 0; ; hop++) {
            String refusal = UrlPolicy.refusal(uri);
            if (refusal != null) throw new RemoteException(call.who + ": refusing to download " + RemoteHttp.safe(uri) + ": " + refusal);
            HttpResponse.BodyHandler<byte[]> handler = info -> {
                int s = info.statusCode();
                if (s / 100 != 2) return new RemoteHttp.Capped(new RemoteHttp.MemorySink(), 16 << 10);
                String type = RemoteHttp.header(info.headers(), "Content-Type");
                String base = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type.strip();
                if (!typeFits(base, kind)) return RemoteHttp.refuse("the server sent " + (base.isEmpty() ? "no content type" : base) + ", not a " + kind.noun());
                long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length > cap) return RemoteHttp.refuse("the " + kind.noun() + " is " + RemoteHttp.megabytes(length) + ", more than the limit of " + RemoteHttp.megabytes(cap));
                try {
                    return new RemoteHttp.Capped(new RemoteHttp.FileSink(part), cap, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            RemoteHttp.Answer a = http.send(HttpRequest.newBuilder(uri).GET(), "download of the " + kind.noun(), true, call, handler);
            if (a.status() / 100 == 3) {
                String loc = a.headers().firstValue("Location").orElse(null);
                if (loc == null) throw new RemoteException(call.who + ": download redirected without a Location");
                if (hop >= MAX_REDIRECTS) throw new RemoteException(call.who + ": download redirected more than " + MAX_REDIRECTS + " times");
                URI next = uri.resolve(loc);
                if (!scheme.equals(String.valueOf(next.getScheme()).toLowerCase(Locale.ROOT))) {
                    throw new RemoteException(call.who + ": download redirected from " + scheme + " to " + next.getScheme() + "; refused");
                }
                uri = next;
                continue;
            }
            if (!a.ok()) {
                throw new RemoteException(call.who + ": download of the " + kind.noun() + " failed: HTTP " + a.status() + " from " + RemoteHttp.safe(uri));
            }
            return;
        }
    }

    private static void writeDataUri(String url, Path part, long cap, CallContext call) throws RemoteException, IOException {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) throw new RemoteException(call.who + ": the result holds a data URI that is not base64");
        if ((url.length() - comma) * 3L / 4 > cap) throw new RemoteException(call.who + ": the result's inline file is larger than the limit of " + RemoteHttp.megabytes(cap));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw new RemoteException(call.who + ": the result's inline file is not valid base64");
        }
        Files.write(part, bytes);
    }

    private static boolean typeFits(String type, Kind kind) {
        if (BINARY.contains(type)) return true;
        return switch (kind) {
            case IMAGE -> type.startsWith("image/");
            case VIDEO -> type.startsWith("video/") || type.equals("image/gif");
            case LORA -> false;
        };
    }

    /** The file extension its first bytes prove, or a refusal. */
    private static String extension(Path file, Kind kind, CallContext call, String url) throws IOException, RemoteException {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String ext = sniff(head, n);
        boolean fits = ext != null && switch (kind) {
            case IMAGE -> Set.of("png", "jpg", "webp", "gif", "bmp").contains(ext);
            case VIDEO -> Set.of("mp4", "webm", "gif").contains(ext);
            case LORA -> ext.equals("safetensors");
        };
        if (!fits) {
            throw new RemoteException(call.who + ": the downloaded " + kind.noun() + " is not one (" + (n == 0 ? "empty file" : "starts with " + printable(head, n)) + ")"
                    + (url.startsWith("data:") ? "" : " from " + RemoteHttp.safe(URI.create(url))));
        }
        return ext;
    }

    /** The format a file's first bytes prove (png, jpg, webp, gif, bmp, mp4, webm, safetensors), or null. */
    static String sniff(Path file) throws IOException {
        byte[] head = new byte[16];
        try (InputStream in = Files.newInputStream(file)) {
            return sniff(head, in.readNBytes(head, 0, head.length));
        }
    }

    static String sniff(byte[] h, int n) {
        if (n >= 8 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') return "png";
        if (n >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) return "jpg";
        if (n >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F' && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P') return "webp";
        if (n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') return "gif";
        if (n >= 2 && h[0] == 'B' && h[1] == 'M') return "bmp";
        if (n >= 8 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') return "mp4";
        if (n >= 4 && (h[0] & 0xFF) == 0x1A && (h[1] & 0xFF) == 0x45 && (h[2] & 0xFF) == 0xDF && (h[3] & 0xFF) == 0xA3) return "webm";
        // safetensors: an 8-byte little-endian header length below 100 MB, then the JSON header's '{'
        if (n >= 9 && h[8] == '{' && h[4] == 0 && h[5] == 0 && h[6] == 0 && h[7] == 0 && (h[3] & 0xFF) < 0x07) return "safetensors";
        return null;
    }

    private static String printable(byte[] h, int n) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, 8); i++) b.append(h[i] >= 32 && h[i] < 127 ? (char) h[i] : '.');
        return b.append('"').toString();
    }
}
