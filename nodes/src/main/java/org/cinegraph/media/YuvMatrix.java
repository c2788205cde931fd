package org.cinegraph.media;

/**
 * A Y'CbCr matrix and range: the constants that turn R'G'B' into Y'CbCr and back. Cinegraph
 * writes BT.709 limited range (what HD and later video expects, and what it tags its files with)
 * and reads whatever a file says, guessing like players do when it says nothing (BT.601 below
 * 720 lines, BT.709 from there up).
 */
record YuvMatrix(double kr, double kb, boolean fullRange) {
    static final YuvMatrix BT709 = new YuvMatrix(0.2126, 0.0722, false);

    /** The matrix for FFmpeg's AVColorSpace value and range (AVCOL_RANGE_JPEG = 2 means full). */
    static YuvMatrix of(int avColorSpace, int avRange, int height) {
        boolean full = avRange == 2;
        return switch (avColorSpace) {
            case 1 -> new YuvMatrix(0.2126, 0.0722, full);          // BT.709
            case 5, 6 -> new YuvMatrix(0.299, 0.114, full);         // BT.601 (BT470BG, SMPTE170M)
            case 7 -> new YuvMatrix(0.212, 0.087, full);            // SMPTE 240M
            case 9, 10 -> new YuvMatrix(0.2627, 0.0593, full);      // BT.2020
            case 4 -> new YuvMatrix(0.30, 0.11, full);              // FCC
            default -> height >= 720 ? new YuvMatrix(0.2126, 0.0722, full) : new YuvMatrix(0.299, 0.114, full);
        };
    }

    double kg() {
        return 1 - kr - kb;
    }

    /** Y' offset and scale for code values of {@code bits} bits (limited: 16..235 at 8 bits). */
    double yOffset(int bits) {
        return fullRange ? 0 : 16 << (bits - 8);
    }

    double yScale(int bits) {
        return fullRange ? (1 << bits) - 1 : 219 << (bits - 8);
    }

    double cScale(int bits) {
        return fullRange ? (1 << bits) - 1 : 224 << (bits - 8);
    }

    double cOffset(int bits) {
        return 1 << (bits - 1);
    }
}
