#!/usr/bin/python3
"""Export Whisper weights to a speech4j whisper-djl model directory.

Input: an OpenAI checkpoint (--checkpoint F.pt: {'dims', 'model_state_dict'}) or a Hugging Face
directory (--hf DIR: config.json + model.safetensors or pytorch_model.bin), or a seeded random
checkpoint (--random micro|tiny). Output (--out DIR): encoder.pt, decoder.pt (TorchScript),
tokenizer.json, config.json, mel_filters.bin, ggml-model.bin; with --reference-audio also
reference/ (this model's PyTorch mel, encoder output and first-step logits, for parity tests).

Runs on Python 3 with torch (1.13 or later) and numpy only.
"""

import argparse
import hashlib
import io
import json
import re
import sys
import wave
import zipfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checkpoints  # noqa: E402
import ggml  # noqa: E402
import random_checkpoint  # noqa: E402
import whisper_model  # noqa: E402
from whisper_tokenizer import Vocabulary, read_hf_vocab, read_tiktoken  # noqa: E402

FORMAT = "speech4j-whisper"
FORMAT_VERSION = 1
SAMPLE_RATE, N_FFT, HOP_LENGTH, N_SAMPLES, N_FRAMES = 16000, 400, 160, 480000, 3000
DEFAULT_ASSETS = Path(__file__).resolve().parents[3] / "shared" / "models" / "whisper-assets"


class ExportError(Exception):
  pass


def parse_args(argv=None):
  ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
  src = ap.add_mutually_exclusive_group(required=True)
  src.add_argument("--checkpoint", type=Path, help="OpenAI-format checkpoint (.pt)")
  src.add_argument("--hf", type=Path, help="Hugging Face Whisper directory")
  src.add_argument("--random", choices=sorted(random_checkpoint.SIZES), help="seeded random-weight model")
  ap.add_argument("--out", type=Path, help="model directory to write")
  ap.add_argument("--dtype", choices=("float32", "float16"), default="float32",
                  help="weights and activations of encoder.pt / decoder.pt (float16 is meant for GPUs)")
  ap.add_argument("--ggml-dtype", choices=ggml.DTYPES + ("none",), default="f16",
                  help="ggml-model.bin tensors (f16 default: whisper.cpp 1.7.1 aborts on f32; q8_0, q5_0, q5_1 "
                  "quantise the f16 weights as whisper.cpp's quantize does); none skips the file")
  ap.add_argument("--assets", type=Path, default=DEFAULT_ASSETS,
                  help="folder with gpt2.tiktoken, multilingual.tiktoken, mel_filters.npz (default %(default)s)")
  ap.add_argument("--model-name", help="released model name (tiny.en ... large-v3-turbo): picks its alignment "
                  "heads like whisper.load_model(name); default: the checkpoint's own or openai's default")
  ap.add_argument("--seed", type=int, default=0, help="--random: seed")
  lang = ap.add_mutually_exclusive_group()
  lang.add_argument("--english", action="store_true", help="--random: English-only vocabulary (default)")
  lang.add_argument("--multilingual", action="store_true", help="--random: multilingual vocabulary")
  ap.add_argument("--out-checkpoint", type=Path, help="--random: also write the OpenAI-format checkpoint here")
  ap.add_argument("--reference-audio", type=Path, help="16 kHz 16-bit mono WAV: write reference/ outputs")
  a = ap.parse_args(argv)
  if a.random is None and (a.english or a.multilingual or a.out_checkpoint):
    ap.error("--english, --multilingual and --out-checkpoint go with --random")
  if a.out is None and a.out_checkpoint is None:
    ap.error("nothing to do: give --out (and/or --out-checkpoint with --random)")
  return a


def load_source(a):
  """-> (dims, state_dict, alignment heads, tokenizer ranks, source description)."""
  if a.random:
    dims, sd = random_checkpoint.build(a.random, a.multilingual, a.seed, load_ranks(a.assets, a.multilingual))
    if a.out_checkpoint:
      a.out_checkpoint.parent.mkdir(parents=True, exist_ok=True)
      torch.save({"dims": dims, "model_state_dict": sd}, str(a.out_checkpoint))
      print(f"wrote {a.out_checkpoint} (sha256 of tensors {state_digest(sd)})")
    source = {"random": a.random, "seed": a.seed, "state_sha256": state_digest(sd)}
    heads = None
  elif a.checkpoint:
    dims, sd = checkpoints.load_openai(a.checkpoint)
    source, heads = {"checkpoint": a.checkpoint.name}, None
  else:
    dims, sd = checkpoints.load_hf(a.hf)
    source, heads = {"hf": a.hf.name}, checkpoints.hf_alignment_heads(a.hf)
  if a.model_name:
    heads = checkpoints.known_alignment_heads(a.model_name, dims)
  if heads is None:
    heads = checkpoints.default_alignment_heads(dims)
  multilingual = dims["n_vocab"] >= 51865
  if a.hf and (a.hf / "vocab.json").is_file():
    ranks = read_hf_vocab(a.hf / "vocab.json")
  else:
    ranks = load_ranks(a.assets, multilingual)
  return dims, sd, heads, ranks, source


