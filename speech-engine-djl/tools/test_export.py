#!/usr/bin/python3
"""Self-test of the Whisper exporter (no pytest needed): /usr/bin/python3 test_export.py

Exports small random models into a temporary folder and checks the model directory contract,
TorchScript against the eager model, the cache, the ggml file, the Hugging Face input path and
the tokenizer. Prints 'N passed, N failed'; exits 1 when a check fails.
"""

import json
import struct
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import checkpoints  # noqa: E402
import export_whisper  # noqa: E402
import ggml  # noqa: E402
import random_checkpoint  # noqa: E402
import whisper_model  # noqa: E402
from whisper_tokenizer import Vocabulary, read_hf_vocab  # noqa: E402

ASSETS = export_whisper.DEFAULT_ASSETS
FIXTURES = HERE.parent / "src" / "test" / "resources" / "whisper" / "fixtures.json"
JFK = ASSETS.parents[1] / "testdata" / "jfk.wav"
CONTRACT_FILES = ("encoder.pt", "decoder.pt", "tokenizer.json", "config.json", "mel_filters.bin", "ggml-model.bin")
TESTS = []


def test(fn):
  TESTS.append(fn)
  return fn


def rel(a, b) -> float:
  return float((a.double() - b.double()).norm() / b.double().norm().clamp(min=1e-30))


class Env:
  """Checkpoints and exports shared by the tests (made once)."""

  def __init__(self, tmp: Path):
    self.tmp = tmp
    self.ckpt = tmp / "micro-en.pt"
    self.model = tmp / "micro-en"
    self.run("--random", "micro", "--seed", "3", "--english", "--out-checkpoint", str(self.ckpt), "--out",
             str(self.model), "--ggml-dtype", "f32", "--reference-audio", str(JFK))
    self.dims, self.sd = checkpoints.load_openai(self.ckpt)

  @staticmethod
  def run(*args):
    rc = export_whisper.main(list(args))
    assert rc == 0, f"export {' '.join(args)} -> {rc}"

  def eager(self):
    cfg = json.loads((self.model / "config.json").read_text())
    return whisper_model.build(self.dims, self.sd, cfg["alignment_heads"])


@test
def random_checkpoints_are_reproducible(env):
  ranks = export_whisper.load_ranks(ASSETS, False)
  _, a = random_checkpoint.build("micro", False, 1, ranks)
  _, b = random_checkpoint.build("micro", False, 1, ranks)
  _, c = random_checkpoint.build("micro", False, 2, ranks)
  assert export_whisper.state_digest(a) == export_whisper.state_digest(b)
  assert export_whisper.state_digest(a) != export_whisper.state_digest(c)
  if FIXTURES.is_file():
    want = json.loads(FIXTURES.read_text())["models"]["micro-en"]["state_sha256"]
    assert export_whisper.state_digest(a) == want, "micro-en seed 1 no longer matches the committed fixtures"


@test
def model_directory_has_the_contract_files(env):
  for name in CONTRACT_FILES:
    assert (env.model / name).is_file(), name
  cfg = json.loads((env.model / "config.json").read_text())
  assert cfg["format"] == "speech4j-whisper" and cfg["format_version"] == 1
  assert cfg["dims"] == env.dims and cfg["dtype"] == "float32" and not cfg["multilingual"]
  st = cfg["special_tokens"]
  assert (st["eot"], st["sot"], st["no_timestamps"], st["timestamp_begin"]) == (50256, 50257, 50362, 50363)
  assert len(st["languages"]) == 99 and st["languages"]["en"] == 50258
  assert cfg["alignment_heads"] == [[1, 0], [1, 1]]  # openai's default: last half of the layers
  filters = np.fromfile(env.model / "mel_filters.bin", "<f4")
  assert filters.size == 80 * 201


