"""Rewrites a Silero VAD v5/v6 ONNX file so that a batch of streams costs little more than one stream.

ONNX Runtime's CPU Conv runs one small GEMM per batch item (im2col, then weights x columns), and
Silero's convolutions see only 1 to 4 time steps per 32 ms window: every stream re-reads about
700 KB of conv weights for a few multiply-adds each, so a batch of 8 cost ~4.5x one stream.
Here the STFT convolution and the four encoder convolutions of both sample-rate branches become
MatMuls on channels-last activations [B, T, C], whose leading dimensions ORT folds into one GEMM
over the whole batch (B*T rows), so the weights are read once per call:

* STFT (kernel 2*hop, stride hop): the padded window, reshaped into hop-sized blocks, gives the
 frames as pairs of consecutive blocks; frames x basis^T gives [B, T, 2F], then |re + i im|.
* encoder conv (kernel k, stride s, pad p): the k strided taps of the padded input, concatenated
 on the channel axis, times the weights reshaped to [k*C, M], plus the bias.

Weights, inputs, outputs, the sample-rate If and the LSTM decoder are unchanged: the outputs
equal the original's up to float rounding (SileroVadTest compares them frame by frame).

  /usr/bin/python3 silero_batch_graph.py silero_vad.onnx silero_vad_batched.onnx
"""

import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

END = 2**62  # a Slice end past any axis


def attribute(node, name):
  return next(helper.get_attribute_value(a) for a in node.attribute if a.name == name)


def referenced(nodes):
  """Names read by the nodes, including by their subgraphs (which may read outer-scope values)."""
  names = set()
  for node in nodes:
    names.update(node.input)
    for a in node.attribute:
      if a.type == onnx.AttributeProto.GRAPH:
        names |= referenced(a.g.node)
  return names


class Builder:
  """New nodes for one branch, their names prefixed so that both branches stay in SSA form."""

  def __init__(self, prefix):
    self.prefix = prefix
    self.nodes = []

  def const(self, name, array):
    out = self.prefix + "c_" + name
    self.nodes.append(helper.make_node("Constant", [], [out], value=numpy_helper.from_array(np.asarray(array), out)))
    return out

  def ints(self, name, *values):
    return self.const(name, np.array(values, dtype=np.int64))

  def op(self, op_type, inputs, name, output=None, **attributes):
    out = output or self.prefix + name
    self.nodes.append(helper.make_node(op_type, inputs, [out], name=self.prefix + name, **attributes))
    return out


def rewrite_branch(graph, prefix):
  nodes = list(graph.node)
  constants = {n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in nodes if n.op_type == "Constant"}

  def find(suffix):
    return next(n for n in nodes if n.name.endswith(suffix))

  first, stft, last = find("/stft/Unsqueeze"), find("/stft/Conv"), find("/encoder/3/activation/Relu")
  padded = first.input[0]  # the reflect-padded window [B, L]
  basis = constants[stft.input[1]][:, 0, :]  # [2F, kernel]
  hop = attribute(stft, "strides")[0]
  if basis.shape[1] != 2 * hop or any(attribute(stft, "pads")):
    raise ValueError("expected Silero's STFT: kernel twice the hop, no padding")

  b = Builder(prefix)
  axis1, axis2 = b.ints("axis1", 1), b.ints("axis2", 2)
  blocks = b.op("Reshape", [padded, b.ints("block_shape", 0, -1, hop)], "blocks")
  early = b.op("Slice", [blocks, b.ints("zero", 0), b.ints("minus_one", -1), axis1], "early_blocks")
  late = b.op("Slice", [blocks, b.ints("one", 1), b.ints("end", END), axis1], "late_blocks")
  frames = b.op("Concat", [early, late], "frames", axis=2)
  spectrum = b.op("MatMul", [frames, b.const("basis", basis.T.copy())], "spectrum")
  bins = basis.shape[0] // 2
  real = b.op("Slice", [spectrum, b.ints("real_start", 0), b.ints("real_end", bins), axis2], "real")
  imag = b.op("Slice", [spectrum, b.ints("imag_start", bins), b.ints("imag_end", END), axis2], "imag")
  power = b.op("Add", [b.op("Mul", [real, real], "real2"), b.op("Mul", [imag, imag], "imag2")], "power")
  x = b.op("Sqrt", [power], "magnitude")

  for i in range(4):
    conv = find(f"/encoder/{i}/reparam_conv/Conv")
    weight, bias = constants[conv.input[1]], constants[conv.input[2]]
    out_channels, in_channels, kernel = weight.shape
    stride, pad = attribute(conv, "strides")[0], attribute(conv, "pads")[0]
    padded_x = b.op("Pad", [x, b.ints(f"pads{i}", 0, pad, 0, 0, pad, 0)], f"pad{i}")
    steps = b.ints(f"stride{i}", stride)
    taps = [b.op("Slice", [padded_x, b.ints(f"tap{i}_{j}_start", j),
               b.ints(f"tap{i}_{j}_end", j - kernel + 1 if j < kernel - 1 else END), axis1, steps],
          f"tap{i}_{j}") for j in range(kernel)]
    columns = b.op("Concat", taps, f"columns{i}", axis=2)  # [B, T, j*C + c]
    matrix = np.transpose(weight, (2, 1, 0)).reshape(kernel * in_channels, out_channels).copy()
    product = b.op("MatMul", [columns, b.const(f"weight{i}", matrix)], f"product{i}")
    x = b.op("Relu", [b.op("Add", [product, b.const(f"bias{i}", bias)], f"biased{i}")], f"relu{i}")
  b.op("Transpose", [x], "channels_first", output=last.output[0], perm=[0, 2, 1])

  replaced = {n.name for n in nodes[nodes.index(first):nodes.index(last) + 1]}
  kept = [n for n in nodes if n.name not in replaced]
  used = referenced(kept + b.nodes)
  kept = [n for n in kept if n.op_type != "Constant" or n.output[0] in used]
  rewritten = []
  for n in kept:
    rewritten.append(n)
    if padded in n.output:
      rewritten.extend(b.nodes)
  del graph.node[:]
  graph.node.extend(rewritten)


def main(source, target):
  model = onnx.load(source)
  rate_switch = next(n for n in model.graph.node if n.op_type == "If")
  for branch in rate_switch.attribute:
    rewrite_branch(branch.g, branch.name + "/batched/")
  model.doc_string = "Silero VAD with its convolutions as batch-wide MatMuls (speech4j tools/silero_batch_graph.py)"
  onnx.checker.check_model(model)
  onnx.save(model, target)


if __name__ == "__main__":
  main(*sys.argv[1:])
