"""Writes tiny ONNX detectors with known outputs for the adapter tests.

usage: python3 make_models.py <outdir>

Outputs are constants (plus, for the dynamic-batch model, a term taken from each image's top-left
pixel so that batch order is observable). Box values are in model-input pixels unless noted; the
expected detections are spelled out in the C# tests next to each model.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 13)]


def const_node(name, array):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(array, np.float32), name + "_value"))


def save(graph, path):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="edgelabel-tests")
    model.ir_version = 8  # readable by any ORT from 1.10 on
    onnx.checker.check_model(model)
    onnx.save(model, path)


def constant_model(path, input_shape, outputs):
    """A model whose input is ignored and whose outputs are the given constants."""
    nodes, outs = [], []
    for name, array in outputs:
        nodes.append(const_node(name, array))
        outs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, list(np.asarray(array).shape)))
    inp = helper.make_tensor_value_info("images", TensorProto.FLOAT, input_shape)
    save(helper.make_graph(nodes, os.path.basename(path), [inp], outs), path)


# Zero-score boxes: real exports have far more boxes than attributes, which is how the layout is recognised.
FILLER = [[8, 8, 4, 4, 0.0, 0.0]]


def yolov8_boxes():
    # columns: cx, cy, w, h, class0, class1  (input 64x64)
    boxes = [
        [16, 16, 8, 8, 0.90, 0.10],   # A: kept, class 0
        [17, 16, 8, 8, 0.80, 0.05],   # B: same class as A, IoU 0.78 -> suppressed
        [17, 16, 8, 8, 0.05, 0.70],   # C: overlaps A but class 1 -> kept (class-wise NMS)
        [40, 20, 10, 6, 0.05, 0.02],  # D: below MinScore 0.1 -> dropped
        [48, 56, 8, 8, 0.95, 0.00],   # E: lies in the letterbox padding -> clipped away
    ] + FILLER * 3
    return np.array(boxes, np.float32).T[None]  # [1, 6, 8]


def yolov5_rows():
    # columns: cx, cy, w, h, objectness, class0, class1  (input 64x64)
    rows = [
        [16, 16, 8, 8, 0.90, 0.50, 1.00],    # A: class 1, 0.9
        [40, 20, 8, 8, 0.50, 0.90, 0.10],    # B: class 0, 0.45
        [30, 30, 8, 8, 0.05, 1.00, 0.00],    # C: objectness below MinScore -> dropped
        [16.5, 16, 8, 8, 0.80, 0.00, 1.00],  # D: class 1, 0.8, IoU with A 0.88 -> suppressed
    ] + [row + [0.0] for row in FILLER * 6]
    return np.array(rows, np.float32)[None]  # [1, 10, 7]


def boxes_scores():
    boxes = [
        [0.25, 0.25, 0.50, 0.50],
        [0.26, 0.25, 0.51, 0.50],
        [0.60, 0.60, 0.90, 0.90],
        [0.10, 0.10, 0.20, 0.20],
    ]
    scores = [
        [0.10, 0.90],  # face 0.9
        [0.20, 0.80],  # overlaps box 0 -> suppressed
        [0.30, 0.70],  # face 0.7
        [0.95, 0.05],  # background only -> dropped
    ]
    return np.array(boxes, np.float32)[None], np.array(scores, np.float32)[None]


def dynamic_batch_model(path):
    """YOLOv8 layout with a dynamic batch dimension: box 0's cx = 16 + 100 * (top-left red of that image / 255)."""
    base = np.array([[16, 16, 8, 8, 0.9, 0.1]] + FILLER * 7, np.float32).T[None]  # [1, 6, 8]
    mask = np.zeros_like(base)
    mask[0, 0, 0] = 100.0
    nodes = [
        const_node("base", base),
        const_node("mask", mask),
        helper.make_node("Constant", [], ["starts"], value=numpy_helper.from_array(np.array([0, 0, 0], np.int64))),
        helper.make_node("Constant", [], ["ends"], value=numpy_helper.from_array(np.array([1, 1, 1], np.int64))),
        helper.make_node("Constant", [], ["axes"], value=numpy_helper.from_array(np.array([1, 2, 3], np.int64))),
        helper.make_node("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([-1, 1, 1], np.int64))),
        helper.make_node("Slice", ["images", "starts", "ends", "axes"], ["corner"]),      # [B,1,1,1]
        helper.make_node("Reshape", ["corner", "shape"], ["corner3"]),                     # [B,1,1]
        helper.make_node("Mul", ["corner3", "mask"], ["shift"]),                           # [B,6,8]
        helper.make_node("Add", ["base", "shift"], ["output0"]),                           # [B,6,8]
    ]
    inp = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, 64, 64])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", 6, 8])
    save(helper.make_graph(nodes, "dynamic", [inp], [out]), path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    constant_model(os.path.join(out, "yolov8.onnx"), [1, 3, 64, 64], [("output0", yolov8_boxes())])
    constant_model(os.path.join(out, "yolov5.onnx"), [1, 3, 64, 64], [("output0", yolov5_rows())])
    b, s = boxes_scores()
    constant_model(os.path.join(out, "boxes_scores.onnx"), [1, 3, 48, 64], [("boxes", b), ("scores", s)])
    dynamic_batch_model(os.path.join(out, "yolov8_dynamic.onnx"))
    constant_model(os.path.join(out, "unknown_layout.onnx"), [1, 3, 32, 32], [("logits", np.zeros((1, 7), np.float32))])
    print("models written to", out)


if __name__ == "__main__":
    main()