@test
def tokenizer_json_has_openai_ids(env):
  tok = json.loads((env.model / "tokenizer.json").read_text(encoding="utf-8"))
  added = {t["content"]: t["id"] for t in tok["added_tokens"]}
  assert len(added) == 51864 - 50256
  assert added["<|endoftext|>"] == 50256 and added["<|nospeech|>"] == 50361 and added["<|0.00|>"] == 50363
  assert added["<|30.00|>"] == 51863 and added["<|he|>"] == 50278
  assert tok["model"]["vocab"]["Ġthe"] == 262
  vocab = Vocabulary(export_whisper.load_ranks(ASSETS, False), False, 99)
  assert [vocab.bpe(w.encode())[0] for w in (" And", " so", " my", " fellow", " Americans")] == [843, 523, 616, 5891, 3399]


@test
def suppress_tokens_match_hugging_face_generation_config(env):
  hf = ASSETS / "hf-whisper-tiny.en"
  want = [t for t in json.loads((hf / "generation_config.json").read_text())["suppress_tokens"] if t < 50256]
  assert json.loads((env.model / "config.json").read_text())["suppress_tokens"] == want
  assert read_hf_vocab(hf / "vocab.json") == export_whisper.load_ranks(ASSETS, False)


def fused_encoder_agrees(fused: torch.Tensor, eager: torch.Tensor) -> bool:
  """encoder.pt runs fused encoder layers: the eager model's math in another summation order."""
  return fused.shape == eager.shape and rel(fused, eager) < 1e-6


def scripted_encoder(env):
  """The encoder as exported, in memory: encoder.pt itself calls scaled_dot_product_attention, which torch 1.13
  lacks (the Java tests run the file on libtorch 2.x against reference/)."""
  return torch.jit.script(env.eager().encoder.fused())


@test
def saved_encoder_calls_scaled_dot_product_attention(env):
  with zipfile.ZipFile(env.model / "encoder.pt") as z:
    code = next(z.read(n) for n in z.namelist() if n.endswith("code/__torch__/whisper_model.py")).decode()
  assert "torch.scaled_dot_product_attention(" in code and "_scaled_dot_product_attention" not in code


@test
def torchscript_equals_eager_model(env):
  model = env.eager()
  enc = scripted_encoder(env)
  dec = torch.jit.load(str(env.model / "decoder.pt"))
  torch.manual_seed(0)
  mel = torch.randn(2, 80, 3000)
  with torch.no_grad():
    feats = model.encoder(mel)
    assert fused_encoder_agrees(enc(mel), feats)
    cross = dec.cross_kv(feats)
    assert cross.shape == (2, 2, 2, 2, 1500, 32)
    toks = torch.tensor([[50257, 50363, 843, 523], [50257, 50363, 616, 5891]])
    empty = torch.zeros(2, 2, 2, 0, 64)
    logits, kv = dec.forward(toks, empty, cross)
    assert logits.dtype == torch.float32 and logits.shape == (2, 51864) and kv.shape == (2, 2, 2, 4, 64)
    ref, _ = model.decoder(toks, empty, cross)
    assert torch.equal(logits, ref)


@test
def cached_decoding_equals_full_sequence(env):
  dec = torch.jit.load(str(env.model / "decoder.pt"))
  enc = env.eager().encoder
  torch.manual_seed(1)
  with torch.no_grad():
    cross = dec.cross_kv(enc(torch.randn(1, 80, 3000)))
    toks = torch.tensor([[50360, 843, 523, 50257, 50363, 616, 5891, 3399]])
    qk, full = dec.alignment(toks, cross)
    assert qk.shape == (1, 2, 8, 1500) and full.shape == (1, 8, 51864)
    kv = torch.zeros(2, 2, 1, 0, 64)
    logits, kv = dec.forward(toks[:, :4], kv, cross)  # prefix up to SOT (no_speech is read here)
    assert rel(logits[0], full[0, 3]) < 1e-5
    logits, kv = dec.forward(toks[:, 4:6], kv, cross)  # a chunk with a cache: causal mask with offset
    assert rel(logits[0], full[0, 5]) < 1e-5
    for i in range(6, 8):
      logits, kv = dec.forward(toks[:, i:i + 1], kv, cross)
      assert rel(logits[0], full[0, i]) < 1e-5
    assert kv.shape[3] == 8


