"""Writes a valid ONNX model whose only output, shape [1, 7], matches no detector layout.

usage: make_unmatched_model.py <out.onnx>
"""
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper, save


def main():
    value = numpy_helper.from_array(np.arange(7, dtype=np.float32).reshape(1, 7), "scores_value")
    node = helper.make_node("Constant", [], ["scores"], value=value)
    graph = helper.make_graph(
        [node], "unmatched",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 64, 64])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 7])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="edgelabel-e2e-tests")
    model.ir_version = 8
    checker.check_model(model)
    save(model, sys.argv[1])


if __name__ == "__main__":
    main()
