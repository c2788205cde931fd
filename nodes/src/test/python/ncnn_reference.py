#!/usr/bin/env python3
"""Independent reference for the ncnn upscalers run by manifest (ManifestNcnnModelsTest).

Written apart from the Java runner: the .param is parsed with plain string handling, the .bin read
with numpy, and the network run with torch.nn.functional (Debian python3-torch): conv2d,
conv_transpose2d, adaptive average pooling, linear, nearest interpolation, pixel_shuffle. The
border the manifests describe is added with F.pad(mode='replicate') and taken off the output.

usage: ncnn_reference.py PARAM BIN IN_F32 H W PAD MULTIPLE BORDER SCALE OUT_F32
  IN_F32: little-endian float32 RGB [1, 3, H, W] in 0..1; OUT_F32 gets [1, 3, H*SCALE, W*SCALE].
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

FP16_TAG = 0x01306B47


class Bin:
    def __init__(self, path):
        self.data = open(path, 'rb').read()
        self.pos = 0

    def tagged(self, n):
        tag = int.from_bytes(self.data[self.pos:self.pos + 4], 'little')
        self.pos += 4
        if tag == FP16_TAG:
            w = np.frombuffer(self.data, '<f2', n, self.pos).astype(np.float32)
            self.pos += (n * 2 + 3) // 4 * 4
        else:
            assert tag == 0, hex(tag)
            w = np.frombuffer(self.data, '<f4', n, self.pos)
            self.pos += n * 4
        return torch.from_numpy(w.copy())

    def raw(self, n):
        w = np.frombuffer(self.data, '<f4', n, self.pos)
        self.pos += n * 4
        return torch.from_numpy(w.copy())


def act(x, p):
    t = p.get('9', '0')
    if t == '1':
        return F.relu(x)
    if t == '2':
        return F.leaky_relu(x, float(p['-23310'].split(',')[1]))
    if t == '4':
        return torch.sigmoid(x)
    assert t == '0', t
    return x


def load(param, binfile):
    lines = open(param).read().split('\n')
    assert lines[0].strip() == '7767517'
    b = Bin(binfile)
    layers = []
    for line in lines[2:]:
        f = line.split()
        if not f:
            continue
        kind, nb, nt = f[0], int(f[2]), int(f[3])
        L = {'kind': kind, 'bottoms': f[4:4 + nb], 'tops': f[4 + nb:4 + nb + nt], 'p': dict(kv.split('=', 1) for kv in f[4 + nb + nt:])}
        p = L['p']
        if kind in ('Convolution', 'Deconvolution'):
            out, k, size = int(p['0']), int(p['1']), int(p['6'])
            w = b.tagged(size)
            if kind == 'Convolution':
                L['w'] = w.reshape(out, size // (out * k * k), k, k)
            else:  # ncnn keeps [out, in, k, k]; conv_transpose2d wants [in, out, k, k]
                L['w'] = w.reshape(out, size // (out * k * k), k, k).transpose(0, 1)
            L['b'] = b.raw(out) if p.get('5', '0') == '1' else None
        elif kind == 'InnerProduct':
            out, size = int(p['0']), int(p['2'])
            L['w'] = b.tagged(size).reshape(out, size // out)
            L['b'] = b.raw(out) if p.get('1', '0') == '1' else None
        layers.append(L)
    assert b.pos == len(b.data), (b.pos, len(b.data))
    return layers


def crop(x, p):
    starts = [int(v) for v in p['-23309'].split(',')[1:]]
    ends = [int(v) for v in p['-23310'].split(',')[1:]]
    axes = [int(v) for v in p['-23311'].split(',')[1:]]
    idx = [slice(None)] * 4
    for s, e, a in zip(starts, ends, axes):
        a = (a + 3 if a < 0 else a) + 1
        n = x.shape[a]
        idx[a] = slice(s if s >= 0 else s + n, e if e >= 0 else e + n)
    return x[tuple(idx)]


def run(layers, x):
    blobs = {}
    for L in layers:
        kind, p = L['kind'], L['p']
        ins = [blobs[b] for b in L['bottoms']]
        if kind == 'Input':
            out = [x]
        elif kind == 'Split':
            out = [ins[0]] * len(L['tops'])
        elif kind == 'Convolution':
            out = [act(F.conv2d(ins[0], L['w'], L['b'], stride=int(p.get('3', '1')), padding=int(p.get('4', '0'))), p)]
        elif kind == 'Deconvolution':
            out = [act(F.conv_transpose2d(ins[0], L['w'], L['b'], stride=int(p.get('3', '1')), padding=int(p.get('4', '0'))), p)]
        elif kind == 'Pooling':
            assert p['0'] == '1' and p['4'] == '1'
            out = [F.adaptive_avg_pool2d(ins[0], 1)]
        elif kind == 'InnerProduct':
            y = F.linear(ins[0].flatten(1), L['w'], L['b'])
            out = [act(y, p).reshape(y.shape[0], -1, 1, 1)]
        elif kind == 'Scale':
            out = [ins[0] * ins[1].reshape(ins[1].shape[0], -1, 1, 1)]
        elif kind == 'BinaryOp':
            op = p.get('0', '0')
            out = [{'0': torch.add, '2': torch.mul}[op](ins[0], ins[1])]
        elif kind == 'Eltwise':
            assert p.get('0') == '1'
            c = [float(v) for v in p['-23301'].split(',')[1:]] if '-23301' in p else [1.0] * len(ins)
            out = [sum(ci * xi for ci, xi in zip(c, ins))]
        elif kind == 'Crop':
            if len(ins) == 2:
                wo, ho = int(p.get('0', '0')), int(p.get('1', '0'))
                r = ins[1]
                out = [ins[0][:, :, ho:ho + r.shape[2], wo:wo + r.shape[3]]]
            else:
                out = [crop(ins[0], p)]
        elif kind == 'Interp':
            assert p['0'] == '1'
            out = [F.interpolate(ins[0], scale_factor=float(p['1']), mode='nearest')]
        elif kind == 'Concat':
            out = [torch.cat(ins, 1)]
        elif kind == 'PixelShuffle':
            out = [F.pixel_shuffle(ins[0], int(p['0']))]
        else:
            raise SystemExit('layer ' + kind + ' not in the reference')
        for t, o in zip(L['tops'], out):
            blobs[t] = o
    return blobs[layers[-1]['tops'][-1]]


def main():
    param, binfile, infile = sys.argv[1:4]
    h, w, pad, multiple, border, scale = (int(v) for v in sys.argv[4:10])
    x = torch.from_numpy(np.fromfile(infile, '<f4').reshape(1, 3, h, w))
    ew, eh = (multiple - (w + 2 * pad) % multiple) % multiple, (multiple - (h + 2 * pad) % multiple) % multiple
    if pad or ew or eh:
        x = F.pad(x, (pad, pad + ew, pad, pad + eh), mode='replicate')
    with torch.no_grad():
        y = run(load(param, binfile), x)
    # the network trims BORDER input pixels per edge; what is left starts at input pixel PAD - BORDER
    o = (pad - border) * scale
    y = y[:, :, o:o + h * scale, o:o + w * scale]
    y.numpy().astype('<f4').tofile(sys.argv[10])


if __name__ == '__main__':
    main()
