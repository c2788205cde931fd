package org.cinegraph.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * The still formats a frame sequence can be written in: 8-bit PNG (through ImageIO, alpha kept
 * when a frame has any), 16-bit PNG and TIFF (deflate) and half-float EXR (linear light, ZIP or
 * RLE compressed; FFmpeg's EXR encoder has no PIZ), each through FFmpeg's image encoders. Deep
 * frames keep their bits in the 16-bit and float formats; 8-bit frames are widened exactly.
 */
public enum ImageSequenceFormat {
    PNG("png-sequence", "png", null, -1, -1),
    PNG16("png16-sequence", "png", "png", AV_PIX_FMT_RGB48BE, AV_PIX_FMT_RGBA64BE),
    TIFF16("tiff16-sequence", "tif", "tiff", AV_PIX_FMT_RGB48LE, AV_PIX_FMT_RGBA64LE),
    EXR("exr-sequence", "exr", "exr", AV_PIX_FMT_GBRPF32LE, AV_PIX_FMT_GBRAPF32LE);

    /** EXR compressions FFmpeg writes, by the names the node offers. */
    public static final List<String> EXR_COMPRESSIONS = List.of("zip", "zip1", "rle", "none");

    private final String id;
    private final String extension;
    private final String encoder;
    private final int pixelFormat;
    private final int alphaPixelFormat;

    ImageSequenceFormat(String id, String extension, String encoder, int pixelFormat, int alphaPixelFormat) {
        this.id = id;
        this.extension = extension;
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
        this.alphaPixelFormat = alphaPixelFormat;
    }

    public String id() {
        return id;
    }

    public String extension() {
        return extension;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ImageSequenceFormat::id).toList();
    }

    /** The format with this id, or null when the id names no sequence format. */
    public static ImageSequenceFormat byId(String id) {
        for (ImageSequenceFormat f : values()) if (f.id.equals(id.trim().toLowerCase(Locale.ROOT))) return f;
        return null;
    }

    /**
     * Writes one frame straight to {@code file} (not atomically: sequences are written into a
     * temporary folder renamed into place once complete).
     *
     * @param alpha          keep an alpha channel (16-bit and EXR; 8-bit PNG decides per frame)
     * @param exrCompression one of {@link #EXR_COMPRESSIONS}
     */
    public void write(Frame frame, Path file, boolean alpha, String exrCompression) {
        if (this == PNG) {
            ImageFiles.writePngInPlace(frame, file);
            return;
        }
        int fmt = alpha ? alphaPixelFormat : pixelFormat;
        Map<String, String> opts = switch (this) {
            case EXR -> Map.of("format", "half", "compression", switch (exrCompression) {
                case "zip" -> "zip16";
                case "zip1", "rle", "none" -> exrCompression;
                default -> throw new IllegalArgumentException("unknown EXR compression '" + exrCompression + "' (" + String.join(", ", EXR_COMPRESSIONS) + ")");
            });
            case TIFF16 -> Map.of("compression_algo", "deflate");
            default -> Map.of();
        };
        byte[] bytes = encode(encoder, fmt, opts, frame, file);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new MediaException("cannot write image '" + file + "': " + ImageFiles.rootMessage(e), e);
        }
    }

    /** As {@link #write}, atomically: the file appears complete under {@code target} or not at all. */
    public void writeAtomically(Frame frame, Path target, boolean alpha, String exrCompression) {
        Path temp = AtomicFiles.tempSibling(target);
        try {
            AtomicFiles.createParents(target);
            write(frame, temp, alpha, exrCompression);
            AtomicFiles.commitFile(temp, target);
        } catch (IOException e) {
            throw new MediaException("cannot write image '" + target + "': " + ImageFiles.rootMessage(e), e);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** One picture through an FFmpeg image encoder. */
    private static byte[] encode(String encoderName, int fmt, Map<String, String> opts, Frame frame, Path file) {
        AVCodec codec = avcodec_find_encoder_by_name(encoderName);
        if (codec == null) throw new MediaException("cannot write image '" + file + "': this FFmpeg build has no " + encoderName + " encoder");
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame pic = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        int w = frame.width(), h = frame.height();
        ByteBuffer buf = ByteBuffer.allocateDirect(EncoderPlanes.size(fmt, w, h)).order(ByteOrder.LITTLE_ENDIAN);
        BytePointer data = new BytePointer(buf);
        try {
            c.width(w);
            c.height(h);
            c.pix_fmt(fmt);
            c.time_base(new AVRational().num(1).den(25));
            c.thread_count(1);
            AVDictionary d = new AVDictionary(null);
            for (Map.Entry<String, String> e : opts.entrySet()) av_dict_set(d, e.getKey(), e.getValue(), 0);
            int ret = avcodec_open2(c, codec, d);
            av_dict_free(d);
            check(ret, file, "the " + encoderName + " encoder could not start");
            EncoderPlanes.write(frame, fmt, buf);
            pic.format(fmt);
            pic.width(w);
            pic.height(h);
            av_image_fill_arrays(new PointerPointer<>(pic), pic.linesize(), data.position(0), fmt, w, h, 1);
            pic.pts(0);
            check(avcodec_send_frame(c, pic), file, "encoding failed");
            check(avcodec_send_frame(c, null), file, "encoding failed");
            check(avcodec_receive_packet(c, pkt), file, "encoding failed");
            byte[] out = new byte[pkt.size()];
            pkt.data().capacity(pkt.size()).get(out);
            return out;
        } finally {
            av_packet_free(pkt);
            av_frame_free(pic);
            avcodec_free_context(c);
            data.deallocate(false);
        }
    }

    private static void check(int ret, Path file, String what) {
        if (ret < 0) throw new MediaException("cannot write image '" + file + "': " + what + " (" + AvWriter.error(ret) + ")");
    }
}