@test
def ggml_file_holds_the_checkpoint(env):
  header, filters, tokens, tensors = ggml.read(env.model / "ggml-model.bin")
  assert header["ftype"] == 0 and header["n_vocab"] == 51864 and header["n_mels"] == 80
  assert len(tokens) == 50256 and tokens[262] == b" the"
  assert np.array_equal(filters.ravel(), np.fromfile(env.model / "mel_filters.bin", "<f4"))
  assert list(tensors) == list(env.eager().state_dict())
  for name, t in env.sd.items():
    assert np.array_equal(tensors[name], ggml.ggml_array(name, t)), name
  f16 = env.tmp / "f16"
  env.run("--checkpoint", str(env.ckpt), "--out", str(f16))
  header, _, _, tensors = ggml.read(f16 / "ggml-model.bin")
  assert header["ftype"] == 1
  assert tensors["decoder.token_embedding.weight"].dtype == np.float16
  assert tensors["encoder.conv1.bias"].dtype == np.float32 and tensors["encoder.conv1.bias"].shape == (64, 1)
  assert tensors["decoder.positional_embedding"].dtype == np.float32


@test
def quantised_blocks_have_ggmls_layout(env):
  # value j of the block quantises to j: nibble j holds j (low) and j + 16 (high); qh has the fifth bits
  nibbles = bytes(j | (j << 4) for j in range(16))
  fifth_bits = struct.pack("<I", 0xFFFF0000)
  ramp = (np.arange(32) - 16) * np.float32(0.25)
  assert ggml.quantize("q5_0", ramp) == struct.pack("<e", 0.25) + fifth_bits + nibbles
  assert ggml.quantize("q5_1", ramp + 4) == struct.pack("<2e", 0.25, 0.0) + fifth_bits + nibbles
  assert np.array_equal(ggml.dequantize("q5_0", ggml.quantize("q5_0", ramp)), ramp)
  q8 = ggml.quantize("q8_0", ramp)
  assert q8[:2] == struct.pack("<e", 4 / 127) and q8[2] == 0x81 and q8[2 + 16] == 0  # -127, 0
  # zeros: d = 0 / -16 = -0.0, and every value lands on the middle level 16 (a set fifth bit)
  assert ggml.quantize("q5_0", np.zeros(32)) == bytes.fromhex("0080ffffffff") + bytes(16)
  assert ggml.quantize("q8_0", np.zeros(64)) == bytes(68)


@test
def quantisation_round_trips_within_one_step(env):
  rng = np.random.default_rng(5)
  x = (rng.standard_normal((64, 384)) * 0.05).astype(np.float16).astype(np.float64).reshape(-1, 32)
  for kind, rms_bound in (("q8_0", 0.01), ("q5_0", 0.06), ("q5_1", 0.06)):
    blocks = ggml.quantize(kind, x)
    y = ggml.dequantize(kind, blocks).astype(np.float64).reshape(-1, 32)
    size = ggml.QUANT_TYPES[kind][2]
    d16 = np.array([struct.unpack_from("<e", blocks, i * size)[0] for i in range(len(x))])
    lo, hi, amax = x.min(axis=1), x.max(axis=1), np.abs(x).max(axis=1)
    if kind == "q8_0":  # rounding to the step, the step itself rounded to f16
      d = amax / 127
      bound = d / 2 + 127 * np.abs(d - d16)
    elif kind == "q5_0":  # the value opposite the largest magnitude clamps at 15: one whole step
      d = amax / 16
      bound = d + 16 * np.abs(d - np.abs(d16))
    else:
      d = (hi - lo) / 31
      m16 = np.array([struct.unpack_from("<e", blocks, i * size + 2)[0] for i in range(len(x))])
      bound = d / 2 + 31 * np.abs(d - d16) + np.abs(lo - m16)
    err = np.abs(x - y).max(axis=1)
    assert np.all(err <= bound * (1 + 1e-5) + 1e-9), (kind, float((err / bound).max()))
    assert np.sqrt(np.mean((x - y) ** 2) / np.mean(x ** 2)) < rms_bound, kind


