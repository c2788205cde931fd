#!/usr/bin/env python3
"""Independent references for the ONNX catalogue models (ManifestOnnxModelsTest).

OpenCV's own ONNX importer and inference (Debian's python3-opencv 4.6, cv2.dnn), with the pre- and
post-processing written here from the models' published descriptions, not from Cinegraph's code:
  depth IMAGE MODEL OUT     FastDepth: RGB 0..1 at 224x224 (cv2.resize, bilinear, on floats), the
                            output stretched to 0..1 per image, inverted (near = 1) and resized back
                            to the image size; OUT gets float32 values, row by row.
  faces IMAGE MODEL SIZE THRESHOLD OUT
                            BlazeFace: letterboxed to SIZE, RGB -1..1, NHWC; SSD anchors at cell
                            centres of 16x16x2 and 8x8x6 grids; sigmoid scores; MediaPipe's weighted
                            non-maximum suppression at IoU 0.3; boxes mapped back to the image;
                            OUT gets JSON [[x1, y1, x2, y2, score], ...].
  lines IMAGE MODEL SIZE THRESHOLD MINLENGTH OUT
                            M-LSD: RGB 0..255 plus a channel of ones at SIZExSIZE, NHWC; centres
                            that are the maximum of their 3x3 neighbourhood (as M-LSD's own
                            max-pool NMS) and above THRESHOLD; segments = 2 x (cell + offsets),
                            mapped back; OUT gets JSON [[x1, y1, x2, y2, score], ...].
OpenCV 4.6 cannot run a Split of a constant nor read Clip bounds given as inputs: for M-LSD those
splits are computed up front and the bounds moved into attributes with python3-onnx (the same
computation).
"""
import json
import sys

import cv2
import numpy as np


def rgb(path):
    return cv2.imread(path, cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float32)


