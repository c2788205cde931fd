package org.cinegraph.render.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes control characters other than tab, newline, carriage return and escape (the progress
 * line uses those) as {@code \xNN}, so a name in a message cannot put a NUL, a bell or a
 * backspace on the terminal.
 */
final class ControlEscaper extends FilterOutputStream {
    ControlEscaper(OutputStream out) {
        super(out);
    }

    private static boolean control(int b) {
        b &= 0xFF;
        return b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1B || b == 0x7F;
    }

    @Override
    public void write(int b) throws IOException {
        if (control(b)) out.write(String.format("\\x%02x", b & 0xFF).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        else out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (!control(b[i])) continue;
            out.write(b, start, i - start);
            write(b[i]);
            start = i + 1;
        }
        out.write(b, start, off + len - start);
    }
}
