#!/usr/bin/python3
"""Writes a tiny, deterministic stand-in for a Piper voice, for speech4j's tests.

    /usr/bin/python3 tools/make_dummy_voice.py OUT_DIR REAL_CONFIG.onnx.json

Needs Debian's python3-onnx (onnx.helper only; no torch). Writes OUT_DIR/dummy-voice.onnx (three speakers, with a
`sid` input) and OUT_DIR/dummy-voice-single.onnx (one speaker, no `sid`), each with its .onnx.json derived from the
real config (same phoneme_id_map, espeak voice and sample rate).

The models keep Piper's exact interface: inputs `input` [batch, phonemes] int64, `input_lengths` [batch] int64,
`scales` [3] float (noise_scale, length_scale, noise_w), `sid` [batch] int64; output `output` [batch, 1, 1, time]
float. Each phoneme id becomes ceil(100 * length_scale) samples of a sine whose amplitude depends on the id (a
Gather over num_symbols entries, so ids past the table fail as in a real voice) and whose frequency depends on the
speaker. Running the script twice gives the same bytes.
"""

import json
import sys
from pathlib import Path

from onnx import TensorProto, helper

SAMPLES_PER_PHONEME = 100.0
SPEAKERS = {"alice": 0, "bob": 1, "carol": 2}
SPEAKER_FREQUENCIES = [0.05, 0.11, 0.17]  # radians per sample


def amplitudes(num_symbols):
    return [0.05 + 0.9 * ((i * 37) % 101) / 100.0 for i in range(num_symbols)]


def const(name, dtype, dims, values):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_value", dtype, dims, values))


def model(num_symbols, speakers):
    nodes = [
        const("one_index", TensorProto.INT64, [], [1]),
        const("zero_i64", TensorProto.INT64, [], [0]),
        const("one_i64", TensorProto.INT64, [], [1]),
        const("one_vector", TensorProto.INT64, [1], [1]),
        const("samples_per_phoneme", TensorProto.FLOAT, [], [SAMPLES_PER_PHONEME]),
        const("amplitude_table", TensorProto.FLOAT, [num_symbols], amplitudes(num_symbols)),
        const("output_shape", TensorProto.INT64, [4], [1, 1, 1, -1]),
        const("axis_0", TensorProto.INT64, [1], [0]),
        const("axis_2", TensorProto.INT64, [1], [2]),
        # samples per phoneme: ceil(100 * length_scale)
        helper.make_node("Gather", ["scales", "one_index"], ["length_scale"], axis=0),
        helper.make_node("Mul", ["length_scale", "samples_per_phoneme"], ["hop_float"]),
        helper.make_node("Ceil", ["hop_float"], ["hop_ceil"]),
        helper.make_node("Cast", ["hop_ceil"], ["hop"], to=TensorProto.INT64),
        # phoneme count and total length
        helper.make_node("Shape", ["input"], ["input_shape"]),
        helper.make_node("Gather", ["input_shape", "one_index"], ["phonemes"], axis=0),
        helper.make_node("Mul", ["phonemes", "hop"], ["total"]),
        # carrier: sin(t * speaker frequency)
        helper.make_node("Range", ["zero_i64", "total", "one_i64"], ["t"]),
        helper.make_node("Cast", ["t"], ["t_float"], to=TensorProto.FLOAT),
    ]
    if speakers > 1:
        nodes += [
            const("frequency_table", TensorProto.FLOAT, [speakers], SPEAKER_FREQUENCIES[:speakers]),
            helper.make_node("Gather", ["frequency_table", "sid"], ["frequency"], axis=0),
        ]
    else:
        nodes.append(const("frequency", TensorProto.FLOAT, [1], SPEAKER_FREQUENCIES[:1]))
    nodes += [
        helper.make_node("Mul", ["t_float", "frequency"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["carrier"]),
        helper.make_node("Reshape", ["carrier", "output_shape"], ["carrier_4d"]),
        # envelope: each phoneme's amplitude held for hop samples
        helper.make_node("Gather", ["amplitude_table", "input"], ["amplitude"], axis=0),
        helper.make_node("Unsqueeze", ["amplitude", "axis_2"], ["amplitude_3d"]),
        helper.make_node("Unsqueeze", ["phonemes", "axis_0"], ["phonemes_vector"]),
        helper.make_node("Unsqueeze", ["hop", "axis_0"], ["hop_vector"]),
        helper.make_node("Concat", ["one_vector", "phonemes_vector", "hop_vector"], ["envelope_shape"], axis=0),
        helper.make_node("Expand", ["amplitude_3d", "envelope_shape"], ["envelope"]),
        helper.make_node("Reshape", ["envelope", "output_shape"], ["envelope_4d"]),
        helper.make_node("Mul", ["envelope_4d", "carrier_4d"], ["output"]),
    ]
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, ["batch_size", "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, ["batch_size"]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if speakers > 1:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, ["batch_size"]))
    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", 1, 1, "time"])]
    graph = helper.make_graph(nodes, "dummy_piper_voice", inputs, outputs)
    made = helper.make_model(graph, producer_name="speech4j make_dummy_voice.py", producer_version="1",
                             opset_imports=[helper.make_opsetid("", 15)])
    made.ir_version = 8
    return made


def config(real, speakers):
    derived = dict(real)
    derived["num_speakers"] = speakers
    derived["speaker_id_map"] = SPEAKERS if speakers > 1 else {}
    derived["dataset"] = "speech4j-dummy"
    return derived


def main():
    out, real_config = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    real = json.loads(real_config.read_text(encoding="utf-8"))
    num_symbols = real["num_symbols"]
    for name, speakers in (("dummy-voice", len(SPEAKERS)), ("dummy-voice-single", 1)):
        (out / (name + ".onnx")).write_bytes(model(num_symbols, speakers).SerializeToString())
        text = json.dumps(config(real, speakers), ensure_ascii=False, indent=2) + "\n"
        (out / (name + ".onnx.json")).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