def load_ranks(assets: Path, multilingual: bool):
  path = assets / ("multilingual.tiktoken" if multilingual else "gpt2.tiktoken")
  if not path.is_file():
    raise ExportError(f"{path} is missing: pass --assets DIR holding openai/whisper's whisper/assets files")
  return read_tiktoken(path)


def load_filters(assets: Path, n_mels: int) -> np.ndarray:
  path = assets / "mel_filters.npz"
  if not path.is_file():
    raise ExportError(f"{path} is missing: pass --assets DIR holding openai/whisper's mel_filters.npz")
  with np.load(path) as f:
    key = f"mel_{n_mels}"
    if key not in f:
      raise ExportError(f"{path} has no {key} filter bank")
    return np.asarray(f[key], dtype=np.float32)


def state_digest(sd) -> str:
  h = hashlib.sha256()
  for name in sorted(sd):
    t = sd[name].detach().contiguous()
    h.update(name.encode())
    h.update(str(t.dtype).encode())
    h.update(str(tuple(t.shape)).encode())
    h.update(t.numpy().tobytes())
  return h.hexdigest()


def canonical_order(model: whisper_model.Whisper, sd: dict) -> dict:
  """state_dict in openai/whisper's module order (what whisper.cpp's converter iterates)."""
  order = list(model.state_dict().keys())
  missing = [k for k in order if k not in sd]
  if missing:
    raise ExportError(f"checkpoint lacks {', '.join(missing[:5])}")
  return {k: sd[k] for k in order}


def config_json(dims, vocab: Vocabulary, heads, dtype, model_name, source) -> dict:
  return {
      "format": FORMAT, "format_version": FORMAT_VERSION, "dims": dims,
      "multilingual": vocab.multilingual, "num_languages": vocab.num_languages, "dtype": dtype,
      "special_tokens": vocab.special_ids(), "suppress_tokens": vocab.non_speech_tokens(),
      "alignment_heads": heads, "n_audio_frames": N_FRAMES, "sample_rate": SAMPLE_RATE, "n_fft": N_FFT,
      "hop_length": HOP_LENGTH, "model_name": model_name, "source": source,
  }


def script_model(model: whisper_model.Whisper, dtype: str):
  if dtype == "float16":
    model.set_dtype(torch.float16)
    return torch.jit.script(model.encoder), torch.jit.script(model.decoder)
  return torch.jit.script(model.encoder.fused()), torch.jit.script(model.decoder)


SDPA_1_13 = re.compile(rb"(\w+), \w+ = torch\._scaled_dot_product_attention\(")


def save_encoder(encoder: torch.jit.ScriptModule, path: Path):
  """Saves the scripted encoder. torch 1.13 has only the private aten::_scaled_dot_product_attention, which
  libtorch 2.x dropped for aten::scaled_dot_product_attention (its flash attention): the saved code is switched to
  the latter, so that such a file loads in libtorch >= 2.0 (DJL's), not in torch 1.13."""
  buffer = io.BytesIO()
  torch.jit.save(encoder, buffer)
  source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
  with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
    for entry in source.infolist():
      data = source.read(entry.filename)
      if entry.filename.endswith("whisper_model.py.debug_pkl"):
        continue  # source ranges of the code below before its change; optional
      if entry.filename.endswith("whisper_model.py"):
        data = SDPA_1_13.sub(rb"\1 = torch.scaled_dot_product_attention(", data)
      target.writestr(entry, data)


