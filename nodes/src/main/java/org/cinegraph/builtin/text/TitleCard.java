package org.cinegraph.builtin.text;

import org.cinegraph.media.Colours;
import org.cinegraph.media.DeepPixels;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/** Draws antialiased text on a plain background or over an image (Java2D, headless). */
public final class TitleCard implements NodeType {
    /** Java's logical fonts always exist (mapped to an installed face); the DejaVu families are named directly. */
    private static final List<String> LOGICAL = List.of("SansSerif", "Serif", "Monospaced");
    static final List<String> FONTS = List.of("DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "SansSerif", "Serif", "Monospaced");

    private static final NodeSpec SPEC = NodeSpec.builder("text.title", 1)
            .category("Text").name("Title Card")
            .description("Text on a background colour, or over the connected image (a clip is titled frame by frame).")
            .optionalInput("image", DataType.IMAGE, "Picture to draw the text over; sets the size when connected")
            .param(ParamSpec.multiline("text", "Title", "The text; new lines start new lines"))
            .param(ParamSpec.choice("font", "DejaVu Sans", FONTS, "Font family"))
            .param(ParamSpec.choice("style", "bold", List.of("plain", "bold", "italic", "bold italic"), "Font style"))
            .param(ParamSpec.number("size", 72, 4, 1000, "Font size in pixels").withSoftRange(8, 300))
            .param(ParamSpec.colour("colour", "#FFFFFF", "Text colour"))
            .param(ParamSpec.colour("background", "#000000", "Background fill when no image is connected (#00000000 for transparent)"))
            .param(ParamSpec.choice("position", "center", List.of("center", "top", "bottom", "lower-third"), "Where the text block sits"))
            .param(ParamSpec.integer("x_offset", 0, -16384, 16384, "Moves the text right by this many pixels"))
            .param(ParamSpec.integer("y_offset", 0, -16384, 16384, "Moves the text down by this many pixels"))
            .param(ParamSpec.integer("width", 1280, 1, 16384, "Width in pixels when no image is connected"))
            .param(ParamSpec.integer("height", 720, 1, 16384, "Height in pixels when no image is connected"))
            .output("image", DataType.IMAGE, "The titled image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        BufferedImage img;
        Frame under = in.has("image") ? in.image("image") : null;
        boolean deep = under != null && under.isDeep();
        if (deep) {
            // text is drawn on a clear layer and laid over the deep picture, which keeps its depth
            img = new BufferedImage(under.width(), under.height(), BufferedImage.TYPE_INT_ARGB);
        } else if (under != null) {
            img = under.toBufferedImage();
        } else {
            img = new BufferedImage(in.intParam("width"), in.intParam("height"), BufferedImage.TYPE_INT_ARGB);
        }
        int w = img.getWidth(), h = img.getHeight();
        Graphics2D g = img.createGraphics();
        try {
            if (under == null) {
                // Src, not SrcOver: a transparent background must leave the pixels transparent.
                g.setComposite(AlphaComposite.Src);
                g.setColor(colour(in.text("background")));
                g.fillRect(0, 0, w, h);
                g.setComposite(AlphaComposite.SrcOver);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            Font font = new Font(in.text("font"), style(in.text("style")), 1).deriveFont((float) in.number("size"));
            if (!font.getFamily().equalsIgnoreCase(in.text("font")) && !LOGICAL.contains(in.text("font"))) {
                // Java2D silently substitutes a default font; say so rather than leave the user guessing.
                ctx.log("Title Card: font '" + in.text("font") + "' is not installed, using '" + font.getFamily() + "'");
            }
            g.setFont(font);
            g.setColor(colour(in.text("colour")));
            draw(g, in.text("text"), in.text("position"), w, h, in.intParam("x_offset"), in.intParam("y_offset"));
        } finally {
            g.dispose();
        }
        Frame text = Frame.fromBufferedImage(img);
        return Map.of("image", deep ? DeepPixels.over(under, text) : text);
    }

    private static void draw(Graphics2D g, String text, String position, int w, int h, int dx, int dy) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        FontMetrics fm = g.getFontMetrics();
        int lineHeight = fm.getHeight();
        int blockHeight = lineHeight * lines.length;
        double margin = 0.08;
        // Top of the text block for each placement; lower-third is left-aligned like a name strap.
        double top = switch (position) {
            case "top" -> h * margin;
            case "bottom" -> h * (1 - margin) - blockHeight;
            case "lower-third" -> h * 0.78 - blockHeight / 2.0;
            default -> (h - blockHeight) / 2.0;
        };
        boolean leftAligned = position.equals("lower-third");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            double x = leftAligned ? w * margin : (w - fm.stringWidth(line)) / 2.0;
            double baseline = top + i * lineHeight + fm.getAscent();
            g.drawString(line, (float) (x + dx), (float) (baseline + dy));
        }
    }

    private static int style(String s) {
        return switch (s) {
            case "bold" -> Font.BOLD;
            case "italic" -> Font.ITALIC;
            case "bold italic" -> Font.BOLD | Font.ITALIC;
            default -> Font.PLAIN;
        };
    }

    private static Color colour(String s) {
        return new Color(Colours.parse(s), true);
    }
}
