package org.cinegraph.media;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * The video files Cinegraph writes: container, encoder and the settings that go with them
 * (pixel format and bit depth, profile, alpha, whether the picture must have even sides, which
 * audio codecs the container takes, whether it can carry the graph as a tag). Every setting
 * derives from the format and the node's parameters alone, never from the frames, so encodes of
 * the same graph on different machines or frame ranges share them (farm chunks are joined by
 * stream copy).
 */
public enum VideoFormat {
    // OpenH264 spreads a picture over threads only when it is cut into slices (without them it
    // encodes on one core, as ffmpeg's CLI does by default); four slices, fixed so every machine
    // writes the same stream layout, cost about 0.5% in size at 1080p
    H264_MP4("mp4", "H.264 (OpenH264), MP4", "mp4", "mp4", "libopenh264", AV_PIX_FMT_YUV420P, -1, true, Rate.BITRATE,
            Map.of("allow_skip_frames", "0", "rc_mode", "bitrate", "threads", "auto", "slices", "4")),
    H264_NVENC_MP4("h264-nvenc-mp4", "H.264 (NVIDIA NVENC), MP4", "mp4", "mp4", "h264_nvenc", AV_PIX_FMT_YUV420P, -1, true, Rate.BITRATE,
            Map.of("preset", "p5", "rc", "vbr")),
    HEVC_NVENC_MP4("hevc-nvenc-mp4", "HEVC (NVIDIA NVENC), MP4", "mp4", "mp4", "hevc_nvenc", AV_PIX_FMT_YUV420P, -1, true, Rate.BITRATE,
            Map.of("preset", "p5", "rc", "vbr", "tag", "hvc1")),
    PRORES_PROXY_MOV("prores-proxy-mov", "ProRes 422 Proxy, MOV", "mov", "mov", "prores_ks", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE,
            Map.of("profile", "proxy", "vendor", "apl0")),
    PRORES_LT_MOV("prores-lt-mov", "ProRes 422 LT, MOV", "mov", "mov", "prores_ks", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE,
            Map.of("profile", "lt", "vendor", "apl0")),
    PRORES_422_MOV("prores-422-mov", "ProRes 422, MOV", "mov", "mov", "prores_ks", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE,
            Map.of("profile", "standard", "vendor", "apl0")),
    PRORES_HQ_MOV("prores-hq-mov", "ProRes 422 HQ, MOV", "mov", "mov", "prores_ks", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE,
            Map.of("profile", "hq", "vendor", "apl0")),
    PRORES_4444_MOV("prores-4444-mov", "ProRes 4444 (alpha), MOV", "mov", "mov", "prores_ks", AV_PIX_FMT_YUV444P10LE, AV_PIX_FMT_YUVA444P10LE, false, Rate.PROFILE,
            Map.of("profile", "4444", "vendor", "apl0")),
    DNXHR_LB_MOV("dnxhr-lb-mov", "DNxHR LB, MOV", "mov", "mov", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_lb")),
    DNXHR_SQ_MOV("dnxhr-sq-mov", "DNxHR SQ, MOV", "mov", "mov", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_sq")),
    DNXHR_HQ_MOV("dnxhr-hq-mov", "DNxHR HQ, MOV", "mov", "mov", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_hq")),
    DNXHR_HQX_MOV("dnxhr-hqx-mov", "DNxHR HQX (10-bit), MOV", "mov", "mov", "dnxhd", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_hqx")),
    DNXHR_444_MOV("dnxhr-444-mov", "DNxHR 444 (10-bit), MOV", "mov", "mov", "dnxhd", AV_PIX_FMT_YUV444P10LE, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_444")),
    DNXHR_LB_MXF("dnxhr-lb-mxf", "DNxHR LB, MXF", "mxf", "mxf", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_lb")),
    DNXHR_SQ_MXF("dnxhr-sq-mxf", "DNxHR SQ, MXF", "mxf", "mxf", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_sq")),
    DNXHR_HQ_MXF("dnxhr-hq-mxf", "DNxHR HQ, MXF", "mxf", "mxf", "dnxhd", AV_PIX_FMT_YUV422P, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_hq")),
    DNXHR_HQX_MXF("dnxhr-hqx-mxf", "DNxHR HQX (10-bit), MXF", "mxf", "mxf", "dnxhd", AV_PIX_FMT_YUV422P10LE, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_hqx")),
    DNXHR_444_MXF("dnxhr-444-mxf", "DNxHR 444 (10-bit), MXF", "mxf", "mxf", "dnxhd", AV_PIX_FMT_YUV444P10LE, -1, false, Rate.PROFILE, Map.of("profile", "dnxhr_444")),
    AV1_MP4("av1-mp4", "AV1 (SVT-AV1, 10-bit), MP4", "mp4", "mp4", "libsvtav1", AV_PIX_FMT_YUV420P10LE, -1, true, Rate.BITRATE,
            Map.of("preset", "10", "svtav1-params", "rc=1")),
    AV1_WEBM("av1-webm", "AV1 (SVT-AV1, 10-bit), WebM", "webm", "webm", "libsvtav1", AV_PIX_FMT_YUV420P10LE, -1, true, Rate.BITRATE,
            Map.of("preset", "10", "svtav1-params", "rc=1")),
    VP9_WEBM("vp9-webm", "VP9 (alpha), WebM", "webm", "webm", "libvpx-vp9", AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVA420P, false, Rate.BITRATE,
            Map.of("deadline", "good", "cpu-used", "4", "row-mt", "1", "auto-alt-ref", "0")),
    FFV1_MKV("ffv1-mkv", "FFV1 lossless 8-bit RGB, MKV", "matroska", "mkv", "ffv1", AV_PIX_FMT_BGR0, AV_PIX_FMT_BGRA, false, Rate.LOSSLESS,
            Map.of("level", "3", "slices", "4", "slicecrc", "1")),
    FFV1_16_MKV("ffv1-16-mkv", "FFV1 lossless 16-bit RGB, MKV", "matroska", "mkv", "ffv1", AV_PIX_FMT_GBRP16LE, AV_PIX_FMT_GBRAP16LE, false, Rate.LOSSLESS,
            Map.of("level", "3", "slices", "4", "slicecrc", "1"));

    /** How the encoder's size is set: a bitrate, the profile alone, or lossless. */
    public enum Rate { BITRATE, PROFILE, LOSSLESS }

    private final String id;
    private final String label;
    private final String muxer;
    private final String extension;
    private final String encoder;
    private final int pixelFormat;
    private final int alphaPixelFormat;
    private final boolean evenSize;
    private final Rate rate;
    private final Map<String, String> options;

    VideoFormat(String id, String label, String muxer, String extension, String encoder, int pixelFormat, int alphaPixelFormat,
                boolean evenSize, Rate rate, Map<String, String> options) {
        this.id = id;
        this.label = label;
        this.muxer = muxer;
        this.extension = extension;
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
        this.alphaPixelFormat = alphaPixelFormat;
        this.evenSize = evenSize;
        this.rate = rate;
        this.options = options;
    }

    /** The id used in graph files ("mp4", "prores-hq-mov", ...). */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** FFmpeg's muxer name. */
    public String muxer() {
        return muxer;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    public String encoder() {
        return encoder;
    }

    public Rate rate() {
        return rate;
    }

    public boolean supportsAlpha() {
        return alphaPixelFormat >= 0;
    }

    /** The pixel format written, with or without an alpha plane. */
    public int pixelFormat(boolean alpha) {
        return alpha && alphaPixelFormat >= 0 ? alphaPixelFormat : pixelFormat;
    }

    /** Bits per component of the written picture. */
    public int bitDepth() {
        return av_pix_fmt_desc_get(pixelFormat).comp(0).depth();
    }

    /** Whether the picture is stored as R'G'B' (no Y'CbCr matrix). */
    public boolean rgb() {
        return (av_pix_fmt_desc_get(pixelFormat).flags() & AV_PIX_FMT_FLAG_RGB) != 0;
    }

    /**
     * Whether an odd width is padded by one column: 4:2:0 codecs that refuse odd sides, and
     * ProRes 4:2:2, whose encoder leaves the last chroma column of an odd width empty.
     */
    public boolean evenWidth() {
        return evenSize || encoder.equals("prores_ks") && alphaPixelFormat < 0;
    }

    /** Whether an odd height is padded by one row (4:2:0 codecs that refuse odd sides). */
    public boolean evenHeight() {
        return evenSize;
    }

    /** The smallest picture the encoder takes (DNxHR 256x120, SVT-AV1 64x64, OpenH264 16x16). */
    public int minWidth() {
        return encoder.equals("dnxhd") ? 256 : encoder.equals("libsvtav1") ? 64 : encoder.contains("264") || encoder.contains("hevc") ? 16 : 1;
    }

    public int minHeight() {
        return encoder.equals("dnxhd") ? 120 : encoder.equals("libsvtav1") ? 64 : encoder.contains("264") || encoder.contains("hevc") ? 16 : 1;
    }

    /** Whether this format needs an NVIDIA GPU (probed when opened; see {@link VideoEncoder}). */
    public boolean hardware() {
        return encoder.endsWith("_nvenc");
    }

    /** The software format used when the hardware encoder cannot start here. */
    public VideoFormat softwareFallback() {
        return hardware() ? H264_MP4 : this;
    }

    /** Codec options (AVOptions of the encoder) besides the colour tags and rate. */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The codec options for pictures {@code height} lines tall: OpenH264 refuses more slices than
     * macroblock rows (16 lines each), so short pictures get fewer.
     */
    public Map<String, String> options(int height) {
        if (!encoder.equals("libopenh264") || !options.containsKey("slices")) return options;
        int slices = Math.min(Integer.parseInt(options.get("slices")), (height + 15) / 16);
        Map<String, String> o = new java.util.HashMap<>(options);
        o.put("slices", Integer.toString(slices));
        return Map.copyOf(o);
    }

    /** Whether the container keeps a "comment" tag (MXF does not: the graph goes in a sidecar). */
    public boolean holdsTags() {
        return !muxer.equals("mxf");
    }

    /** Audio codecs the container takes, the default first. */
    public List<String> audioCodecs() {
        return switch (muxer) {
            case "webm" -> List.of("opus");
            case "mxf" -> List.of("pcm");
            case "mov" -> List.of("pcm", "aac");
            case "matroska" -> List.of("pcm", "opus", "aac");
            default -> List.of("aac", "opus");
        };
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(VideoFormat::id).toList();
    }

    /** @throws IllegalArgumentException naming the known ids */
    public static VideoFormat of(String id) {
        for (VideoFormat f : values()) if (f.id.equals(id.trim().toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("unknown video format '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }
}
