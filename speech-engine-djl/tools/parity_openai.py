#!/usr/bin/python3
"""Compare an exported model directory with openai/whisper's own forward pass on the same checkpoint.

Needs the project's whisper-reference harness (../shared/whisper-reference, REF_MIRROR_ROOT set):
openai/whisper is imported from its git mirror, never from this repository.

  parity_openai.py --checkpoint F.pt --model DIR [--audio A.wav] [--dump OUT]

Checks (fp32): log-mel, encoder output, logits of a multi-token prompt, cached decoding steps,
alignment scores and all-position logits, tokenizer ids and non-speech tokens. Prints the
relative errors; exits 1 when one is above --tol. --dump writes openai's own log-mel of the first window,
encoder output and logits after SOT and after the SOT sequence to OUT, in export_whisper.py's reference/ layout,
for the Java engines' parity tests.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def rel(a, b) -> float:
  a, b = a.double(), b.double()
  return float((a - b).norm() / b.norm().clamp(min=1e-30))


def main(argv=None) -> int:
  ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
  ap.add_argument("--checkpoint", required=True)
  ap.add_argument("--model", required=True, type=Path)
  ap.add_argument("--audio", default=str(HERE.parents[2] / "shared" / "testdata" / "jfk.wav"))
  ap.add_argument("--reference-harness", type=Path, default=HERE.parents[2] / "shared" / "whisper-reference")
  ap.add_argument("--tol", type=float, default=1e-5, help="encoder, alignment scores")
  ap.add_argument("--logits-tol", type=float, default=1e-4,
                  help="logits: openai's own fp32 logits differ from a float64 run by ~1e-5 on the shaped checkpoints")
  ap.add_argument("--dump", type=Path, help="write openai's mel, encoder output and first logits here")
  a = ap.parse_args(argv)

  sys.path.insert(0, str(a.reference_harness))
  import _refenv

  whisper, info = _refenv.setup_whisper()
  from whisper.audio import log_mel_spectrogram, N_SAMPLES, N_FRAMES
  from whisper.model import disable_sdpa
  from whisper.tokenizer import get_tokenizer
  import checkpoints
  import export_whisper
  import whisper_model

  torch.manual_seed(0)
  ref = whisper.load_model(a.checkpoint, device="cpu").float().eval()
  cfg = json.loads((a.model / "config.json").read_text())
  # encoder.pt calls scaled_dot_product_attention, which torch 1.13 lacks: script the exporter's encoder here
  dims, sd = checkpoints.load_openai(Path(a.checkpoint))
  enc = torch.jit.script(whisper_model.build(dims, sd, cfg["alignment_heads"]).encoder.fused())
  dec = torch.jit.load(str(a.model / "decoder.pt"))
  results = {}
  with torch.no_grad(), disable_sdpa():
    audio = export_whisper.read_wav(Path(a.audio))
    filters = np.fromfile(a.model / "mel_filters.bin", "<f4").reshape(cfg["dims"]["n_mels"], -1)
    mel_ref = log_mel_spectrogram(torch.from_numpy(audio), cfg["dims"]["n_mels"], padding=N_SAMPLES)
    mel_ours = export_whisper.log_mel(audio, filters)
    results["mel max|d|"] = float((mel_ref - mel_ours).abs().max())
    mel = mel_ref[:, :N_FRAMES][None]

    feat_ref = ref.embed_audio(mel)
    feat = enc(mel)
    results["encoder rel"] = rel(feat, feat_ref)

    st = cfg["special_tokens"]
    sot = [st["sot"]] + ([st["languages"]["en"], st["transcribe"]] if cfg["multilingual"] else [])
    tok = get_tokenizer(cfg["multilingual"], num_languages=cfg["num_languages"], language="en", task="transcribe")
    prompt = [st["sot_prev"]] + tok.encode(" And so my fellow Americans") + sot + [st["timestamp_begin"]]
    toks = torch.tensor([prompt, prompt[::-1]])  # batch of 2
    feats2 = torch.cat([feat_ref, feat_ref.flip(1)])
    logits_ref = ref.logits(toks, feats2)
    cross = dec.cross_kv(torch.cat([feat, feat.flip(1)]))
    d = cfg["dims"]["n_text_state"]
    empty = torch.zeros(cfg["dims"]["n_text_layer"], 2, 2, 0, d)
    logits, kv = dec.forward(toks, empty, cross)
    results["logits rel (batch 2, last)"] = rel(logits, logits_ref[:, -1])
    # chunked: prefix then two single steps with the cache, batch of 1 (mat-vec path)
    lg1, kv1 = dec.forward(toks[:1, :5], empty[:, :, :1], cross[:, :, :1])
    results["logits rel (prefix, B=1)"] = rel(lg1, logits_ref[:1, 4])
    lg2, kv2 = dec.forward(toks[:1, 5:-1], kv1, cross[:, :, :1])
    results["logits rel (cached chunk)"] = rel(lg2, logits_ref[:1, -2])
    lg3, kv3 = dec.forward(toks[:1, -1:], kv2, cross[:, :, :1])
    results["logits rel (cached step)"] = rel(lg3, logits_ref[:1, -1])
    assert kv3.shape[3] == len(prompt)

    if a.dump:
      dump_openai(a.dump, ref, mel, feat_ref, sot, a.audio)

    qks = [None] * cfg["dims"]["n_text_layer"]
    hooks = [b.cross_attn.register_forward_hook(lambda _, i, o, k=k: qks.__setitem__(k, o[-1]))
             for k, b in enumerate(ref.decoder.blocks)]
    full_ref = ref(mel, toks[:1])
    for h in hooks:
      h.remove()
    qk, full = dec.alignment(toks[:1], cross[:, :, :1])
    qk_ref = torch.stack([qks[l][0, h] for l, h in cfg["alignment_heads"]])[None]
    results["alignment qk rel"] = rel(qk, qk_ref)
    results["alignment logits rel"] = rel(full, full_ref)

  # tokenizer facts
  ids_ok = tok.non_speech_tokens == tuple(cfg["suppress_tokens"])
  for name, key in (("<|endoftext|>", "eot"), ("<|startoftranscript|>", "sot"), ("<|notimestamps|>", "no_timestamps"),
                    ("<|nospeech|>", "no_speech"), ("<|startofprev|>", "sot_prev"), ("<|0.00|>", "timestamp_begin")):
    ids_ok &= tok.special_tokens[name] == st[key]
  ids_ok &= tok.timestamp_begin == st["timestamp_begin"]
  ids_ok &= all(tok.special_tokens[f"<|{c}|>"] == i for c, i in st["languages"].items())
  failed = [k for k, v in results.items() if v > (a.logits_tol if "logits" in k else a.tol)] + ([] if ids_ok else ["special token ids"])
  for k, v in results.items():
    print(f"{k:32s} {v:.3e}")
  print(f"{'special/suppress token ids':32s} {'ok' if ids_ok else 'DIFFER'}")
  print("FAILED: " + ", ".join(failed) if failed else f"all within {a.tol}")
  return 1 if failed else 0


def dump_openai(folder: Path, ref, mel, features, sot, audio):
  import export_whisper
  folder.mkdir(parents=True, exist_ok=True)
  index = {"audio": Path(audio).name, "sot_sequence": sot, "source": "openai/whisper"}
  export_whisper.save_raw(folder, "mel", mel[0], index)
  export_whisper.save_raw(folder, "encoder_output", features[0], index)
  export_whisper.save_raw(folder, "logits_sot_sequence", ref.logits(torch.tensor([sot]), features)[0, -1], index)
  export_whisper.save_raw(folder, "logits_sot", ref.logits(torch.tensor([sot[:1]]), features)[0, -1], index)
  (folder / "reference.json").write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
  sys.exit(main())
