package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.models.LoraStack;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.spi.NodeInputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Input ports as request fields: images go as PNG, clips as H.264 MP4, a batch as a list of PNGs.
 * A file up to {@link RemoteConfig.Limits#dataUriBytes()} (256 KB by default) goes inline as a
 * data URI; a larger one is uploaded through the provider's own mechanism and sent by URL.
 */
final class RemoteInputs {
    private RemoteInputs() {
    }

    static void attach(RemoteModel r, NodeInputs in, ObjectNode input, Provider provider, RemoteConfig.Limits limits, Path temp,
                       CallContext call) throws RemoteException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (RemoteModel.Port port : r.inputs()) {
            if (!in.has(port.name())) continue;
            Object v = in.input(port.name());
            call.checkCancelled();
            switch (port.type()) {
                case "text" -> JsonPaths.write(input, port.field(), f.textNode(v.toString()));
                case "number" -> JsonPaths.write(input, port.field(), f.numberNode(((Number) v).doubleValue()));
                case "image", "mask" -> JsonPaths.write(input, port.field(), f.textNode(send(png((Frame) v, temp, port.name()), "image/png", provider, limits, call)));
                case "images" -> {
                    Clip c = (Clip) v;
                    ArrayNode urls = f.arrayNode();
                    for (int i = 0; i < c.frameCount(); i++) {
                        call.checkCancelled();
                        urls.add(send(png(c.frame(i), temp, port.name() + "-" + i), "image/png", provider, limits, call));
                    }
                    JsonPaths.write(input, port.field(), urls);
                }
                case "video" -> JsonPaths.write(input, port.field(), f.textNode(send(mp4((Clip) v, temp, port.name(), call), "video/mp4", provider, limits, call)));
                case "loras" -> JsonPaths.write(input, port.field(), loras((LoraStack) v, provider, call));
                case "zip" -> JsonPaths.write(input, port.field(), f.textNode(send(zip((Clip) v, temp, port.name(), call), "application/zip", provider, limits, call)));
                default -> throw new RemoteException(call.who + ": input " + port.name() + " has unknown type " + port.type());
            }
        }
    }

    /**
     * A LoRA stack as the providers' list of {path, scale}: each LoRA by the URL it is hosted at
     * (strength 0 ones are left out: the model without them). A LoRA that exists only in the local
     * library is uploaded through the provider's own file storage first; a LoRA of a model that
     * runs here (the project's own Text to Image) is refused by name: no remote model can apply it.
     */
    static ArrayNode loras(LoraStack stack, Provider provider, CallContext call) throws RemoteException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (LoraStack.Entry e : stack.entries()) {
            if (e.strength() == 0) continue;
            ModelManifest m = e.installed().manifest();
            String url = m.lora().url();
            if (url == null) {
                ModelManifest base = ModelLibrary.catalogue().get(m.lora().base());
                if (base != null && !base.isRemote()) {
                    throw new RemoteException(call.who + ": LoRA '" + e.name() + "' adapts " + base.name() + ", a model that runs on this computer; "
                            + "a remote endpoint cannot apply it (use it with Text to Image, or a LoRA made for this endpoint's model)");
                }
                Path file = e.installed().file(m.entry());
                call.status("uploading LoRA " + e.name() + " (" + RemoteHttp.megabytes(sizeOf(file)) + ")");
                url = provider.upload(file, "application/octet-stream", call);
            }
            list.addObject().put("path", url).put("scale", e.strength());
        }
        return list;
    }

    private static String send(Path file, String type, Provider provider, RemoteConfig.Limits limits, CallContext call) throws RemoteException {
        try {
            long size = Files.size(file);
            if (size <= limits.dataUriBytes()) {
                return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new RemoteException(call.who + ": cannot read the input file " + file + ": " + e.getMessage(), e);
        }
        call.status("uploading " + file.getFileName() + " (" + RemoteHttp.megabytes(sizeOf(file)) + ")");
        return provider.upload(file, type, call);
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path png(Frame frame, Path temp, String name) throws RemoteException {
        Path f = temp.resolve("input-" + name + ".png");
        try {
            ImageFiles.writePng(frame, f);
        } catch (MediaException e) {
            throw new RemoteException("cannot encode input " + name + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** A batch of images (a clip's frames) as a zip of PNGs, as trainers take their training images. */
    private static Path zip(Clip clip, Path temp, String name, CallContext call) throws RemoteException {
        Path f = temp.resolve("input-" + name + ".zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i < clip.frameCount(); i++) {
                call.checkCancelled();
                Path png = png(clip.frame(i), temp, name + "-" + i);
                z.putNextEntry(new java.util.zip.ZipEntry(String.format(java.util.Locale.ROOT, "image-%03d.png", i)));
                Files.copy(png, z);
                z.closeEntry();
                Files.delete(png);
            }
        } catch (IOException e) {
            throw new RemoteException(call.who + ": cannot write the zip of input " + name + ": " + e.getMessage(), e);
        }
        return f;
    }

    private static Path mp4(Clip clip, Path temp, String name, CallContext call) throws RemoteException {
        Path f = temp.resolve("input-" + name + ".mp4");
        try (VideoEncoder enc = VideoEncoder.open(f, clip.width(), clip.height(), clip.fps(), VideoEncoder.DEFAULT_BITRATE_KBPS)) {
            for (int i = 0; i < clip.frameCount(); i++) {
                call.checkCancelled();
                enc.write(clip.frame(i));
            }
            enc.finish();
        } catch (MediaException e) {
            throw new RemoteException(call.who + ": cannot encode input " + name + " as MP4: " + e.getMessage(), e);
        }
        return f;
    }
}
