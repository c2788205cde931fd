package org.cinegraph.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * A muxer with one video stream and optionally one audio stream, on FFmpeg's own API (JavaCV's
 * recorder widens odd-width pictures by resampling them and converts colours with BT.601). The
 * caller hands pictures already in the encoder's pixel format (see {@link EncoderPlanes}) and
 * audio as interleaved float samples at the stream's rate. Not thread-safe.
 */
final class AvWriter implements AutoCloseable {
    /** What the video stream is: encoder, picture, rate, options and colour tags. */
    record Video(String encoder, int width, int height, int pixelFormat, Rational fps, long bitrate, int gop,
                 Map<String, String> options, boolean rgb) {
    }

    /** What the audio stream is: encoder ("aac", "libopus", "pcm_s24le", ...), rate, channels. */
    record Audio(String encoder, int sampleRate, int channels, long bitrate) {
    }

    static {
        FFmpegLog.quiet();
    }

    private final String name;
    private AVFormatContext oc;
    private AVCodecContext vc;
    private AVStream vst;
    private AVFrame vframe;
    private AVCodecContext ac;
    private AVStream ast;
    private AVFrame aframe;
    private AVPacket pkt;
    private long videoPts;
    private long audioPts;
    private int audioFrameSize;
    private float[] audioPending = new float[0];
    private int audioPendingFrames;
    private boolean headerWritten;

