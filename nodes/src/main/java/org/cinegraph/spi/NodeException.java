package org.cinegraph.spi;

/** A failure with a message fit to show the user (names the file or value and the cause). */
public class NodeException extends Exception {
    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A message from a library (libtorch's C++ traces, a TorchScript traceback) as the one line
     * that says what went wrong: the last "...Error: cause" line if there is one, else the first
     * line, without the frames, and with control characters dropped.
     */
    public static String oneLine(String message) {
        if (message == null || message.isBlank()) return "error";
        String first = null, error = null;
        for (String raw : message.split("\\R")) {
            if (raw.isBlank() || Character.isWhitespace(raw.charAt(0))) continue;   // code excerpts of a traceback
            String line = raw.strip();
            if (line.startsWith("frame #") || line.startsWith("Exception raised from") || line.startsWith("Traceback")) continue;
            if (first == null) first = line;
            if (line.matches("^[A-Za-z_.:]*(Error|Exception)\\b.*?: .+")) error = line;
        }
        String line = error != null ? error : first != null ? first : message.strip();
        line = line.replaceAll("\\p{Cntrl}", " ");
        // a long line loses its middle: the start says what failed, the end often the file and the cause
        return line.length() > 400 ? line.substring(0, 240) + " ... " + line.substring(line.length() - 155) : line;
    }
}
