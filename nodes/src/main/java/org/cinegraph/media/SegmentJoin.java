package org.cinegraph.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Joins the pieces of one video written by separate processes (a farm render's chunks) into one
 * file by stream copy: no picture is decoded or encoded again, so the result holds exactly the
 * pieces' compressed frames, one after the other. Every piece must carry the same streams with
 * the same encoder settings (codec, size, pixel format, the codec's header bytes, sample rate,
 * channels) and its video must start on a key frame; otherwise nothing is written and the error
 * names the piece and what differs. Container tags (the graph's provenance) come from the first
 * piece. The result appears atomically under its name.
 *
 * <p>Sound: each piece's audio packets follow on at the time its video starts. A PCM track joins
 * sample-exactly. An AAC or Opus track starts each piece with the encoder's priming frame (before
 * time zero) and ends it with a whole frame, of which only part is sound (decoders play all of
 * it). Packets that would overlap the sound already written by more than half a frame are dropped
 * (the priming frames of later pieces, now and then one more), so the sound stays within half a
 * frame (11 ms of AAC at 48 kHz) of the picture instead of drifting by the padding at every
 * boundary, and the first frame after each boundary decodes without its real predecessor: a faint
 * click may be heard there. See docs/farm.md.
 */
public final class SegmentJoin {
    /** What was joined: pieces, video packets (= frames), the result's size in bytes and whether it has sound. */
    public record Result(int pieces, long frames, long bytes, boolean audio) {
    }

    static {
        FFmpegLog.quiet();
    }

    private SegmentJoin() {
    }

    /**
     * Writes {@code target} from {@code pieces} in order (the container follows the target's extension).
     *
     * @throws MediaException naming the piece and the cause; nothing is left under the target's name
     */
    public static Result join(List<Path> pieces, Path target) {
        return join(pieces, target, () -> false);
    }

    /**
     * As {@link #join(List, Path)}, stopping (nothing written, the temporary file removed) as soon
     * as {@code cancelled} says so: SIGTERM during a long assembly.
     *
     * @throws CancellationException when cancelled
     */
    public static Result join(List<Path> pieces, Path target, BooleanSupplier cancelled) {
        if (pieces.isEmpty()) throw new MediaException("cannot join video '" + target + "': no pieces");
        Path temp = AtomicFiles.tempSibling(target);
        List<Input> inputs = new ArrayList<>();
        AVFormatContext oc = null;
        AVPacket pkt = av_packet_alloc();
        boolean ok = false;
        try {
            for (Path p : pieces) inputs.add(Input.open(p));
            Input first = inputs.get(0);
            for (Input in : inputs.subList(1, inputs.size())) first.checkSameAs(in);
            AtomicFiles.createParents(target);
            AVOutputFormat muxer = av_guess_format(null, target.getFileName().toString(), null);
            if (muxer == null) throw new MediaException("cannot join video '" + target + "': no container for its extension");
            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, muxer, null, temp.toString()), target, "cannot create the file");
            AVStream vOut = copyStream(oc, first.video, target);
            AVStream aOut = first.audio == null ? null : copyStream(oc, first.audio, target);
            oc.metadata(copy(first.ic.metadata()));
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, temp.toString(), AVIO_FLAG_WRITE), target, "cannot open the file");
            oc.pb(pb);
            AVDictionary opts = new AVDictionary(null);
            String name = muxer.name().getString();
            if (name.equals("mp4") || name.equals("mov")) av_dict_set(opts, "movflags", "+faststart", 0);
            int ret = avformat_write_header(oc, opts);
            av_dict_free(opts);
            check(ret, target, "the muxer refused the streams");
            // Video times: with a known frame rate each frame is placed at (frames before it) / rate, so containers with
            // coarse clocks (Matroska counts milliseconds) get the times one encoder would have written; else the
            // piece is shifted by where the previous one ended.
            AVRational rate = first.video.avg_frame_rate();
            AVRational frameTb = rate.num() > 0 && rate.den() > 0 ? new AVRational().num(rate.den()).den(rate.num()) : null;
            long vOffset = 0;
            long frames = 0;
            long audioEnd = Long.MIN_VALUE, lastAudio = Long.MIN_VALUE;
            for (int k = 0; k < inputs.size(); k++) {
                Input in = inputs.get(k);
                AVRational vtb = in.video.time_base();
                long aOffset = in.audio == null ? 0 : av_rescale_q(vOffset, vtb, in.audio.time_base());
                long framesBefore = frames;
                long videoEnd = 0;
                boolean firstVideo = true;
                while (av_read_frame(in.ic, pkt) >= 0) {
                    try {
                        if (cancelled.getAsBoolean()) throw new CancellationException("joining '" + target + "' was cancelled");
                        int idx = pkt.stream_index();
                        if (idx == in.video.index()) {
                            if (firstVideo && (pkt.flags() & AV_PKT_FLAG_KEY) == 0) {
                                throw new MediaException("cannot join video '" + target + "': piece " + in.file
                                        + " does not start on a key frame");
                            }
                            firstVideo = false;
                            long end = (pkt.pts() == AV_NOPTS_VALUE ? pkt.dts() : pkt.pts()) + pkt.duration();
                            videoEnd = Math.max(videoEnd, end);
                            if (frameTb != null) {
                                pkt.pts(retime(pkt.pts(), vtb, frameTb, framesBefore));
                                pkt.dts(retime(pkt.dts(), vtb, frameTb, framesBefore));
                            } else {
                                shift(pkt, vOffset);
                            }
                            av_packet_rescale_ts(pkt, vtb, vOut.time_base());
                            pkt.stream_index(vOut.index());
                            frames++;
                        } else if (in.audio != null && idx == in.audio.index()) {
                            shift(pkt, aOffset);
                            av_packet_rescale_ts(pkt, in.audio.time_base(), aOut.time_base());
                            long at = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                            // what a decoder makes of the packet: a whole codec frame (the last one of a piece is
                            // marked shorter, but decoders still play all of it), else the packet's duration (PCM)
                            int frameSize = in.audio.codecpar().frame_size();
                            long d = frameSize > 0 ? av_rescale_q(frameSize, new AVRational().num(1).den(in.audio.codecpar().sample_rate()),
                                    aOut.time_base()) : pkt.duration();
                            // Decoders play sound packets one after the other, whatever their times: a packet that would
                            // overlap what is already written by more than half its length (a piece's priming frame, the
                            // padded tail of the piece before) is dropped, so the sound never drifts from the picture by
                            // more than half a frame.
                            if (audioEnd != Long.MIN_VALUE && (at <= lastAudio || audioEnd - at > d / 2)) continue;
                            audioEnd = (audioEnd == Long.MIN_VALUE ? at : audioEnd) + d;
                            lastAudio = at;
                            pkt.stream_index(aOut.index());
                        } else {
                            continue;
                        }
                        pkt.pos(-1);
                        check(av_interleaved_write_frame(oc, pkt), target, "cannot write to the file");
                    } finally {
                        av_packet_unref(pkt);
                    }
                }
                if (firstVideo) throw new MediaException("cannot join video '" + target + "': piece " + in.file + " has no video frames");
                vOffset = frameTb != null ? av_rescale_q(frames, frameTb, vtb) : vOffset + videoEnd;
            }
            check(av_write_trailer(oc), target, "cannot finish the file");
            ret = avio_close(oc.pb());
            oc.pb(null);
            check(ret, target, "cannot close the file");
            AtomicFiles.commitFile(temp, target);
            ok = true;
            return new Result(inputs.size(), frames, Files.size(target), first.audio != null);
        } catch (IOException e) {
            throw new MediaException("cannot join video '" + target + "': " + ImageFiles.rootMessage(e), e);
        } finally {
            av_packet_free(pkt);
            if (oc != null && !oc.isNull()) {
                if (oc.pb() != null && !oc.pb().isNull()) avio_close(oc.pb());
                oc.pb(null);
                avformat_free_context(oc);
            }
            for (Input in : inputs) in.close();
            if (!ok) AtomicFiles.deleteTree(temp);
        }
    }

    /** A time of a piece, in frames from the piece's start, moved after {@code framesBefore} frames. */
    private static long retime(long t, AVRational tb, AVRational frameTb, long framesBefore) {
        if (t == AV_NOPTS_VALUE) return t;
        return av_rescale_q(framesBefore + av_rescale_q(t, tb, frameTb), frameTb, tb);
    }

    private static void shift(AVPacket pkt, long offset) {
        if (pkt.pts() != AV_NOPTS_VALUE) pkt.pts(pkt.pts() + offset);
        if (pkt.dts() != AV_NOPTS_VALUE) pkt.dts(pkt.dts() + offset);
    }

    private static AVStream copyStream(AVFormatContext oc, AVStream in, Path target) {
        AVStream out = avformat_new_stream(oc, null);
        check(avcodec_parameters_copy(out.codecpar(), in.codecpar()), target, "cannot copy the stream settings");
        out.codecpar().codec_tag(0); // let the muxer choose its own tag for the codec
        out.time_base(in.time_base());
        out.avg_frame_rate(in.avg_frame_rate());
        out.r_frame_rate(in.r_frame_rate());
        out.metadata(copy(in.metadata()));
        return out;
    }

    private static AVDictionary copy(AVDictionary from) {
        AVDictionary to = new AVDictionary(null);
        if (from == null || from.isNull()) return to;
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(from, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            av_dict_set(to, e.key().getString(), e.value().getString(), 0);
        }
        return to;
    }

    private static void check(int ret, Path target, String what) {
        if (ret < 0) throw new MediaException("cannot join video '" + target + "': " + what + " (" + AvWriter.error(ret) + ")");
    }

    /** One piece, open for reading: its first video stream and first audio stream, if any. */
    private static final class Input implements AutoCloseable {
        final Path file;
        AVFormatContext ic;
        AVStream video;
        AVStream audio;

        private Input(Path file) {
            this.file = file;
        }

        static Input open(Path file) {
            Input in = new Input(file);
            boolean ok = false;
            try {
                if (!Files.isRegularFile(file)) throw new MediaException("cannot join video: piece " + file + " is missing");
                in.ic = new AVFormatContext(null);
                int ret = avformat_open_input(in.ic, file.toString(), null, null);
                if (ret < 0) {
                    in.ic = null;
                    throw new MediaException("cannot join video: cannot read piece " + file + " (" + AvWriter.error(ret) + ")");
                }
                ret = avformat_find_stream_info(in.ic, (AVDictionary) null);
                if (ret < 0) throw new MediaException("cannot join video: cannot read piece " + file + " (" + AvWriter.error(ret) + ")");
                for (int i = 0; i < in.ic.nb_streams(); i++) {
                    AVStream st = in.ic.streams(i);
                    int type = st.codecpar().codec_type();
                    if (type == AVMEDIA_TYPE_VIDEO && in.video == null) in.video = st;
                    if (type == AVMEDIA_TYPE_AUDIO && in.audio == null) in.audio = st;
                }
                if (in.video == null) throw new MediaException("cannot join video: piece " + file + " has no video stream");
                ok = true;
                return in;
            } finally {
                if (!ok) in.close();
            }
        }

        /** Throws, naming what differs, unless {@code other} was written with this piece's settings. */
        void checkSameAs(Input other) {
            String why = differs(video, other.video, "video");
            if (why == null && (audio == null) != (other.audio == null)) why = "one has sound and the other has none";
            if (why == null && audio != null) why = differs(audio, other.audio, "audio");
            if (why != null) {
                throw new MediaException("cannot join video: piece " + other.file + " was not written like " + file + " (" + why
                        + "); render every chunk with the same graph and settings");
            }
        }

        private static String differs(AVStream a, AVStream b, String what) {
            AVCodecParameters p = a.codecpar(), q = b.codecpar();
            if (p.codec_id() != q.codec_id()) return what + " codec " + avcodec_get_name(p.codec_id()).getString() + " vs " + avcodec_get_name(q.codec_id()).getString();
            if (p.width() != q.width() || p.height() != q.height()) return what + " size " + p.width() + "x" + p.height() + " vs " + q.width() + "x" + q.height();
            if (p.format() != q.format()) return what + " sample or pixel format";
            if (p.sample_rate() != q.sample_rate()) return what + " sample rate " + p.sample_rate() + " vs " + q.sample_rate();
            if (p.ch_layout().nb_channels() != q.ch_layout().nb_channels()) return what + " channels";
            if (av_cmp_q(a.time_base(), b.time_base()) != 0) return what + " time base";
            if (!Arrays.equals(extradata(p), extradata(q))) return what + " encoder header (different encoder settings)";
            return null;
        }

        private static byte[] extradata(AVCodecParameters p) {
            int n = p.extradata_size();
            byte[] b = new byte[Math.max(n, 0)];
            if (n > 0) p.extradata().get(b);
            return b;
        }

        @Override
        public void close() {
            if (ic != null && !ic.isNull()) avformat_close_input(ic);
            ic = null;
        }
    }
}
