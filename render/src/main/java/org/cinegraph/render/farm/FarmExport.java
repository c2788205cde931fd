package org.cinegraph.render.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Farm renders as job descriptions other schedulers load, each running the same three
 * {@link FarmTasks} commands:
 * <ul>
 * <li>OpenCue: a job spec in the cjsl DTD (what {@code pycue}'s {@code launchSpec} and
 * {@code cuebot} read): show, shot, user, one job with a Render layer "prepare" (one frame), a
 * Render layer "render" over the frame range in chunks ({@code #FRAME_START#-#FRAME_END#}) that
 * depends on prepare, and a Post layer "assemble", which OpenCue runs once every other layer has
 * finished.</li>
 * <li>OpenJD (Deadline Cloud): a {@code jobtemplate-2023-09} job template (JSON, which OpenJD
 * reads like YAML) with the TASK_CHUNKING extension: parameters for the graph, output and work
 * folders, the frame range, chunk size and the Cinegraph command; steps prepare, render (a
 * {@code CHUNK[INT]} task parameter over the frames, contiguous chunks) and assemble, with
 * their dependencies; GPU host requirements when asked.</li>
 * </ul>
 */
public final class FarmExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The cjsl version written: the one with layer gpus and the Post layer type. */
    public static final String CJSL = "cjsl-1.13.dtd";
    /** The most values Deadline Cloud puts in one chunk of a CHUNK[INT] parameter. */
    public static final int MAX_OPENJD_CHUNK = 150;

    private FarmExport() {
    }

    /** Who the job belongs to in OpenCue. */
    public record CueOwner(String show, String shot, String user) {
    }

    public static String openCue(FarmTasks t, CueOwner owner, String jobName, int gpus) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!DOCTYPE spec PUBLIC \"SPI Cue  Specification Language\" \"http://localhost:8080/spcue/dtd/").append(CJSL).append("\">\n");
        x.append("<spec>\n");
        x.append("  <show>").append(xml(owner.show())).append("</show>\n");
        x.append("  <shot>").append(xml(owner.shot())).append("</shot>\n");
        x.append("  <user>").append(xml(owner.user())).append("</user>\n");
        x.append("  <job name=\"").append(xml(openCueToken(jobName))).append("\">\n");
        x.append("    <paused>False</paused>\n");
        x.append("    <maxretries>2</maxretries>\n");
        x.append("    <autoeat>False</autoeat>\n");
        env(x, t.env(), "    ");
        x.append("    <layers>\n");
        layer(x, "prepare", "Render", t.prepare(), "0", 1, gpus, t.env());
        layer(x, "render", "Render", t.chunk("#FRAME_START#-#FRAME_END#"), t.frames().toString(), t.chunk(), gpus, t.env());
        layer(x, "assemble", "Post", t.assemble(), "0", 1, 0, t.env());
        x.append("    </layers>\n");
        x.append("  </job>\n");
        x.append("  <depends>\n");
        x.append("    <depend type=\"LAYER_ON_LAYER\" anyframe=\"False\">\n");
        x.append("      <depjob>").append(xml(openCueToken(jobName))).append("</depjob>\n");
        x.append("      <deplayer>render</deplayer>\n");
        x.append("      <onjob>").append(xml(openCueToken(jobName))).append("</onjob>\n");
        x.append("      <onlayer>prepare</onlayer>\n");
        x.append("    </depend>\n");
        x.append("  </depends>\n");
        x.append("</spec>\n");
        return x.toString();
    }

    private static void layer(StringBuilder x, String name, String type, List<String> cmd, String range, int chunk, int gpus,
                              Map<String, String> env) {
        x.append("      <layer name=\"").append(name).append("\" type=\"").append(type).append("\">\n");
        // the command runs through a shell on the host; every word is quoted for it
        x.append("        <cmd>").append(xml(FarmTasks.shell(cmd))).append("</cmd>\n");
        x.append("        <range>").append(range).append("</range>\n");
        x.append("        <chunk>").append(chunk).append("</chunk>\n");
        x.append("        <cores>1</cores>\n");
        if (gpus > 0) x.append("        <gpus>").append(gpus).append("</gpus>\n");
        x.append("        <services>\n          <service>shell</service>\n        </services>\n");
        x.append("      </layer>\n");
    }

    private static void env(StringBuilder x, Map<String, String> env, String indent) {
        if (env.isEmpty()) return;
        x.append(indent).append("<env>\n");
        for (Map.Entry<String, String> e : env.entrySet()) {
            x.append(indent).append("  <key name=\"").append(xml(e.getKey())).append("\">").append(xml(e.getValue())).append("</key>\n");
        }
        x.append(indent).append("</env>\n");
    }

    /** OpenCue job and layer names are XML name tokens: letters, digits, '.', '-', '_'. */
    public static String openCueToken(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return t.isEmpty() ? "cinegraph" : t;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The OpenJD job template; the graph's paths and the command are parameters a submitter may change. */
    public static String openJd(FarmTasks t, String jobName, int gpus) {
        ObjectNode root = JSON.createObjectNode();
        root.put("specificationVersion", "jobtemplate-2023-09");
        root.putArray("extensions").add("TASK_CHUNKING");
        root.put("name", jobName);
        ArrayNode params = root.putArray("parameterDefinitions");
        path(params, "GraphFile", "FILE", "IN", t.graph().toString(), "The .cgraph file to render");
        path(params, "OutputDir", "DIRECTORY", "OUT", t.out().toString(), "Where the assembled outputs go");
        path(params, "WorkDir", "DIRECTORY", "INOUT", t.work().toString(), "Chunks, logs and the farm's scratch files (shared by every task)");
        ObjectNode frames = params.addObject();
        frames.put("name", "Frames");
        frames.put("type", "STRING");
        frames.put("default", t.frames().toString());
        frames.put("description", "Frames to render, first-last from 0");
        ObjectNode chunk = params.addObject();
        chunk.put("name", "ChunkSize");
        chunk.put("type", "INT");
        chunk.put("default", t.chunk());
        chunk.put("minValue", 1);
        chunk.put("maxValue", MAX_OPENJD_CHUNK);
        chunk.put("description", "Frames per render task (a whole number of key-frame intervals keeps the key frames of a local render)");
        ObjectNode command = params.addObject();
        command.put("name", "CinegraphCommand");
        command.put("type", "STRING");
        command.put("default", t.launcher().get(0));
        command.put("description", "The cinegraph command on the worker hosts");

        ArrayNode steps = root.putArray("steps");
        step(steps, "prepare", List.of(), t, t.prepare(), gpus);
        ObjectNode render = step(steps, "render", List.of("prepare"), t, t.chunk("{{Task.Param.Frame}}"), gpus);
        ObjectNode space = render.putObject("parameterSpace");
        ObjectNode frame = space.putArray("taskParameterDefinitions").addObject();
        frame.put("name", "Frame");
        frame.put("type", "CHUNK[INT]");
        frame.put("range", "{{Param.Frames}}");
        ObjectNode chunks = frame.putObject("chunks");
        chunks.put("defaultTaskCount", "{{Param.ChunkSize}}");
        chunks.put("rangeConstraint", "CONTIGUOUS");
        step(steps, "assemble", List.of("render"), t, t.assemble(), 0);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void path(ArrayNode params, String name, String objectType, String dataFlow, String value, String description) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("type", "PATH");
        p.put("objectType", objectType);
        p.put("dataFlow", dataFlow);
        p.put("default", value);
        p.put("description", description);
    }

    /** A step whose one action runs {@code argv} with the template's parameters in place of the submit-time values. */
    private static ObjectNode step(ArrayNode steps, String name, List<String> after, FarmTasks t, List<String> argv, int gpus) {
        ObjectNode s = steps.addObject();
        s.put("name", name);
        if (!after.isEmpty()) {
            ArrayNode deps = s.putArray("dependencies");
            for (String a : after) deps.addObject().put("dependsOn", a);
        }
        ObjectNode onRun = s.putObject("script").putObject("actions").putObject("onRun");
        onRun.put("command", "{{Param.CinegraphCommand}}");
        ArrayNode args = onRun.putArray("args");
        List<String> rest = new ArrayList<>(argv.subList(t.launcher().size(), argv.size()));
        for (String a : rest) args.add(parameterised(a, t));
        if (!t.env().isEmpty()) {
            ObjectNode vars = s.putArray("stepEnvironments").addObject().put("name", "cinegraph").putObject("variables");
            t.env().forEach(vars::put);
        }
        if (gpus > 0) {
            ObjectNode amount = s.putObject("hostRequirements").putArray("amounts").addObject();
            amount.put("name", "amount.worker.gpu");
            amount.put("min", gpus);
        }
        return s;
    }

    private static String parameterised(String arg, FarmTasks t) {
        if (arg.equals(t.graph().toString())) return "{{Param.GraphFile}}";
        if (arg.equals(t.out().toString())) return "{{Param.OutputDir}}";
        if (arg.equals(t.work().toString())) return "{{Param.WorkDir}}";
        if (arg.equals(t.frames().toString())) return "{{Param.Frames}}";
        return arg;
    }
}
