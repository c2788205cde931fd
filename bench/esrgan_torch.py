#!/usr/bin/env python3
"""ESRGAN (UpscalerJS esrgan-slim/medium) forward in python3-torch, for comparison with Cinegraph's
DJL implementation in the same benchmark run (bench/esrgan.sh).

Reads the same TF.js model.json + .bin shards with numpy (float32 little-endian, manifest order,
kernels [kh, kw, in, out] -> [out, in, kh, kw]) and runs the RDN forward with torch.nn.functional.
Input: the deterministic pattern ((37x + 91y + 53c) mod 256), NCHW RGB 0..255, as in EsrganBenchmark.

usage: esrgan_torch.py MODEL_DIR [size=256] [runs=3] [threads=all cores] [fold]
  fold: fold the nearest upsampling into the SR conv, as EsrganNetwork does (same result)
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(folder):
    m = json.load(open(os.path.join(folder, "model.json")))
    w = {}
    for group in m["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        pos = 0
        for e in group["weights"]:
            n = int(np.prod(e["shape"]))
            a = np.frombuffer(data, dtype="<f4", count=n, offset=pos).reshape(e["shape"]).copy()
            pos += 4 * n
            if a.ndim == 4:
                a = a.transpose(3, 2, 0, 1)
            w[e["name"]] = torch.from_numpy(np.ascontiguousarray(a))
        assert pos == len(data)
    return w


def conv(w, name, x):
    k = w[name + "/kernel"]
    return F.conv2d(x, k, w[name + "/bias"], padding=k.shape[-1] // 2)


def forward(w, x):
    blocks = sum(1 for n in w if n.startswith("LFF_") and n.endswith("/kernel"))
    scale = int(round((w["UPN3/kernel"].shape[0] / 3) ** 0.5))
    fm1 = conv(w, "F_m1", x)
    prev = conv(w, "F_0", fm1)
    lrl = []
    for d in range(1, blocks + 1):
        grown = F.relu(conv(w, f"F_{d}_1", prev))
        prev = conv(w, f"LFF_{d}", torch.cat([prev, grown], 1)) + prev
        lrl.append(prev)
    g = conv(w, "GFF_2", conv(w, "GFF_1", torch.cat(lrl, 1))) + fm1
    y = F.relu(conv(w, "UPN1", g))
    y = F.relu(conv(w, "UPN2", y))
    y = conv(w, "UPN3", y)
    if "SR_phases" in w:
        return torch.clamp(F.pixel_shuffle(F.conv2d(y, w["SR_phases"], w["SR_phases_bias"], padding=1), scale), 0, 255), scale
    y = F.interpolate(y, scale_factor=scale, mode="nearest")
    return torch.clamp(conv(w, "SR", y), 0, 255), scale


def fold_sr(w):
    """The upsampling folded into SR, as EsrganNetwork does: output phase (py, px) is a 3x3 conv on the
    low-resolution map whose taps sum SR's taps that land on the same low-resolution pixel."""
    k = w["SR/kernel"].numpy()
    c = k.shape[1]
    s = int(round((c / 3) ** 0.5))
    f = np.zeros((3, s, s, c, 3, 3), np.float32)
    for py in range(s):
        for px in range(s):
            for dy in range(3):
                for dx in range(3):
                    f[:, py, px, :, (py + dy - 1) // s + 1, (px + dx - 1) // s + 1] += k[:, :, dy, dx]
    w["SR_phases"] = torch.from_numpy(f.reshape(3 * s * s, c, 3, 3))
    w["SR_phases_bias"] = w["SR/bias"].repeat_interleave(s * s)


def main():
    folder = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count()
    torch.set_num_threads(threads)  # Debian's build defaults to 1 thread
    w = load(folder)
    folded = len(sys.argv) > 5 and sys.argv[5] == "fold"
    if folded:
        fold_sr(w)
    c, yy, xx = np.meshgrid(np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    x = torch.from_numpy(((37 * xx + 91 * yy + 53 * c) % 256).astype(np.float32)[None])
    best = float("inf")
    with torch.no_grad():
        for i in range(runs + 1):
            t0 = time.perf_counter()
            out, scale = forward(w, x)
            mean = float(out.mean())
            s = time.perf_counter() - t0
            print(("warm-up run: %.3f s" if i == 0 else f"run {i}: %.3f s") % s)
            if i > 0:
                best = min(best, s)
    mp = (size * scale) ** 2 / 1e6
    print("RESULT torch %s (%d threads, %s) best %.3f s/frame, %.3f output MP/s; output mean %.4f"
          % (torch.__version__, threads, "SR folded" if folded else "upsample + SR", best, mp / best, mean))


if __name__ == "__main__":
    main()
