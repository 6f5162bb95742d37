"""whisper.cpp's legacy ggml model file: writer and reader.

Layout (all little-endian int32 unless noted): magic 0x67676d6c; n_vocab, n_audio_ctx, n_audio_state,
n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype;
mel filters (n_mel, n_fft, float32 values); BPE vocabulary (count, then length + bytes per token, in
rank order; whisper.cpp recreates the special tokens itself); then per tensor: n_dims, name length,
ftype (0 f32, 1 f16), dims innermost first, name, data. Conv biases are stored as [n, 1].
In f16 files the tensors with two or more dimensions are f16, except the conv biases and both
positional embeddings.
"""

import struct
from pathlib import Path
from typing import Dict, Tuple

import numpy as np

MAGIC = 0x67676D6C
HEADER = ("n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx",
          "n_text_state", "n_text_head", "n_text_layer", "n_mels")
_F32_ALWAYS = ("encoder.conv1.bias", "encoder.conv2.bias", "encoder.positional_embedding",
               "decoder.positional_embedding")


def ggml_array(name: str, tensor) -> np.ndarray:
  data = tensor.detach().cpu().squeeze().numpy()
  if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
    data = data.reshape(data.shape[0], 1)
  return data


def write(path: Path, dims: dict, filters: np.ndarray, ranks: Dict[bytes, int], state_dict: dict, f16: bool):
  with open(path, "wb") as f:
    f.write(struct.pack("<i", MAGIC))
    f.write(struct.pack("<10i", *(dims[k] for k in HEADER)))
    f.write(struct.pack("<i", int(f16)))
    f.write(struct.pack("<2i", *filters.shape))
    f.write(np.ascontiguousarray(filters, dtype="<f4").tobytes())
    f.write(struct.pack("<i", len(ranks)))
    for token in sorted(ranks, key=ranks.get):
      f.write(struct.pack("<i", len(token)))
      f.write(token)
    for name, tensor in state_dict.items():
      data = ggml_array(name, tensor)
      half = f16 and data.ndim >= 2 and name not in _F32_ALWAYS
      data = data.astype("<f2" if half else "<f4")
      encoded = name.encode("utf-8")
      f.write(struct.pack("<3i", data.ndim, len(encoded), int(half)))
      f.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
      f.write(encoded)
      f.write(data.tobytes())


def read(path: Path) -> Tuple[dict, np.ndarray, list, Dict[str, np.ndarray]]:
  """-> (header incl. ftype, mel filters, vocabulary tokens, tensors by name)."""
  buf = Path(path).read_bytes()
  off = 0

  def ints(n):
    nonlocal off
    v = struct.unpack_from(f"<{n}i", buf, off)
    off += 4 * n
    return v

  if ints(1)[0] != MAGIC:
    raise ValueError(f"{path}: not a ggml file (bad magic)")
  header = dict(zip(HEADER + ("ftype",), ints(11)))
  n_mel, n_fft = ints(2)
  filters = np.frombuffer(buf, "<f4", n_mel * n_fft, off).reshape(n_mel, n_fft)
  off += 4 * n_mel * n_fft
  tokens = []
  for _ in range(ints(1)[0]):
    (n,) = ints(1)
    tokens.append(buf[off:off + n])
    off += n
  tensors = {}
  while off < len(buf):
    n_dims, name_len, ftype = ints(3)
    shape = tuple(reversed(ints(n_dims)))
    name = buf[off:off + name_len].decode("utf-8")
    off += name_len
    dt = np.dtype("<f2" if ftype == 1 else "<f4")
    count = int(np.prod(shape))
    tensors[name] = np.frombuffer(buf, dt, count, off).reshape(shape)
    off += count * dt.itemsize
  return header, filters, tokens, tensors
