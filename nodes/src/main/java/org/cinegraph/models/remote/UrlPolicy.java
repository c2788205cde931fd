package org.cinegraph.models.remote;

import java.net.URI;
import java.util.Locale;

/**
 * Which URLs a remote node talks to: https anywhere, plain http only to this machine (test
 * servers, local gateways), so keys and results never cross a network in clear text.
 */
final class UrlPolicy {
    private UrlPolicy() {
    }

    /** @return null when allowed, else why not */
    static String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) return "no host in " + uri;
        if (scheme.equals("https")) return null;
        if (scheme.equals("http")) return loopback(uri.getHost()) ? null : "plain http is allowed only to this machine (use https)";
        return "scheme '" + scheme + "' is not allowed (https only)";
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
