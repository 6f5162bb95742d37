"""Reading Whisper weights: OpenAI checkpoints (.pt) and Hugging Face directories.

Both become (dims, state_dict) with openai/whisper's parameter names. The safetensors reader is
our own (the format is an 8-byte header length, a JSON header, then raw little-endian tensors).
"""

import base64
import gzip
import json
import re
import struct
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import torch

from whisper_model import DIM_NAMES

# openai/whisper's alignment heads of the released models: base85(gzip(bool[n_text_layer, n_text_head]))
ALIGNMENT_HEADS = {
    "tiny.en": b"ABzY8J1N>@0{>%R00Bk>$p{7v037`oCl~+#00",
    "tiny": b"ABzY8bu8Lr0{>%RKn9Fp%m@SkK7Kt=7ytkO",
    "base.en": b"ABzY8;40c<0{>%RzzG;p*o+Vo09|#PsxSZm00",
    "base": b"ABzY8KQ!870{>%RzyTQH3`Q^yNP!>##QT-<FaQ7m",
    "small.en": b"ABzY8>?_)10{>%RpeA61k&I|OI3I$65C{;;pbCHh0B{qLQ;+}v00",
    "small": b"ABzY8DmU6=0{>%Rpa?J`kvJ6qF(V^F86#Xh7JUGMK}P<N0000",
    "medium.en": b"ABzY8usPae0{>%R7<zz_OvQ{)4kMa0BMw6u5rT}kRKX;$NfYBv00*Hl@qhsU00",
    "medium": b"ABzY8B0Jh+0{>%R7}kK1fFL7w6%<-Pf*t^=N)Qr&0RR9",
    "large-v1": b"ABzY8r9j$a0{>%R7#4sLmoOs{s)o3~84-RPdcFk!JR<kSfC2yj",
    "large-v2": b"ABzY8zd+h!0{>%R7=D0pU<_bnWW*tkYAhobTNnu$jnkEkXqp)j;w1Tzk)UH3X%SZd&fFZ2fC2yj",
    "large-v3": b"ABzY8gWO1E0{>%R7(9S+Kn!D~%ngiGaR?*L!iJG9p-nab0JQ=-{D1-g00",
    "large-v3-turbo": b"ABzY8j^C+e0{>%RARaKHP%t(lGR*)0g!tONPyhe`",
}
ALIGNMENT_HEADS["large"] = ALIGNMENT_HEADS["large-v3"]
ALIGNMENT_HEADS["turbo"] = ALIGNMENT_HEADS["large-v3-turbo"]


class CheckpointError(Exception):
  pass