def depth(image, model, out):
    img = rgb(image)
    h, w = img.shape[:2]
    x = cv2.resize(img, (224, 224), interpolation=cv2.INTER_LINEAR) / 255.0
    net = cv2.dnn.readNetFromONNX(model)
    net.setInput(np.ascontiguousarray(x.transpose(2, 0, 1)[None]).astype(np.float32))
    d = net.forward()[0, 0]
    d = (d - d.min()) / (d.max() - d.min())
    d = 1 - d
    d = cv2.resize(d.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    d.astype('<f4').tofile(out)


def letterbox(img, size):
    h, w = img.shape[:2]
    s = min(size / w, size / h)
    nw, nh = max(1, int(round(w * s))), max(1, int(round(h * s)))
    x0, y0 = (size - nw) // 2, (size - nh) // 2
    canvas = np.zeros((size, size, 3), np.float32)
    canvas[y0:y0 + nh, x0:x0 + nw] = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    return canvas, (x0, y0, nw, nh)


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def faces(image, model, size, threshold, out):
    img = rgb(image)
    h, w = img.shape[:2]
    x, (x0, y0, nw, nh) = letterbox(img, size)
    net = cv2.dnn.readNetFromONNX(model)
    net.setInput((x / 127.5 - 1.0)[None].astype(np.float32))
    s1, s2, b1, b2 = net.forward(['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'])
    found = []
    for scores, boxes, cells, anchors in ((s1, b1, 16, 2), (s2, b2, 8, 6)):
        scores = 1 / (1 + np.exp(-scores.reshape(-1)))
        boxes = boxes.reshape(len(scores), -1)
        for i in np.nonzero(scores >= threshold)[0]:
            cell = i // anchors
            ax, ay = (cell % cells + 0.5) / cells * size, (cell // cells + 0.5) / cells * size
            cx, cy, bw, bh = ax + boxes[i, 0], ay + boxes[i, 1], boxes[i, 2], boxes[i, 3]
            found.append([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, float(scores[i])])
    found.sort(key=lambda f: -f[4])
    used = [False] * len(found)
    kept = []
    for i, a in enumerate(found):
        if used[i]:
            continue
        acc, total = np.zeros(4), 0.0
        for j in range(i, len(found)):
            if used[j] or (j != i and iou(a, found[j]) < 0.3):
                continue
            used[j] = True
            acc += np.array(found[j][:4]) * found[j][4]
            total += found[j][4]
        b = acc / total
        kept.append([(b[0] - x0) * w / nw, (b[1] - y0) * h / nh, (b[2] - x0) * w / nw, (b[3] - y0) * h / nh, a[4]])
    json.dump(kept, open(out, 'w'))


def fold_constant_splits(model):
    """Splits of a constant computed up front and Clip bounds as attributes: OpenCV 4.6 takes neither form."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(model)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    for n in list(m.graph.node):
        if n.op_type == 'Split' and len(n.input) == 1 and n.input[0] in inits:
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            parts = np.split(inits[n.input[0]], np.cumsum(attrs['split'])[:-1], axis=attrs.get('axis', 0))
            for name, part in zip(n.output, parts):
                m.graph.initializer.append(numpy_helper.from_array(part, name))
            m.graph.node.remove(n)
        elif n.op_type == 'Resize' and len(n.input) == 4 and n.input[3] not in inits:
            # sizes computed from Shape at run time (always twice the input here): a constant scale instead
            scales = 'cinegraph_scales_' + n.name
            m.graph.initializer.append(numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), scales))
            n.input[2] = scales
            del n.input[3]
        elif n.op_type == 'Clip' and len(n.input) == 3 and n.input[1] in inits and n.input[2] in inits:
            # OpenCV 4.6 reads Clip's bounds from attributes (opset 6 style), not inputs
            n.attribute.extend([onnx.helper.make_attribute('min', float(inits[n.input[1]])),
                                onnx.helper.make_attribute('max', float(inits[n.input[2]]))])
            del n.input[1:]
    return m.SerializeToString()


def mlsd_network(model, out):
    """The network part of M-LSD (up to its TP map) for OpenCV, and the map's channel slices.

    The exported graph ends in M-LSD's decoder (slice the centre and displacement channels,
    sigmoid, 3x3 max-pool peak test); OpenCV 4.6 cannot run that Slice form, so the graph is cut
    before it with python3-onnx and the decoder is done below in numpy, from the same constants.
    """
    import onnx
    from onnx import numpy_helper
    m = onnx.load(model)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    slices = {}
    for n in m.graph.node:
        if n.op_type == 'Slice' and len(n.input) >= 3 and n.input[1] in inits and 'Resize' in n.input[0]:
            tp = n.input[0]
            starts, ends = inits[n.input[1]], inits[n.input[2]]
            axes = list(inits[n.input[3]]) if len(n.input) > 3 else list(range(len(starts)))
            k = axes.index(1)  # the channel axis of the NCHW map: which channels this slice takes
            slices[n.output[0]] = (int(starts[k]), int(ends[k]), 1)
    centre = [k for k in slices if 'strided_slice' in k][0]
    disp = [k for k in slices if k != centre][0]
    cut = out + '.onnx'
    onnx.utils.extract_model(model, cut, [m.graph.input[0].name], [tp])
    folded = fold_constant_splits(cut)
    with open(cut, 'wb') as f:
        f.write(folded)
    return cv2.dnn.readNetFromONNX(cut), slices[centre], slices[disp]


def lines(image, model, size, threshold, min_length, out):
    img = rgb(image)
    h, w = img.shape[:2]
    x = cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR)
    x = np.concatenate([x, np.ones((size, size, 1), np.float32)], axis=-1)
    net, (c0, c1, axis), (d0, d1, _) = mlsd_network(model, out)
    net.setInput(x[None].astype(np.float32))
    tp = net.forward()  # NCHW TP map (OpenCV keeps the exporter's layout)
    ch_axis = axis if axis is not None and axis >= 0 else tp.ndim + axis
    take = lambda a, b: np.take(tp, range(a, min(b, tp.shape[ch_axis])), axis=ch_axis)
    centre, disp = take(c0, c1), take(d0, d1)
    if ch_axis == 1:
        centre, disp = centre.transpose(0, 2, 3, 1), disp.transpose(0, 2, 3, 1)
    sc = 1 / (1 + np.exp(-centre[0, :, :, 0]))
    off = disp[0]
    gh, gw = sc.shape
    padded = np.pad(sc, 1, constant_values=-np.inf)
    found = []
    for y in range(gh):
        for x_ in range(gw):
            v = sc[y, x_]
            if v < threshold:
                continue
            win = padded[y:y + 3, x_:x_ + 3]
            if v < win.max():
                continue
            # ties: the first in scan order wins
            flat = win.ravel()
            if any(flat[k] == v for k in range(4)):
                continue
            o = off[y, x_]
            s = [(x_ + o[0]) * 2, (y + o[1]) * 2, (x_ + o[2]) * 2, (y + o[3]) * 2]
            if np.hypot(s[2] - s[0], s[3] - s[1]) < min_length:
                continue
            found.append([s[0] * w / size, s[1] * h / size, s[2] * w / size, s[3] * h / size, float(v)])
    json.dump(found, open(out, 'w'))


if __name__ == '__main__':
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == 'depth':
        depth(*args)
    elif kind == 'faces':
        faces(args[0], args[1], int(args[2]), float(args[3]), args[4])
    elif kind == 'lines':
        lines(args[0], args[1], int(args[2]), float(args[3]), float(args[4]), args[5])
    else:
        sys.exit('unknown reference ' + kind)
