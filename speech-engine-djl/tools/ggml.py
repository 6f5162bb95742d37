"""whisper.cpp's legacy ggml model file: writer, reader and quantiser (whisper.cpp / ggml 1.7.1).

Layout (all little-endian int32 unless noted): magic 0x67676d6c; n_vocab, n_audio_ctx, n_audio_state,
n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype;
mel filters (n_mel, n_fft, float32 values); BPE vocabulary (count, then length + bytes per token, in
rank order; whisper.cpp recreates the special tokens itself); then per tensor: n_dims, name length,
ggml type (0 f32, 1 f16, 6 q5_0, 7 q5_1, 8 q8_0), dims innermost first, name, data. Conv biases are
stored as [n, 1]. In f16 files the tensors with two or more dimensions are f16, except the conv biases and
both positional embeddings.

Quantised files are what whisper.cpp's `quantize` example makes of the f16 file: the header's ftype is
GGML_QNT_VERSION (2) * 1000 + ggml_ftype (7 q8_0, 8 q5_0, 9 q5_1); the 2-D tensors of the f16 file other
than the conv biases and positional embeddings are quantised (from their f16 values), in blocks of 32
consecutive values along a row, laid out as ggml-quants.c's reference quantisers do:
  q8_0: fp16 d = amax / 127, then 32 int8 round(x / d)                                      (34 bytes)
  q5_0: fp16 d = max / -16 (max: the value of largest magnitude), uint32 qh of the fifth bits, 16 bytes
        of nibbles; q = min(31, trunc(x / d + 16.5)), x = (q - 16) * d                         (22 bytes)
  q5_1: fp16 d = (max - min) / 31, fp16 m = min, qh, nibbles; q = trunc((x - min) / d + 0.5),
        x = q * d + m                                                                         (24 bytes)
Nibble j of a block holds value j (low four bits) and value j + 16 (high four bits); bit j of qh is the
fifth bit of value j. All arithmetic is float32, as in C, with `x / d + 16.5` (q5_0) and `(x - min) / d + 0.5`
(q5_1) rounded once: GCC contracts them into fused multiply-adds in ggml's FMA builds (whisper.cpp's default
-march=native, and whisper-jni's AVX2 build), whose output this matches byte for byte. A build without FMA
rounds twice and puts about 1 value in 70,000 one level lower (measured on the tiny-dims model: 520 of
36.4 million). The conv kernels (3-D) stay f16 and 1-D tensors f32.

    /usr/bin/python3 ggml.py IN-f16.bin OUT.bin q5_0      # like whisper.cpp's quantize
"""

import struct
import sys
from pathlib import Path
from typing import Dict, NamedTuple, Tuple

import numpy as np

MAGIC = 0x67676D6C
HEADER = ("n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx",
          "n_text_state", "n_text_head", "n_text_layer", "n_mels")
_F32_ALWAYS = ("encoder.conv1.bias", "encoder.conv2.bias", "encoder.positional_embedding",
               "decoder.positional_embedding")
F32, F16 = 0, 1
# name -> (ggml type, ggml_ftype, bytes per block of 32)
QUANT_TYPES = {"q5_0": (6, 8, 22), "q5_1": (7, 9, 24), "q8_0": (8, 7, 34)}
DTYPES = ("f32", "f16") + tuple(QUANT_TYPES)
QNT_VERSION = 2
BLOCK = 32


class Quantized(NamedTuple):
  """A quantised tensor as stored: its type name, numpy shape and raw blocks."""
  kind: str
  shape: tuple
  blocks: bytes

  def dequantize(self) -> np.ndarray:
    return dequantize(self.kind, self.blocks).reshape(self.shape)


def _f32(x) -> np.float32:
  return np.float32(x)


def _nibbles(q: np.ndarray):
  """[blocks, 32] uint8 values < 32 -> (qh uint32 [blocks], qs uint8 [blocks, 16])."""
  lo, hi = q[:, :16], q[:, 16:]
  qs = (lo & 0x0F) | ((hi & 0x0F) << 4)
  bits = np.concatenate([(lo >> 4) & 1, (hi >> 4) & 1], axis=1).astype(np.uint32)
  qh = (bits << np.arange(32, dtype=np.uint32)).sum(axis=1, dtype=np.uint32)
  return qh, qs.astype(np.uint8)


