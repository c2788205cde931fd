package org.cinegraph.models.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input and output types of every fal endpoint, read from {@code src/types/endpoints.d.ts} of
 * the {@code @fal-ai/client} npm package (fal's published schemas as TypeScript): the endpoint map,
 * type aliases, and object types with their fields (optional or not, TypeScript type, and the
 * "Default value" their doc comment states). Enough TypeScript for that file, nothing more.
 */
final class FalEndpointTypes {
    private static final Pattern ENDPOINT = Pattern.compile("^\\s+\"([^\"]+)\": \\{\\s*\\n\\s+input: (\\w+);\\s*\\n\\s+output: (\\w+);", Pattern.MULTILINE);
    private static final Pattern ALIAS = Pattern.compile("^export type (\\w+) = (\\w+);", Pattern.MULTILINE);
    private static final Pattern OBJECT = Pattern.compile("^export type (\\w+) = \\{\\n(.*?)^\\};", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^    (\\w+)(\\??): (.+);$");
    private static final Pattern DEFAULT = Pattern.compile("Default value: `(.*?)`");

    /** A field of an object type. */
    record Field(String name, boolean optional, String type, String defaultValue, String doc) {
        boolean isFile() {
            return type.contains("Blob | File") || type.contains("Blob|File");
        }

        /** The quoted literals of a union type ("a" | "b" | ImageSize -> a, b). */
        List<String> literals() {
            List<String> out = new ArrayList<>();
            for (String part : type.split("\\|")) {
                String p = part.strip();
                if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) out.add(p.substring(1, p.length() - 1));
            }
            return out;
        }

        /** T of Array<T>, or empty. */
        Optional<String> element() {
            Matcher m = Pattern.compile("^Array<(\\w+)>").matcher(type.strip());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    record Endpoint(String id, String input, String output) {
    }

    final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    final Map<String, String> aliases = new LinkedHashMap<>();
    final Map<String, Map<String, Field>> objects = new LinkedHashMap<>();

    static FalEndpointTypes read(Path dts) throws IOException {
        String src = Files.readString(dts, StandardCharsets.UTF_8);
        FalEndpointTypes t = new FalEndpointTypes();
        Matcher e = ENDPOINT.matcher(src);
        while (e.find()) t.endpoints.put(e.group(1), new Endpoint(e.group(1), e.group(2), e.group(3)));
        Matcher a = ALIAS.matcher(src);
        while (a.find()) t.aliases.put(a.group(1), a.group(2));
        Matcher o = OBJECT.matcher(src);
        while (o.find()) t.objects.put(o.group(1), fields(o.group(2)));
        return t;
    }

    private static Map<String, Field> fields(String body) {
        Map<String, Field> out = new LinkedHashMap<>();
        StringBuilder doc = new StringBuilder();
        for (String line : body.split("\n")) {
            String s = line.strip();
            if (s.startsWith("/**") || s.startsWith("*")) {
                doc.append(s.replaceAll("^/?\\*+/?", "").strip()).append(' ');
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (f.matches()) {
                Matcher d = DEFAULT.matcher(doc);
                String def = null;
                while (d.find()) def = d.group(1);
                out.put(f.group(1), new Field(f.group(1), !f.group(2).isEmpty(), f.group(3), def, doc.toString().strip()));
            }
            doc.setLength(0);
        }
        return out;
    }

    /** The name an alias chain ends at. */
    String resolve(String type) {
        String t = type;
        for (int i = 0; i < 20 && aliases.containsKey(t); i++) t = aliases.get(t);
        return t;
    }

    Map<String, Field> fieldsOf(String type) {
        return objects.getOrDefault(resolve(type), Map.of());
    }

    /** The field at a manifest path ("loras[0].scale", "images", "video"), walking arrays and named types. */
    Optional<Field> fieldAt(String type, String path) {
        Map<String, Field> fields = fieldsOf(type);
        Field current = null;
        for (Object seg : JsonPaths.parse(path)) {
            if (seg instanceof Integer) {
                if (current == null || current.element().isEmpty()) return Optional.empty();
                fields = fieldsOf(current.element().get());
                continue;
            }
            if (current != null && current.element().isEmpty()) fields = fieldsOf(current.type().strip());
            current = fields.get((String) seg);
            if (current == null) return Optional.empty();
        }
        return Optional.ofNullable(current);
    }
}
