package org.cinegraph.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a node's result depends on, part by part ("type", "param:exposure", "input:image",
 * "file:file", ...). The cache key is the sha256 of all parts; comparing parts with the
 * previous render's says why a node ran again.
 */
public record Fingerprint(SortedMap<String, String> parts) {
    public Fingerprint {
        parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
    }

    public String key() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : parts.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 1);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Human-readable differences to an earlier fingerprint of the same node ("parameter exposure changed"). */
    public List<String> changesSince(Fingerprint before) {
        List<String> out = new ArrayList<>();
        TreeMap<String, String> all = new TreeMap<>(before.parts);
        all.putAll(parts);
        for (String part : all.keySet()) {
            if (Objects.equals(before.parts.get(part), parts.get(part))) continue;
            int colon = part.indexOf(':');
            String kind = colon < 0 ? part : part.substring(0, colon);
            String name = colon < 0 ? "" : part.substring(colon + 1);
            out.add(switch (kind) {
                case "type" -> "node type version changed";
                case "param" -> "parameter " + name + " changed";
                case "input" -> "input " + name + " changed";
                case "file" -> "file of " + name + " changed";
                case "model" -> "weights of model " + name + " changed";
                case "range" -> "frame range changed";
                case "out" -> "output folder changed";
                case "bypass" -> "bypass changed";
                default -> part + " changed";
            });
        }
        return out;
    }
}