def _fifth_bits(qh: np.ndarray, qs: np.ndarray) -> np.ndarray:
  """The inverse of _nibbles: [blocks, 32] values < 32."""
  bits = (qh[:, None] >> np.arange(32, dtype=np.uint32)) & 1
  low = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.uint32)
  return low | (bits << 4)


def _inverse(d: np.ndarray) -> np.ndarray:
  with np.errstate(divide="ignore"):
    return np.where(d != 0, np.float32(1) / d, np.float32(0)).astype(np.float32)


def _fused(a: np.ndarray, b: np.ndarray, c: float) -> np.ndarray:
  """float32 a * b + c rounded once, as a fused multiply-add: the product of two float32 is exact in float64."""
  return (a.astype(np.float64) * b + c).astype(np.float32)


def quantize(kind: str, values: np.ndarray) -> bytes:
  """ggml's reference quantisation of float32 values (a multiple of 32, rows laid end to end)."""
  x = np.ascontiguousarray(values, dtype=np.float32).reshape(-1, BLOCK)
  if kind == "q8_0":
    d = np.abs(x).max(axis=1) / _f32(127)
    v = (x * _inverse(d)[:, None]).astype(np.float64)
    q = (np.sign(v) * np.floor(np.abs(v) + 0.5)).astype(np.int8)  # C roundf: halves away from zero
    out = np.zeros(len(x), dtype=[("d", "<f2"), ("qs", "i1", 32)])
    out["d"], out["qs"] = d.astype(np.float16), q
  elif kind == "q5_0":
    rows = np.arange(len(x))
    # the first value of largest magnitude, as the C loop keeps it (0 for a block of zeros, whatever their sign)
    amax = np.abs(x).max(axis=1)
    d = np.where(amax > 0, x[rows, np.abs(x).argmax(axis=1)], _f32(0)) / _f32(-16)
    q = np.minimum(31, np.trunc(_fused(x, _inverse(d)[:, None], 16.5))).astype(np.uint8)
    out = np.zeros(len(x), dtype=[("d", "<f2"), ("qh", "<u4"), ("qs", "u1", 16)])
    out["d"] = d.astype(np.float16)
    out["qh"], out["qs"] = _nibbles(q)
  elif kind == "q5_1":
    rows = np.arange(len(x))
    lo, hi = x[rows, x.argmin(axis=1)], x[rows, x.argmax(axis=1)]  # first occurrences, as the C loop
    d = (hi - lo) / _f32(31)
    q = np.trunc(_fused(x - lo[:, None], _inverse(d)[:, None], 0.5)).astype(np.uint8)
    out = np.zeros(len(x), dtype=[("d", "<f2"), ("m", "<f2"), ("qh", "<u4"), ("qs", "u1", 16)])
    out["d"], out["m"] = d.astype(np.float16), lo.astype(np.float16)
    out["qh"], out["qs"] = _nibbles(q)
  else:
    raise ValueError(f"unknown quantisation {kind}")
  return out.tobytes()


def dequantize(kind: str, blocks: bytes) -> np.ndarray:
  """ggml's dequantize_row_* of raw blocks: float32 values."""
  if kind == "q8_0":
    b = np.frombuffer(blocks, [("d", "<f2"), ("qs", "i1", 32)])
    return (b["qs"].astype(np.float32) * b["d"].astype(np.float32)[:, None]).ravel()
  if kind == "q5_0":
    b = np.frombuffer(blocks, [("d", "<f2"), ("qh", "<u4"), ("qs", "u1", 16)])
    q = _fifth_bits(b["qh"], b["qs"]).astype(np.int32) - 16
    return (q.astype(np.float32) * b["d"].astype(np.float32)[:, None]).ravel()
  if kind == "q5_1":
    b = np.frombuffer(blocks, [("d", "<f2"), ("m", "<f2"), ("qh", "<u4"), ("qs", "u1", 16)])
    q = _fifth_bits(b["qh"], b["qs"]).astype(np.float32)
    return (q * b["d"].astype(np.float32)[:, None] + b["m"].astype(np.float32)[:, None]).ravel()
  raise ValueError(f"unknown quantisation {kind}")


