package org.cinegraph.models.remote;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of file a schema field holds when the schema only says "a URI": from an example
 * value's extension, else from words in the field's name, title and description ("mask",
 * "input_video", "audio file"). Importers use it to type ports; a field it cannot place stays
 * unknown (and is refused when required).
 */
final class MediaHints {
    enum Kind { IMAGE, MASK, VIDEO, AUDIO, OTHER }

    private static final Set<String> IMAGE_EXT = Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "heic");
    private static final Set<String> VIDEO_EXT = Set.of("mp4", "mov", "webm", "avi", "mkv", "m4v");
    private static final Set<String> AUDIO_EXT = Set.of("wav", "mp3", "flac", "ogg", "m4a", "aac", "opus", "mid", "midi");
    private static final Set<String> OTHER_EXT = Set.of("zip", "tar", "gz", "safetensors", "ckpt", "pt", "pth", "bin", "txt", "json", "npy", "npz",
            "obj", "glb", "gltf", "ply", "fbx", "usdz", "srt", "vtt", "pdf", "csv", "md", "html", "svg", "pptx", "tex");
    private static final List<String> AUDIO_WORDS = List.of("audio", "speech", "voice", "music", "song", "sound", "vocal", "speaker", "wav", "mp3", "melody", "chords", "tts");
    private static final List<String> VIDEO_WORDS = List.of("video", "mp4", "footage", "movie", "clip", "animation", "gif");
    private static final List<String> MASK_WORDS = List.of("mask");
    private static final List<String> IMAGE_WORDS = List.of("image", "img", "photo", "picture", "face", "pose", "depth", "canny", "sketch", "scribble",
            "lineart", "garment", "cloth", "style", "portrait", "selfie", "frame", "png", "jpg", "jpeg", "subject", "background", "foreground",
            "reference", "control", "init", "character", "person", "product", "avatar", "logo", "texture");
    private static final List<String> OTHER_WORDS = List.of("weights", "lora", "zip", "tar", "archive", "checkpoint", "safetensors", "mesh", "model_file",
            "dataset", "training", "json", "csv", "pdf", "document", "subtitle", "srt", "3d", "glb", "obj", "point_cloud", "instance_data", "class_data");

    private MediaHints() {
    }

    /** The kind an example URL's extension names, if it names one. */
    static Optional<Kind> fromUrl(String url) {
        if (url == null) return Optional.empty();
        if (url.startsWith("data:")) {
            String mime = url.substring(5, Math.max(5, url.indexOf(';') < 0 ? url.indexOf(',') : url.indexOf(';'))).toLowerCase(Locale.ROOT);
            if (mime.startsWith("image/")) return Optional.of(Kind.IMAGE);
            if (mime.startsWith("video/")) return Optional.of(Kind.VIDEO);
            if (mime.startsWith("audio/")) return Optional.of(Kind.AUDIO);
            return Optional.empty();
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) return Optional.empty();
        String path = url.replaceAll("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        if (dot < 0 || dot < slash) return Optional.empty();
        String ext = path.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (IMAGE_EXT.contains(ext)) return Optional.of(Kind.IMAGE);
        if (VIDEO_EXT.contains(ext)) return Optional.of(Kind.VIDEO);
        if (AUDIO_EXT.contains(ext)) return Optional.of(Kind.AUDIO);
        if (OTHER_EXT.contains(ext)) return Optional.of(Kind.OTHER);
        return Optional.empty();
    }

    /** The kind the words of a field's name (then its title and description) point to. */
    static Optional<Kind> fromWords(String name, String title, String description) {
        Optional<Kind> k = words(name);
        if (k.isEmpty()) k = words(title);
        if (k.isEmpty()) k = words(description);
        return k;
    }

    private static Optional<Kind> words(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        String t = " " + text.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
        // Order matters: "audio file of the video" is audio; "video mask" is a mask; "image of the voice actor" is still an image by its name.
        int audio = first(t, AUDIO_WORDS);
        int video = first(t, VIDEO_WORDS);
        int mask = first(t, MASK_WORDS);
        int image = first(t, IMAGE_WORDS);
        int other = first(t, OTHER_WORDS);
        int best = Integer.MAX_VALUE;
        Kind kind = null;
        int[] at = {mask, image, video, audio, other};
        Kind[] kinds = {Kind.MASK, Kind.IMAGE, Kind.VIDEO, Kind.AUDIO, Kind.OTHER};
        for (int i = 0; i < at.length; i++) {
            if (at[i] >= 0 && at[i] < best) {
                best = at[i];
                kind = kinds[i];
            }
        }
        return Optional.ofNullable(kind);
    }

    /** Position of the first word of the list in the text (as a word or a word prefix), -1 if none. */
    private static int first(String t, List<String> words) {
        int best = -1;
        for (String w : words) {
            int i = t.indexOf(" " + w);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }
}