@test
def quantised_export_is_whisper_cpps_quantize_of_the_f16_file(env):
  out, f16 = env.tmp / "q5_0", env.tmp / "q5_0-f16"
  env.run("--checkpoint", str(env.ckpt), "--out", str(out), "--ggml-dtype", "q5_0")
  env.run("--checkpoint", str(env.ckpt), "--out", str(f16), "--ggml-dtype", "f16")
  ggml.quantize_file(f16 / "ggml-model.bin", env.tmp / "quantized.bin", "q5_0")
  assert (out / "ggml-model.bin").read_bytes() == (env.tmp / "quantized.bin").read_bytes()
  header, _, _, tensors = ggml.read(out / "ggml-model.bin")
  _, _, _, half = ggml.read(f16 / "ggml-model.bin")
  assert header["ftype"] == 2008
  assert tensors["encoder.conv1.weight"].dtype == np.float16 and tensors["encoder.conv1.bias"].dtype == np.float32
  assert tensors["decoder.positional_embedding"].dtype == np.float32
  assert tensors["decoder.blocks.0.attn_ln.weight"].dtype == np.float32
  quantized = [name for name, t in tensors.items() if isinstance(t, ggml.Quantized)]
  assert "decoder.token_embedding.weight" in quantized and "encoder.blocks.0.mlp.0.weight" in quantized
  assert all(half[name].ndim == 2 for name in quantized)
  for name in quantized:
    ref = half[name].astype(np.float32)
    assert np.abs(tensors[name].dequantize() - ref).max() <= np.abs(ref).max() / 15, name


def write_safetensors(path: Path, tensors: dict):
  header, blobs, at = {}, [], 0
  for name, t in tensors.items():
    data = t.contiguous().numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(data)]}
    blobs.append(data)
    at += len(data)
  head = json.dumps(header).encode()
  path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


@test
def hugging_face_directory_exports_the_same_model(env):
  rename = {}
  for l in range(2):
    for side, attn in (("encoder", ("self_attn",)), ("decoder", ("self_attn", "encoder_attn"))):
      for hf_attn in attn:
        ours = "attn" if hf_attn == "self_attn" else "cross_attn"
        for hp, op in (("q_proj", "query"), ("k_proj", "key"), ("v_proj", "value"), ("out_proj", "out")):
          for kind in ("weight", "bias"):
            rename[f"{side}.blocks.{l}.{ours}.{op}.{kind}"] = f"model.{side}.layers.{l}.{hf_attn}.{hp}.{kind}"
        rename[f"{side}.blocks.{l}.{ours}_ln.weight"] = f"model.{side}.layers.{l}.{hf_attn}_layer_norm.weight"
        rename[f"{side}.blocks.{l}.{ours}_ln.bias"] = f"model.{side}.layers.{l}.{hf_attn}_layer_norm.bias"
      for kind in ("weight", "bias"):
        rename[f"{side}.blocks.{l}.mlp.0.{kind}"] = f"model.{side}.layers.{l}.fc1.{kind}"
        rename[f"{side}.blocks.{l}.mlp.2.{kind}"] = f"model.{side}.layers.{l}.fc2.{kind}"
        rename[f"{side}.blocks.{l}.mlp_ln.{kind}"] = f"model.{side}.layers.{l}.final_layer_norm.{kind}"
  for kind in ("weight", "bias"):
    for c in ("conv1", "conv2"):
      rename[f"encoder.{c}.{kind}"] = f"model.encoder.{c}.{kind}"
    rename[f"encoder.ln_post.{kind}"] = f"model.encoder.layer_norm.{kind}"
    rename[f"decoder.ln.{kind}"] = f"model.decoder.layer_norm.{kind}"
  rename["encoder.positional_embedding"] = "model.encoder.embed_positions.weight"
  rename["decoder.positional_embedding"] = "model.decoder.embed_positions.weight"
  rename["decoder.token_embedding.weight"] = "model.decoder.embed_tokens.weight"
  hf_sd = {rename[k]: v for k, v in env.sd.items() if k != "decoder.attn.key.bias"}
  hf_sd = {k: v for k, v in hf_sd.items() if "k_proj.bias" not in k}
  hf_sd["proj_out.weight"] = env.sd["decoder.token_embedding.weight"]
  d = env.dims
  hf = env.tmp / "hf"
  hf.mkdir()
  (hf / "config.json").write_text(json.dumps({
      "model_type": "whisper", "num_mel_bins": 80, "max_source_positions": 1500, "d_model": d["n_audio_state"],
      "encoder_attention_heads": d["n_audio_head"], "encoder_layers": d["n_audio_layer"], "vocab_size": d["n_vocab"],
      "max_target_positions": 448, "decoder_attention_heads": d["n_text_head"], "decoder_layers": d["n_text_layer"]}))
  (hf / "generation_config.json").write_text(json.dumps({"alignment_heads": [[1, 1]]}))
  write_safetensors(hf / "model.safetensors", hf_sd)
  out = env.tmp / "from-hf"
  env.run("--hf", str(hf), "--out", str(out), "--ggml-dtype", "f32")
  assert (out / "ggml-model.bin").read_bytes() == (env.model / "ggml-model.bin").read_bytes()
  cfg = json.loads((out / "config.json").read_text())
  assert cfg["alignment_heads"] == [[1, 1]] and cfg["dims"] == env.dims