def _quantized_name(ggml_type: int) -> str:
  return next((k for k, v in QUANT_TYPES.items() if v[0] == ggml_type), None)


def ggml_array(name: str, tensor) -> np.ndarray:
  data = tensor.detach().cpu().squeeze().numpy()
  if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
    data = data.reshape(data.shape[0], 1)
  return data


def write(path: Path, dims: dict, filters: np.ndarray, ranks: Dict[bytes, int], state_dict: dict, dtype: str):
  """dtype: f32, f16 or a quantisation (q8_0, q5_0, q5_1; quantised from the f16 values)."""
  arrays = {}
  for name, tensor in state_dict.items():
    data = ggml_array(name, tensor)
    half = dtype != "f32" and data.ndim >= 2 and name not in _F32_ALWAYS
    arrays[name] = data.astype("<f2" if half else "<f4")
  with open(path, "wb") as f:
    _write_header(f, dims, dtype, filters, sorted(ranks, key=ranks.get))
    _write_tensors(f, arrays, dtype)


def quantize_file(source: Path, target: Path, dtype: str):
  """What whisper.cpp's quantize example does to an f16 (or f32) file."""
  header, filters, tokens, tensors = read(source)
  if header["ftype"] not in (0, 1):
    raise ValueError(f"{source}: already quantised (ftype {header['ftype']})")
  with open(target, "wb") as f:
    _write_header(f, header, dtype, filters, tokens)
    _write_tensors(f, tensors, dtype)


def _write_header(f, dims: dict, dtype: str, filters: np.ndarray, tokens: list):
  quant = QUANT_TYPES.get(dtype)
  f.write(struct.pack("<i", MAGIC))
  f.write(struct.pack("<10i", *(dims[k] for k in HEADER)))
  f.write(struct.pack("<i", DTYPES.index(dtype) if quant is None else QNT_VERSION * 1000 + quant[1]))
  f.write(struct.pack("<2i", *filters.shape))
  f.write(np.ascontiguousarray(filters, dtype="<f4").tobytes())
  f.write(struct.pack("<i", len(tokens)))
  for token in tokens:
    f.write(struct.pack("<i", len(token)))
    f.write(token)


def _write_tensors(f, arrays: Dict[str, np.ndarray], dtype: str):
  """f16/f32 arrays; with a quantised dtype its 2-D ones (the skipped names aside) are quantised."""
  quant = QUANT_TYPES.get(dtype)
  for name, data in arrays.items():
    if quant is not None and data.ndim == 2 and name not in _F32_ALWAYS:
      _write_tensor(f, name, data.shape, quant[0], quantize(dtype, data.astype(np.float32)))
    else:
      _write_tensor(f, name, data.shape, F16 if data.dtype == np.float16 else F32, data.tobytes())


def _write_tensor(f, name: str, shape: tuple, ggml_type: int, payload: bytes):
  encoded = name.encode("utf-8")
  f.write(struct.pack("<3i", len(shape), len(encoded), ggml_type))
  f.write(struct.pack(f"<{len(shape)}i", *reversed(shape)))
  f.write(encoded)
  f.write(payload)


def read(path: Path) -> Tuple[dict, np.ndarray, list, Dict[str, np.ndarray]]:
  """-> (header incl. ftype, mel filters, vocabulary tokens, tensors by name: arrays, or Quantized)."""
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
    count = int(np.prod(shape))
    kind = _quantized_name(ftype)
    if kind is not None:
      size = count // BLOCK * QUANT_TYPES[kind][2]
      tensors[name] = Quantized(kind, shape, buf[off:off + size])
      off += size
      continue
    dt = np.dtype("<f2" if ftype == 1 else "<f4")
    tensors[name] = np.frombuffer(buf, dt, count, off).reshape(shape)
    off += count * dt.itemsize
  return header, filters, tokens, tensors


if __name__ == "__main__":
  if len(sys.argv) != 4 or sys.argv[3] not in QUANT_TYPES:
    sys.exit(f"usage: {sys.argv[0]} IN.bin OUT.bin {'|'.join(QUANT_TYPES)}")
  quantize_file(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
