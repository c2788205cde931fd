package org.cinegraph.media;

/** A frame rate as an exact fraction (30000/1001 for 29.97). */
public record Rational(int num, int den) {
    public Rational {
        if (num <= 0 || den <= 0) throw new IllegalArgumentException("frame rate must be positive, not " + num + "/" + den);
        int g = gcd(num, den);
        num /= g;
        den /= g;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public static Rational of(int fps) {
        return new Rational(fps, 1);
    }

    /** The closest simple fraction: whole numbers stay whole, NTSC rates become /1001. */
    public static Rational of(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("frame rate must be positive, not " + fps);
        if (Math.abs(fps - Math.rint(fps)) < 1e-6) return new Rational((int) Math.rint(fps), 1);
        double ntsc = fps * 1001 / 1000;
        if (Math.abs(ntsc - Math.rint(ntsc)) < 1e-3) return new Rational((int) Math.rint(ntsc) * 1000, 1001);
        return new Rational((int) Math.round(fps * 1000), 1000);
    }

    public double value() {
        return (double) num / den;
    }

    @Override
    public String toString() {
        return den == 1 ? Integer.toString(num) : num + "/" + den;
    }
}