def export(a) -> Path:
  dims, sd, heads, ranks, source = load_source(a)
  if a.out is None:
    return None
  vocab = Vocabulary(ranks, dims["n_vocab"] >= 51865, dims["n_vocab"] - 51765 - int(dims["n_vocab"] >= 51865))
  if vocab.n_vocab != dims["n_vocab"]:
    raise ExportError(f"tokenizer has {vocab.n_vocab} tokens, the model {dims['n_vocab']}")
  filters = load_filters(a.assets, dims["n_mels"])
  model = whisper_model.build(dims, sd, heads)
  sd = canonical_order(model, sd)
  out = a.out
  out.mkdir(parents=True, exist_ok=True)

  (out / "tokenizer.json").write_text(json.dumps(vocab.tokenizer_json(), ensure_ascii=False), encoding="utf-8")
  (out / "mel_filters.bin").write_bytes(filters.astype("<f4").tobytes())
  if a.ggml_dtype != "none":
    ggml.write(out / "ggml-model.bin", dims, filters, ranks, sd, a.ggml_dtype)
  if a.reference_audio:
    write_reference(out / "reference", model, filters, vocab, a.reference_audio)
  encoder, decoder = script_model(model, a.dtype)
  save_encoder(encoder, out / "encoder.pt")
  decoder.save(str(out / "decoder.pt"))
  cfg = config_json(dims, vocab, heads, a.dtype, a.model_name, source)
  (out / "config.json").write_text(json.dumps(cfg, indent=1) + "\n")
  return out


# ------------------------------------------------------------------------------------ reference outputs
def read_wav(path: Path) -> np.ndarray:
  with wave.open(str(path), "rb") as w:
    if w.getframerate() != SAMPLE_RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
      raise ExportError(f"{path}: need 16 kHz mono 16-bit PCM WAV")
    pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
  return pcm.astype(np.float32) / 32768.0


def log_mel(audio: np.ndarray, filters: np.ndarray) -> torch.Tensor:
  """openai/whisper's log_mel_spectrogram(audio, padding=N_SAMPLES): [n_mels, frames]."""
  x = torch.nn.functional.pad(torch.from_numpy(audio), (0, N_SAMPLES))
  stft = torch.stft(x, N_FFT, HOP_LENGTH, window=torch.hann_window(N_FFT), return_complex=True)
  power = stft[..., :-1].abs() ** 2
  spec = torch.clamp(torch.from_numpy(filters) @ power, min=1e-10).log10()
  spec = torch.maximum(spec, spec.max() - 8.0)
  return (spec + 4.0) / 4.0


def save_raw(folder: Path, name: str, tensor: torch.Tensor, index: dict):
  arr = tensor.detach().float().contiguous().numpy()
  (folder / f"{name}.f32").write_bytes(arr.astype("<f4").tobytes())
  index[name] = {"file": f"{name}.f32", "shape": list(arr.shape), "dtype": "float32-le"}


@torch.no_grad()
def write_reference(folder: Path, model: whisper_model.Whisper, filters, vocab: Vocabulary, audio_path: Path):
  """mel of the first 30 s window, encoder output, logits after the SOT sequence (fp32 model)."""
  folder.mkdir(parents=True, exist_ok=True)
  mel = log_mel(read_wav(audio_path), filters)[:, :N_FRAMES]
  features = model.encoder(mel[None])
  ids = vocab.special_ids()
  sot = [ids["sot"]] + ([ids["languages"]["en"], ids["transcribe"]] if vocab.multilingual else [])
  cross = model.decoder.cross_kv(features)
  d = model.dims["n_text_state"]
  empty = torch.zeros(model.dims["n_text_layer"], 2, 1, 0, d)
  logits, _ = model.decoder(torch.tensor([sot]), empty, cross)
  sot_only, _ = model.decoder(torch.tensor([sot[:1]]), empty, cross)
  index = {"audio": audio_path.name, "sot_sequence": sot}
  save_raw(folder, "mel", mel, index)
  save_raw(folder, "encoder_output", features[0], index)
  save_raw(folder, "logits_sot_sequence", logits[0], index)
  save_raw(folder, "logits_sot", sot_only[0], index)
  (folder / "reference.json").write_text(json.dumps(index, indent=1) + "\n")


def main(argv=None) -> int:
  a = parse_args(argv)
  try:
    out = export(a)
  except (ExportError, checkpoints.CheckpointError) as e:
    print(f"error: {e}", file=sys.stderr)
    return 1
  if out is not None:
    for f in sorted(out.iterdir()):
      if f.is_file():
        print(f"{f}  {f.stat().st_size:,} bytes")
  return 0


if __name__ == "__main__":
  sys.exit(main())