def known_alignment_heads(name: str, dims: dict) -> List[List[int]]:
  if name not in ALIGNMENT_HEADS:
    raise CheckpointError(f"unknown --model-name {name!r}; known: {', '.join(sorted(ALIGNMENT_HEADS))}")
  raw = gzip.decompress(base64.b85decode(ALIGNMENT_HEADS[name]))
  n_layer, n_head = dims["n_text_layer"], dims["n_text_head"]
  if len(raw) != n_layer * n_head:
    raise CheckpointError(f"--model-name {name} has {len(raw)} decoder heads, this checkpoint {n_layer}x{n_head}")
  return [[i // n_head, i % n_head] for i, b in enumerate(raw) if b]


def default_alignment_heads(dims: dict) -> List[List[int]]:
  """openai/whisper's default when no model name is known: every head of the last half of layers."""
  n_layer, n_head = dims["n_text_layer"], dims["n_text_head"]
  return [[l, h] for l in range(n_layer // 2, n_layer) for h in range(n_head)]


def load_openai(path: Path) -> Tuple[dict, Dict[str, torch.Tensor]]:
  ckpt = torch.load(str(path), map_location="cpu")
  if not isinstance(ckpt, dict) or "dims" not in ckpt or "model_state_dict" not in ckpt:
    raise CheckpointError(f"{path}: not an OpenAI Whisper checkpoint (needs 'dims' and 'model_state_dict')")
  dims = {k: int(ckpt["dims"][k]) for k in DIM_NAMES}
  return dims, dict(ckpt["model_state_dict"])


# ---------------------------------------------------------------------------------------- safetensors
_ST_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
              "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
              "BOOL": torch.bool}


def read_safetensors(path: Path) -> Dict[str, torch.Tensor]:
  """Every tensor of a .safetensors file."""
  out = {}
  with open(path, "rb") as f:
    (n,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(n))
    for name, info in header.items():
      if name == "__metadata__":
        continue
      dtype = _ST_DTYPES.get(info["dtype"])
      if dtype is None:
        raise CheckpointError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
      begin, end = info["data_offsets"]
      buf = bytearray(end - begin)
      f.seek(8 + n + begin)
      if f.readinto(buf) != len(buf):
        raise CheckpointError(f"{path}: truncated at tensor {name}")
      flat = torch.frombuffer(buf, dtype=dtype) if buf else torch.zeros(0, dtype=dtype)
      out[name] = flat.reshape(info["shape"])
  return out


# ---------------------------------------------------------------------------------------- Hugging Face
_HF_RENAMES = [
    (r"^(?:model\.)?encoder\.embed_positions\.weight$", "encoder.positional_embedding"),
    (r"^(?:model\.)?encoder\.layer_norm\.", "encoder.ln_post."),
    (r"^(?:model\.)?decoder\.embed_tokens\.weight$", "decoder.token_embedding.weight"),
    (r"^(?:model\.)?decoder\.embed_positions\.weight$", "decoder.positional_embedding"),
    (r"^(?:model\.)?decoder\.layer_norm\.", "decoder.ln."),
    (r"^(?:model\.)?(encoder|decoder)\.conv", r"\1.conv"),
    (r"^(?:model\.)?(encoder|decoder)\.layers\.(\d+)\.", r"\1.blocks.\2."),
]
_HF_BLOCK = {"self_attn.q_proj": "attn.query", "self_attn.k_proj": "attn.key", "self_attn.v_proj": "attn.value",
             "self_attn.out_proj": "attn.out", "self_attn_layer_norm": "attn_ln",
             "encoder_attn.q_proj": "cross_attn.query", "encoder_attn.k_proj": "cross_attn.key",
             "encoder_attn.v_proj": "cross_attn.value", "encoder_attn.out_proj": "cross_attn.out",
             "encoder_attn_layer_norm": "cross_attn_ln", "fc1": "mlp.0", "fc2": "mlp.2", "final_layer_norm": "mlp_ln"}


def hf_to_openai_name(name: str) -> Optional[str]:
  """Hugging Face WhisperForConditionalGeneration parameter name -> openai/whisper's (None: drop)."""
  if name in ("proj_out.weight",):
    return None
  for pattern, repl in _HF_RENAMES:
    new = re.sub(pattern, repl, name)
    if new != name:
      name = new
      break
  m = re.match(r"^((?:encoder|decoder)\.blocks\.\d+\.)(.+)\.(weight|bias)$", name)
  if m:
    inner = _HF_BLOCK.get(m.group(2))
    if inner is None:
      raise CheckpointError(f"unexpected Hugging Face parameter {m.group(0)}")
    name = f"{m.group(1)}{inner}.{m.group(3)}"
  return name


def hf_dims(config: dict) -> dict:
  try:
    return {
        "n_mels": config["num_mel_bins"], "n_audio_ctx": config["max_source_positions"],
        "n_audio_state": config["d_model"], "n_audio_head": config["encoder_attention_heads"],
        "n_audio_layer": config["encoder_layers"], "n_vocab": config["vocab_size"],
        "n_text_ctx": config["max_target_positions"], "n_text_state": config["d_model"],
        "n_text_head": config["decoder_attention_heads"], "n_text_layer": config["decoder_layers"],
    }
  except KeyError as e:
    raise CheckpointError(f"config.json lacks {e.args[0]}: not a Whisper config") from None


def load_hf(directory: Path) -> Tuple[dict, Dict[str, torch.Tensor]]:
  cfg_path = directory / "config.json"
  if not cfg_path.is_file():
    raise CheckpointError(f"{cfg_path} is missing (a Hugging Face Whisper directory needs config.json)")
  config = json.loads(cfg_path.read_text())
  if config.get("model_type") not in (None, "whisper"):
    raise CheckpointError(f"{cfg_path}: model_type {config.get('model_type')!r} is not whisper")
  dims = hf_dims(config)
  raw = {}
  index = directory / "model.safetensors.index.json"
  if (directory / "model.safetensors").is_file():
    raw = read_safetensors(directory / "model.safetensors")
  elif index.is_file():
    for shard in sorted(set(json.loads(index.read_text())["weight_map"].values())):
      raw.update(read_safetensors(directory / shard))
  elif (directory / "pytorch_model.bin").is_file():
    raw = torch.load(str(directory / "pytorch_model.bin"), map_location="cpu")
  else:
    raise CheckpointError(f"{directory}: no model.safetensors, model.safetensors.index.json or pytorch_model.bin")
  sd = {}
  for name, tensor in raw.items():
    new = hf_to_openai_name(name)
    if new is not None:
      sd[new] = tensor
  proj = raw.get("proj_out.weight")
  if proj is not None and not torch.equal(proj, sd["decoder.token_embedding.weight"]):
    raise CheckpointError(f"{directory}: proj_out.weight differs from embed_tokens (untied output is not Whisper)")
  return dims, sd


def hf_alignment_heads(directory: Path) -> Optional[List[List[int]]]:
  gen = directory / "generation_config.json"
  if gen.is_file():
    heads = json.loads(gen.read_text()).get("alignment_heads")
    if heads:
      return [[int(l), int(h)] for l, h in heads]
  return None
