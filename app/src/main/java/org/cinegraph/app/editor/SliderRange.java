package org.cinegraph.app.editor;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.Widget;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * What a parameter's slider spans and how it rounds, from its {@link ParamSpec}: the soft range
 * when the type declares one (else the hard limits), a step of 1, 2 or 5 x 10^k giving about 250
 * steps across it (whole numbers for integers), and the decimals that step needs. Values typed
 * beyond the soft range stay (the slider widens to show them); the hard limits bound everything.
 */
record SliderRange(double lo, double hi, double step, int decimals, boolean integral, Double hardMin, Double hardMax) {
    /** Integer fields wider than this are typed, not dragged, unless the type gives a soft range. */
    static final double WIDEST_UNDECLARED_INTEGER = 1000;

    static Optional<SliderRange> of(ParamSpec p) {
        if (p.type() != DataType.NUMBER && p.type() != DataType.INTEGER) return Optional.empty();
        Double lo = p.softMin() != null ? p.softMin() : p.min(), hi = p.softMax() != null ? p.softMax() : p.max();
        if (lo == null || hi == null || !(hi > lo) || Double.isInfinite(hi - lo)) return Optional.empty();
        boolean integral = p.type() == DataType.INTEGER;
        if (p.widget() != Widget.SLIDER && p.softMin() == null && (!integral || hi - lo > WIDEST_UNDECLARED_INTEGER)) return Optional.empty();
        double step = niceStep((hi - lo) / 250);
        if (integral) step = Math.max(1, Math.round(step));
        return Optional.of(new SliderRange(lo, hi, step, decimalsOf(step), integral, p.min(), p.max()));
    }

    /** The smallest of 1, 2, 5 x 10^k not below {@code x}. */
    static double niceStep(double x) {
        double k = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * k >= x * (1 - 1e-9)) return m * k;
        return 10 * k;
    }

    private static int decimalsOf(double step) {
        return Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }

    /** This range widened to include {@code value} (typed beyond the soft range), within the hard limits. */
    SliderRange around(double value) {
        double l = Math.min(lo, value), h = Math.max(hi, value);
        if (hardMin != null) l = Math.max(l, hardMin);
        if (hardMax != null) h = Math.min(h, hardMax);
        return l == lo && h == hi ? this : new SliderRange(l, h, step, decimals, integral, hardMin, hardMax);
    }

    /** The value at a fraction (0..1) of the span. */
    double at(double fraction) {
        return lo + Math.max(0, Math.min(1, fraction)) * (hi - lo);
    }

    double fractionOf(double v) {
        return Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    }

    /** {@code v} on the step (a tenth of it when {@code fine}), inside this span and free of binary noise. */
    double snap(double v, boolean fine) {
        double s = fine && !integral ? step / 10 : step;
        int places = fine && !integral ? decimals + 1 : decimals;
        double snapped = Math.round(v / s) * s;
        snapped = BigDecimal.valueOf(snapped).setScale(places, java.math.RoundingMode.HALF_UP).doubleValue();
        return Math.max(lo, Math.min(hi, snapped));
    }

    /** What a value looks like in the field: the step's decimals, or as many as a typed value has. */
    String format(double v) {
        if (integral) return Long.toString(Math.round(v));
        String rounded = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (Double.parseDouble(rounded) == v) return rounded;
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The value a slider position stands for, as the parameter stores it. */
    Object stored(double v) {
        return integral ? (Object) Math.round(v) : (Object) v;
    }
}
