package org.cinegraph.models.remote;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Progress read from provider log lines: the last "NN%" (tqdm bars and the like). */
final class Progress {
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    private Progress() {
    }

    static Optional<Double> fromLog(String text) {
        Matcher m = PERCENT.matcher(text);
        Double last = null;
        while (m.find()) {
            int p = Integer.parseInt(m.group(1));
            if (p <= 100) last = p / 100.0;
        }
        return Optional.ofNullable(last);
    }
}
