#!/usr/bin/python3
"""Exports the tiny TorchScript models the model tests use, with their manifests.

Run from this folder with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 make_fixtures.py
Writes swap-channels/ and gain/ (each: model.pt + manifest.json). Both are made here, by this
script, so the project owns them; they are a few KB and committed with the script.
"""
import hashlib
import json
import os

import torch


class SwapChannels(torch.nn.Module):
    """A fixed 1x1 convolution that turns RGB into BGR (input and output 0..1)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 3, 1, bias=False)
        with torch.no_grad():
            self.conv.weight.zero_()
            self.conv.weight[0, 2, 0, 0] = 1.0
            self.conv.weight[1, 1, 0, 0] = 1.0
            self.conv.weight[2, 0, 0, 0] = 1.0

    def forward(self, image):
        return self.conv(image)


class Gain(torch.nn.Module):
    """Multiplies by a parameter and can invert (0..255 in and out): shows parameters as tensors."""

    def forward(self, image, amount, invert):
        y = image * amount
        return torch.where(invert > 0.5, 255.0 - y, y).clamp(0.0, 255.0)


def export(folder, module, manifest):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.pt")
    torch.jit.script(module).save(path)
    data = open(path, "rb").read()
    manifest["files"] = [{"path": "model.pt", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}]
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def main():
    torch.manual_seed(0)
    export("swap-channels", SwapChannels().eval(), {
        "name": "swap-channels", "version": "1.0.0", "task": "colour",
        "format": "torchscript", "architecture": "conv1x1", "entry": "model.pt",
        "description": "Test fixture: swaps red and blue",
        "inputs": [{"name": "image", "layout": "NCHW", "channels": "RGB", "range": 1.0, "scale": 1}],
        "outputs": [{"name": "image", "layout": "NCHW", "channels": "RGB", "range": 1.0, "scale": 1}],
        "parameters": [], "licence": "MIT",
    })
    export("gain", Gain().eval(), {
        "name": "gain", "version": "1.0.0", "task": "colour",
        "format": "torchscript", "architecture": "elementwise", "entry": "model.pt",
        "description": "Test fixture: multiplies by amount, optionally inverts",
        "inputs": [{"name": "image", "layout": "NCHW", "channels": "RGB", "range": 255.0, "scale": 1}],
        "outputs": [{"name": "image", "layout": "NCHW", "channels": "RGB", "range": 255.0, "scale": 1}],
        "parameters": [
            {"name": "amount", "type": "number", "default": 1.0, "min": 0.0, "max": 4.0, "description": "Gain"},
            {"name": "invert", "type": "boolean", "default": False, "description": "Invert after the gain"},
        ],
        "licence": "MIT",
    })


if __name__ == "__main__":
    main()
