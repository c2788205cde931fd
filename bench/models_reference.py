#!/usr/bin/env python3
"""Reference timings for bench/models.sh (a benchmark: prints figures, nothing passes or fails).

The same models and inputs as ModelsBenchmark, in the independent references the model tests use:
ONNX models in OpenCV's dnn (Debian python3-opencv), the ncnn upscalers in the torch re-implementation
of nodes/src/test/python/ncnn_reference.py (Debian python3-torch). Timed per frame: input
preparation (resize, scaling, layout) and the forward pass; the network is loaded once, outside the
timing. Post-processing that the references do in plain Python loops (BlazeFace anchors, M-LSD peaks)
is left out, so the ONNX reference figures are a lower bound for the same work.

usage: models_reference.py FILES_TXT PATTERN_F32 IMAGE RUNS THREADS
  FILES_TXT: ModelsBenchmark's output (lines "FILE model path").
"""
import os
import statistics
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', 'nodes', 'src', 'test', 'python'))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import ncnn_reference  # noqa: E402
import onnx_reference  # noqa: E402

# ncnn upscalers: (pad, multiple) as in ManifestNcnnModelsTest, from the manifests
NCNN = {'realcugan-up2x': (18, 2), 'realcugan-up3x': (14, 4), 'realcugan-up4x': (19, 2), 'waifu2x-cunet': (18, 2),
        'realesrgan-x4plus-anime': (0, 1)}
ONNX_SIZE = {'fastdepth': 224, 'blazeface-front': 128, 'blazeface-back': 256, 'mlsd-tiny': 320, 'mlsd-large': 512}


def timed(fn, runs):
    fn()  # first call: warms caches and kernels
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts), min(ts), max(ts)


def onnx_case(name, path, image):
    img = onnx_reference.rgb(image)
    size = ONNX_SIZE[name]
    if name == 'fastdepth':
        net = cv2.dnn.readNetFromONNX(path)

        def go():
            x = cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR) / 255.0
            net.setInput(np.ascontiguousarray(x.transpose(2, 0, 1)[None]).astype(np.float32))
            net.forward()
    elif name.startswith('blazeface'):
        net = cv2.dnn.readNetFromONNX(path)

        def go():
            x, _ = onnx_reference.letterbox(img, size)
            net.setInput((x / 127.5 - 1.0)[None].astype(np.float32))
            net.forward(['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'])
    else:
        net, _, _ = onnx_reference.mlsd_network(path, os.path.join(tempfile.mkdtemp(), name))

        def go():
            x = cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR)
            x = np.concatenate([x, np.ones((size, size, 1), np.float32)], axis=-1)
            net.setInput(x[None].astype(np.float32))
            net.forward()
    return go


def ncnn_case(name, path, pattern):
    pad, multiple = NCNN[name]
    layers = ncnn_reference.load(path, path.replace('.param', '.bin'))
    h = w = 128
    src = torch.from_numpy(np.fromfile(pattern, '<f4').reshape(1, 3, h, w))

    def go():
        ew, eh = (multiple - (w + 2 * pad) % multiple) % multiple, (multiple - (h + 2 * pad) % multiple) % multiple
        x = F.pad(src, (pad, pad + ew, pad, pad + eh), mode='replicate') if pad or ew or eh else src
        with torch.no_grad():
            ncnn_reference.run(layers, x)
    return go


def main():
    files_txt, pattern, image, runs, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    cv2.setNumThreads(threads)
    for line in open(files_txt):
        if not line.startswith('FILE '):
            continue
        _, name, path = line.split(None, 2)
        path = path.strip()
        engine = 'torch' if name in NCNN else 'opencv-dnn'
        try:
            go = ncnn_case(name, path, pattern) if name in NCNN else onnx_case(name, path, image)
        except Exception as e:  # the reference cannot read this network: say so, go on with the others
            print('RESULT %s %s n/a (the reference cannot run it: %s)' % (name, engine, repr(e)[:120]), flush=True)
            continue
        med, lo, hi = timed(go, runs)
        print('RESULT %s %s median %.1f ms (min %.1f, max %.1f)' % (name, engine, med, lo, hi), flush=True)


if __name__ == '__main__':
    main()