    /**
     * Opens {@code file} for writing (the caller owns the name: a temporary one).
     *
     * @throws MediaException naming {@code displayName} and FFmpeg's reason when anything refuses
     */
    AvWriter(Path file, String displayName, String muxer, Video video, Audio audio, Map<String, String> tags,
             Map<String, String> muxerOptions) {
        this.name = displayName;
        boolean ok = false;
        try {
            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, null, muxer, file.toString()), "cannot create a " + muxer + " file");
            openVideo(video);
            if (audio != null) openAudio(audio);
            if (!tags.isEmpty()) {
                AVDictionary md = new AVDictionary(null);
                for (Map.Entry<String, String> e : tags.entrySet()) av_dict_set(md, e.getKey(), e.getValue(), 0);
                oc.metadata(md);
            }
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "cannot open the file");
            oc.pb(pb);
            AVDictionary opts = new AVDictionary(null);
            for (Map.Entry<String, String> e : muxerOptions.entrySet()) av_dict_set(opts, e.getKey(), e.getValue(), 0);
            int ret = avformat_write_header(oc, opts);
            av_dict_free(opts);
            check(ret, "the " + muxer + " muxer refused the streams");
            headerWritten = true;
            pkt = av_packet_alloc();
            ok = true;
        } finally {
            if (!ok) close();
        }
    }

    private void openVideo(Video v) {
        AVCodec codec = avcodec_find_encoder_by_name(v.encoder());
        if (codec == null) throw new MediaException("cannot write video '" + name + "': this FFmpeg build has no " + v.encoder() + " encoder");
        vst = avformat_new_stream(oc, null);
        vc = avcodec_alloc_context3(codec);
        vc.width(v.width());
        vc.height(v.height());
        vc.pix_fmt(v.pixelFormat());
        AVRational tb = new AVRational().num(v.fps().den()).den(v.fps().num());
        vc.time_base(tb);
        vc.framerate(new AVRational().num(v.fps().num()).den(v.fps().den()));
        if (v.gop() > 0) vc.gop_size(v.gop());
        if (v.bitrate() > 0) {
            vc.bit_rate(v.bitrate());
            vc.rc_max_rate(0);
        }
        // colour tags: what the pixels are (EncoderPlanes writes BT.709 limited-range Y'CbCr)
        vc.color_primaries(AVCOL_PRI_BT709);
        vc.color_trc(AVCOL_TRC_BT709);
        vc.colorspace(v.rgb() ? AVCOL_SPC_RGB : AVCOL_SPC_BT709);
        vc.color_range(v.rgb() ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG);
        vc.thread_count(0);
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) vc.flags(vc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        if ((codec.capabilities() & AV_CODEC_CAP_EXPERIMENTAL) != 0) vc.strict_std_compliance(FF_COMPLIANCE_EXPERIMENTAL);
        AVDictionary opts = new AVDictionary(null);
        for (Map.Entry<String, String> e : v.options().entrySet()) av_dict_set(opts, e.getKey(), e.getValue(), 0);
        int ret = avcodec_open2(vc, codec, opts);
        av_dict_free(opts);
        check(ret, "the " + v.encoder() + " encoder could not start");
        check(avcodec_parameters_from_context(vst.codecpar(), vc), "cannot set the video stream up");
        vst.time_base(tb);
        vst.avg_frame_rate(vc.framerate());
        vframe = av_frame_alloc();
        vframe.format(v.pixelFormat());
        vframe.width(v.width());
        vframe.height(v.height());
        // intra codecs (ProRes) write the frame's own colour fields into every picture header
        vframe.color_primaries(vc.color_primaries());
        vframe.color_trc(vc.color_trc());
        vframe.colorspace(vc.colorspace());
        vframe.color_range(vc.color_range());
    }

    private void openAudio(Audio a) {
        AVCodec codec = avcodec_find_encoder_by_name(a.encoder());
        if (codec == null) throw new MediaException("cannot write video '" + name + "': this FFmpeg build has no " + a.encoder() + " encoder");
        ast = avformat_new_stream(oc, null);
        ac = avcodec_alloc_context3(codec);
        ac.sample_rate(a.sampleRate());
        AVChannelLayout layout = new AVChannelLayout();
        av_channel_layout_default(layout, a.channels());
        ac.ch_layout(layout);
        ac.sample_fmt(pickSampleFormat(codec));
        if (a.bitrate() > 0) ac.bit_rate(a.bitrate());
        AVRational tb = new AVRational().num(1).den(a.sampleRate());
        ac.time_base(tb);
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) ac.flags(ac.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        if ((codec.capabilities() & AV_CODEC_CAP_EXPERIMENTAL) != 0) ac.strict_std_compliance(FF_COMPLIANCE_EXPERIMENTAL);
        check(avcodec_open2(ac, codec, (AVDictionary) null), "the " + a.encoder() + " audio encoder could not start");
        check(avcodec_parameters_from_context(ast.codecpar(), ac), "cannot set the audio stream up");
        ast.time_base(tb);
        boolean variable = (codec.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
        audioFrameSize = ac.frame_size() > 0 && !variable ? ac.frame_size() : 1024;
        aframe = av_frame_alloc();
    }

    /** Float planar when the encoder takes it, else the best it offers (PCM: its one format). */
    private static int pickSampleFormat(AVCodec codec) {
        IntPointer fmts = codec.sample_fmts();
        if (fmts == null || fmts.isNull()) return AV_SAMPLE_FMT_FLTP;
        int first = fmts.get(0);
        for (int i = 0; fmts.get(i) != -1; i++) {
            if (fmts.get(i) == AV_SAMPLE_FMT_FLTP || fmts.get(i) == AV_SAMPLE_FMT_FLT) return fmts.get(i);
        }
        return first;
    }

    boolean hasAudio() {
        return ac != null;
    }

    /** Encodes one picture laid out in the stream's pixel format with alignment 1, from position 0. */
    void writeVideo(ByteBuffer planes) {
        BytePointer data = new BytePointer(planes);
        av_image_fill_arrays(new PointerPointer<>(vframe), vframe.linesize(), data.position(0), vframe.format(), vframe.width(), vframe.height(), 1);
        vframe.pts(videoPts++);
        check(avcodec_send_frame(vc, vframe), "encoding frame " + (videoPts - 1) + " failed");
        drain(vc, vst);
        data.deallocate(false);
    }

    /** Appends {@code frames} interleaved sample frames from {@code samples} at {@code offset} (in sample frames). */
    void writeAudio(float[] samples, int offset, int frames) {
        int ch = ac.ch_layout().nb_channels();
        int need = (audioPendingFrames + frames) * ch;
        if (audioPending.length < need) audioPending = java.util.Arrays.copyOf(audioPending, Math.max(need, 2 * audioPending.length));
        System.arraycopy(samples, offset * ch, audioPending, audioPendingFrames * ch, frames * ch);
        audioPendingFrames += frames;
        int done = 0;
        while (audioPendingFrames - done >= audioFrameSize) {
            sendAudio(audioPending, done, audioFrameSize);
            done += audioFrameSize;
        }
        if (done > 0) {
            System.arraycopy(audioPending, done * ch, audioPending, 0, (audioPendingFrames - done) * ch);
            audioPendingFrames -= done;
        }
    }

    private void sendAudio(float[] src, int start, int n) {
        int ch = ac.ch_layout().nb_channels();
        av_frame_unref(aframe);
        aframe.nb_samples(n);
        aframe.format(ac.sample_fmt());
        aframe.sample_rate(ac.sample_rate());
        av_channel_layout_copy(aframe.ch_layout(), ac.ch_layout());
        check(av_frame_get_buffer(aframe, 0), "cannot allocate audio samples");
        int fmt = ac.sample_fmt();
        boolean planar = av_sample_fmt_is_planar(fmt) != 0;
        int bytes = av_get_bytes_per_sample(fmt);
        for (int p = 0; p < (planar ? ch : 1); p++) {
            int count = planar ? n : n * ch;
            ByteBuffer b = aframe.data(p).capacity((long) count * bytes).asByteBuffer().order(ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                float v = planar ? src[(start + i) * ch + p] : src[start * ch + i];
                v = Math.max(-1f, Math.min(1f, v));
                switch (fmt) {
                    case AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP -> b.putFloat(v);
                    case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P -> b.putShort((short) Math.round(v * 32767));
                    case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P -> b.putInt((int) Math.round(v * 2147483647.0));
                    default -> throw new MediaException("cannot write video '" + name + "': unsupported audio sample format " + fmt);
                }
            }
        }
        aframe.pts(audioPts);
        audioPts += n;
        check(avcodec_send_frame(ac, aframe), "encoding audio failed");
        drain(ac, ast);
    }

    private void drain(AVCodecContext c, AVStream st) {
        while (true) {
            int ret = avcodec_receive_packet(c, pkt);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) return;
            check(ret, "the encoder failed");
            av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
            pkt.stream_index(st.index());
            int w = av_interleaved_write_frame(oc, pkt);
            av_packet_unref(pkt);
            check(w, "cannot write to the file");
        }
    }

    /** Flushes the encoders and writes the trailer. */
    void finish() {
        if (ac != null) {
            if (audioPendingFrames > 0) sendAudio(audioPending, 0, audioPendingFrames);
            audioPendingFrames = 0;
            avcodec_send_frame(ac, null);
            drain(ac, ast);
        }
        avcodec_send_frame(vc, null);
        drain(vc, vst);
        check(av_write_trailer(oc), "cannot finish the file");
        int ret = avio_close(oc.pb());
        oc.pb(null);
        check(ret, "cannot close the file");
    }

    @Override
    public void close() {
        if (pkt != null) av_packet_free(pkt);
        pkt = null;
        if (vframe != null) av_frame_free(vframe);
        vframe = null;
        if (aframe != null) av_frame_free(aframe);
        aframe = null;
        if (vc != null) avcodec_free_context(vc);
        vc = null;
        if (ac != null) avcodec_free_context(ac);
        ac = null;
        if (oc != null && !oc.isNull()) {
            if (oc.pb() != null && !oc.pb().isNull()) avio_close(oc.pb());
            oc.pb(null);
            avformat_free_context(oc);
        }
        oc = null;
    }

    private void check(int ret, String what) {
        if (ret < 0) throw new MediaException("cannot write video '" + name + "': " + what + " (" + error(ret) + ")");
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) != 0) return "error " + code;
        int len = 0;
        while (len < buf.length && buf[len] != 0) len++;
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    }
}
