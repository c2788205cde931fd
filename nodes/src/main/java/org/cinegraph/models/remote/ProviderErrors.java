package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a provider's error answer into one line a person can act on: 401 (the key was refused),
 * 402 (out of credit), 422 (which input field was invalid), 404, 429, 5xx, each with the
 * provider's own words, shortened, with the key blanked out.
 */
final class ProviderErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderErrors() {
    }

    static RemoteException error(String provider, String what, RemoteHttp.Answer a, CallContext call) {
        return new RemoteException(call.who + ": " + describe(provider, what, a, call.key));
    }

    static String describe(String provider, String what, RemoteHttp.Answer a, Secret key) {
        JsonNode body = parse(a.body());
        String detail = detail(body, a);
        int s = a.status();
        String lower = detail.toLowerCase(Locale.ROOT);
        String retried = a.attempts() > 1 ? " (after " + a.attempts() + " attempts)" : "";
        String text;
        if (s == 402 || (s == 403 && (lower.contains("balance") || lower.contains("credit") || lower.contains("locked")))) {
            text = "HTTP " + s + " out of credit: " + detail;
        } else if (s == 401 || s == 403) {
            text = "HTTP " + s + " unauthorized: the " + provider + " key (" + Credentials.variable(provider) + " or the credentials file) was refused"
                    + (detail.isEmpty() ? "" : ": " + detail);
        } else if (s == 422 || s == 400) {
            String fields = invalidFields(body);
            text = "HTTP " + s + " invalid input: " + (fields.isEmpty() ? detail : fields);
        } else if (s == 404) {
            text = "HTTP 404 not found: the endpoint does not exist or is not visible to this key" + (detail.isEmpty() ? "" : " (" + detail + ")");
        } else if (s == 429) {
            text = "HTTP 429 rate limited" + retried + (detail.isEmpty() ? "" : ": " + detail);
        } else if (s >= 500) {
            text = "HTTP " + s + " server error" + retried + (detail.isEmpty() ? "" : ": " + detail);
        } else {
            text = "HTTP " + s + (detail.isEmpty() ? "" : ": " + detail);
        }
        return what + " failed: " + oneLine(key == null ? text : key.redact(text));
    }

    /** The fields a 422 names: fal's detail[].loc/msg, Replicate's invalid_fields[].field/description. */
    static String invalidFields(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body == null) return "";
        for (JsonNode d : body.path("detail")) {
            if (!d.isObject()) continue;
            List<String> loc = new ArrayList<>();
            d.path("loc").forEach(l -> {
                if (!l.asText().equals("body")) loc.add(l.asText());
            });
            out.add("field '" + String.join(".", loc) + "': " + d.path("msg").asText(""));
        }
        for (JsonNode f : body.path("invalid_fields")) {
            String field = f.path("field").asText("");
            if (field.startsWith("input.")) field = field.substring("input.".length());
            out.add("field '" + field + "': " + f.path("description").asText(f.path("type").asText("")));
        }
        return String.join("; ", out);
    }

    private static String detail(JsonNode body, RemoteHttp.Answer a) {
        if (body == null) {
            String t = a.text().strip();
            if (t.startsWith("<")) return "";   // an HTML error page says nothing useful in one line
            return t;
        }
        JsonNode d = body.path("detail");
        if (d.isTextual()) return d.asText();
        for (String k : List.of("error", "message", "title")) {
            if (body.path(k).isTextual()) return body.path(k).asText();
        }
        return "";
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }
}