@test
def float16_export_keeps_float32_logits(env):
  out = env.tmp / "fp16"
  env.run("--checkpoint", str(env.ckpt), "--out", str(out), "--dtype", "float16", "--ggml-dtype", "none")
  assert json.loads((out / "config.json").read_text())["dtype"] == "float16"
  dec = torch.jit.load(str(out / "decoder.pt"))
  params = dict(dec.named_parameters())
  assert params["token_embedding.weight"].dtype == torch.float16
  assert params["ln.weight"].dtype == torch.float32
  assert not (out / "ggml-model.bin").exists()


@test
def reference_outputs_match_the_model(env):
  index = json.loads((env.model / "reference" / "reference.json").read_text())
  for name in ("mel", "encoder_output", "logits_sot_sequence", "logits_sot"):
    entry = index[name]
    arr = np.fromfile(env.model / "reference" / entry["file"], "<f4").reshape(entry["shape"])
    assert np.isfinite(arr).all(), name
  assert index["mel"]["shape"] == [80, 3000] and index["encoder_output"]["shape"] == [1500, 64]
  mel = np.fromfile(env.model / "reference" / "mel.f32", "<f4").reshape(1, 80, 3000)
  out = scripted_encoder(env)(torch.from_numpy(mel.copy()))[0].detach().numpy()
  want = np.fromfile(env.model / "reference" / "encoder_output.f32", "<f4").reshape(1500, 64)
  assert fused_encoder_agrees(torch.from_numpy(out), torch.from_numpy(want))


@test
def bad_inputs_fail_with_a_message(env):
  bad = env.tmp / "bad.pt"
  torch.save({"weights": {}}, str(bad))
  assert export_whisper.main(["--checkpoint", str(bad), "--out", str(env.tmp / "x")]) == 1
  assert export_whisper.main(["--hf", str(env.tmp), "--out", str(env.tmp / "y")]) == 1


def main() -> int:
  torch.set_num_threads(2)
  passed = failed = 0
  with tempfile.TemporaryDirectory(prefix="export-test-") as tmp:
    env = Env(Path(tmp))
    for fn in TESTS:
      try:
        fn(env)
        passed += 1
        print(f"ok    {fn.__name__}")
      except Exception:  # noqa: BLE001 - report every failure and go on
        failed += 1
        print(f"FAIL  {fn.__name__}")
        traceback.print_exc()
  print(f"{passed} passed, {failed} failed")
  return 1 if failed else 0


if __name__ == "__main__":
  sys.exit(main())
