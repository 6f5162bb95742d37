"""Seeded random-weight Whisper checkpoints whose greedy decoding is sharp and non-degenerate.

Plain random init decodes the same token forever (tied embeddings: a token predicts itself).
Here every weight starts from a seeded uniform init and the decoder gets a small hand-made
structure (the idea of ../shared/whisper-reference's make_checkpoint.py, README "How the random
checkpoints are shaped"; this is our own construction):

* residual width d = input keys K | 6 markers | text output codes C | timestamp codes T | o_ts, o_eot | free
* a token's input key is a random +-1 vector; the last decoder MLP runs in GELU's linear regime and
  maps key(t) through a signed permutation R to the text code of t's successor (a random permutation
  of a few thousand "active" word tokens). Keys are +-1 with pairwise Hamming distance >= 3, so the
  winning text logit beats the runner-up by >= 25 % of it (micro).
* boundary tokens (5 %), timestamps and the SOT/task token carry a marker that switches the control
  output o_ts on (timestamps win) through the same MLP; timestamps >= 15 s carry a second marker
  that switches o_eot on (EOT wins). Layer 0, head 0 detects <|notimestamps|> in the context.
* which timestamp (0.5 s grid) or language wins is decided by random codes in T against a vector
  written mostly by cross-attention: the output depends on the audio.

Only exact operations are used (uniform draws from a seeded torch.Generator, +-1 vectors,
permutations, elementwise products, sinusoids in Python floats), so a seed gives bit-identical
tensors on every machine with the same torch version: tests can regenerate a checkpoint instead of
committing it.
"""

import math
from typing import Dict, List

import torch

from whisper_model import Whisper
from whisper_tokenizer import Vocabulary

SIZES = {"micro": (64, 2, 2), "tiny": (384, 6, 4)}  # n_state, n_head, n_layer (encoder and decoder)
LAYOUT = {"micro": (24, 8), "tiny": (160, 38)}  # key/code width, timestamp-code width
ACTIVE = {"micro": 4096, "tiny": 8192}  # text tokens that can be output
TEXT_LOGIT = 120.0  # logit of the winning text token (before LayerNorm's scale)
CTL = 3.0  # control decisions at +-CTL * TEXT_LOGIT
TS_SPREAD = 80.0  # spread of the audio-dependent timestamp competition
LANG_CODE = 0.15  # language/special codes relative to timestamp codes
BOUNDARY = 0.05  # fraction of text tokens after which a timestamp follows
EOT_AFTER = 25.0  # seconds: a closing timestamp >= this is followed by EOT
TS_GRID = 25  # only every 25th timestamp (0.5 s) can win
SELF_CODE = 0.1  # a token's own text code, seen as input
OUT = 0.1  # size of output-only codes (timestamps, EOT, specials)
PERT = 0.05  # random block outputs written into keys / codes
TS_PERT, CTX_PERT = 3.0, 1.0  # cross- and self-attention outputs written into T
CROSS_Q = 4.0  # cross-attention query sharpening
CONV_GAIN = 8.0  # encoder convolutions (so the audio, not the positions, drives the encoder)
POS_STD = 0.5  # decoder positional embedding on free dims


class Draw:
  """Exact, machine-independent random values from one seeded generator."""

  def __init__(self, seed: int):
    self.g = torch.Generator().manual_seed(seed)

  def uniform(self, *shape, bound=1.0) -> torch.Tensor:
    return (torch.rand(*shape, generator=self.g) * 2.0 - 1.0) * bound

  def unit(self, *shape) -> torch.Tensor:
    """Zero mean, unit variance (uniform on [-sqrt 3, sqrt 3])."""
    return self.uniform(*shape, bound=math.sqrt(3.0))

  def signs(self, *shape) -> torch.Tensor:
    return torch.randint(0, 2, shape, generator=self.g).float() * 2.0 - 1.0

  def perm(self, n: int) -> torch.Tensor:
    return torch.randperm(n, generator=self.g)

  def index(self, high: int, n: int) -> torch.Tensor:
    return torch.randint(0, high, (n,), generator=self.g)

  def spread_signs(self, n: int, width: int, min_distance: int) -> torch.Tensor:
    """n distinct +-1 vectors, pairwise Hamming distance >= min_distance (rejection sampling)."""
    out = torch.zeros(n, width)
    count = 0
    while count < n:
      cand = self.signs(n - count, width)
      for row in cand:
        if count:
          dist = (width - out[:count] @ row) / 2  # exact: small integers
          if float(dist.min()) < min_distance:
            continue
        out[count] = row
        count += 1
        if count == n:
          break
    return out


def sinusoids(length: int, channels: int) -> torch.Tensor:
  """Whisper's encoder positions, computed with Python floats (bit-reproducible)."""
  half = channels // 2
  inc = math.log(10000.0) / (half - 1)
  rows = []
  for t in range(length):
    angles = [t * math.exp(-inc * i) for i in range(half)]
    rows.append([math.sin(x) for x in angles] + [math.cos(x) for x in angles])
  return torch.tensor(rows, dtype=torch.float64).float()


def layout(size: str, d: int) -> Dict[str, List[int]]:
  nk, nt = LAYOUT[size]
  names = [("key", nk)] + [(m, 1) for m in ("m_ts", "m_eot", "m_nots", "m_ctx", "m_one", "m_zero")] + \
          [("code", nk), ("tsc", nt), ("o_ts", 1), ("o_eot", 1)]
  out, at = {}, 0
  for name, n in names:
    out[name] = list(range(at, at + n))
    at += n
  out["free"] = list(range(at, d))
  return out


def default_init(model: Whisper, draw: Draw):
  """torch's default ranges (uniform +-1/sqrt(fan_in)), LayerNorms 1/0, drawn from our generator."""
  params = dict(model.named_parameters())
  with torch.no_grad():
    for name, p in params.items():
      if "_ln." in name or name.endswith((".ln.weight", ".ln.bias", "ln_post.weight", "ln_post.bias")):
        p.fill_(1.0 if name.endswith("weight") else 0.0)
      elif name.endswith("weight") and p.dim() >= 2:
        fan_in = p[0].numel()
        p.copy_(draw.uniform(*p.shape, bound=1.0 / math.sqrt(fan_in)))
        bias = params.get(name[:-len("weight")] + "bias")
        if bias is not None:
          bias.copy_(draw.uniform(*bias.shape, bound=1.0 / math.sqrt(fan_in)))


def build(size: str, multilingual: bool, seed: int, ranks: Dict[bytes, int]):
  """-> (dims, state_dict) in OpenAI's checkpoint format."""
  n_state, n_head, n_layer = SIZES[size]
  n_vocab = 51865 if multilingual else 51864
  vocab = Vocabulary(ranks, multilingual, n_vocab - 51765 - int(multilingual))
  dims = dict(n_mels=80, n_audio_ctx=1500, n_audio_state=n_state, n_audio_head=n_head, n_audio_layer=n_layer,
              n_vocab=n_vocab, n_text_ctx=448, n_text_state=n_state, n_text_head=n_head, n_text_layer=n_layer)
  draw = Draw(seed)
  model = Whisper(dims)
  default_init(model, draw)
  d = n_state
  L = layout(size, d)
  key, code, tsc, free = L["key"], L["code"], L["tsc"], L["free"]
  one = {m: L[m][0] for m in ("m_ts", "m_eot", "m_nots", "m_ctx", "m_one", "m_zero", "o_ts", "o_eot")}
  nk, nt = len(key), len(tsc)
  ids = vocab.special_ids()
  eot, sot, ts0 = ids["eot"], ids["sot"], ids["timestamp_begin"]
  specials = list(range(eot + 1, ts0))

  with torch.no_grad():
    enc, dec = model.encoder, model.decoder
    enc.positional_embedding.copy_(sinusoids(1500, n_state))
    enc.conv1.weight.mul_(CONV_GAIN)
    enc.conv2.weight.mul_(CONV_GAIN)

    # ---- active output tokens: plain lower-case words with a leading space, never suppressed ones
    banned = set(vocab.non_speech_tokens()) | {vocab.ranks[b" "]}
    words = sorted(r for t, r in vocab.ranks.items()
                   if r not in banned and len(t) > 2 and t[:1] == b" " and t[1:].isalpha() and t[1:].islower())
    words = torch.tensor(words)[draw.perm(len(words))]
    act = words[:ACTIVE[size]]
    n_act = len(act)
    keys = draw.spread_signs(n_act, nk, 3)

    E = torch.zeros(n_vocab, d)
    kidx = torch.tensor(key)
    E[act[:, None], kidx[None, :]] = keys
    others = torch.ones(n_vocab, dtype=torch.bool)
    others[act] = False
    others = others.nonzero()[:, 0]
    E[others[:, None], kidx[None, :]] = keys[draw.index(n_act, len(others))]  # input-side aliases
    # successor of act[i] is act[succ[i]]; its code is R key(act[i]) with R a signed permutation
    r_perm, r_sign = draw.perm(nk), draw.signs(nk)
    succ = draw.perm(n_act)
    codes = torch.zeros(n_act, nk)
    codes[succ] = keys[:, r_perm] * r_sign
    E[act[:, None], torch.tensor(code)[None, :]] = SELF_CODE * codes
    E[eot + 1:ts0, code] = 0.3 * SELF_CODE * draw.signs(ts0 - eot - 1, nk)
    # timestamps: codes in T, full size on the grid only
    tcodes = 0.05 * draw.unit(1501, nt)
    grid = torch.arange(0, 1501, TS_GRID)
    tcodes[grid] = draw.unit(len(grid), nt)
    E[ts0:, tsc] = OUT * tcodes
    E[specials[0]:specials[-1] + 1, tsc] = OUT * LANG_CODE * draw.unit(len(specials), nt)
    # markers
    boundary = torch.rand(n_act, generator=draw.g) < BOUNDARY
    E[act, one["m_ts"]] = boundary.float()
    E[ts0:, one["m_ts"]] = 1.0
    E[[sot] + ([ids["translate"], ids["transcribe"]] if multilingual else []), one["m_ts"]] = 1.0
    E[ts0 + int(round(EOT_AFTER / 0.02)):, one["m_eot"]] = 1.0
    E[ids["no_timestamps"], one["m_nots"]] = 3.0
    E[:, one["m_one"]] = 1.0
    E[ts0:, one["o_ts"]] = OUT * 0.5
    E[ts0 + grid, one["o_ts"]] = OUT * 1.0
    E[eot, one["o_eot"]] = OUT * 1.0
    dec.token_embedding.weight.copy_(E)

    pos = torch.zeros(448, d)
    pos[:, free] = POS_STD * draw.unit(448, len(free))
    pos[:, key + code + tsc] = 0.02 * draw.unit(448, 2 * nk + nt)
    dec.positional_embedding.copy_(pos)

    # ---- random blocks write only a little into keys/codes and nothing into markers/controls
    rows = torch.full((d,), PERT)
    rows[free] = 1.0
    for m in one.values():
      rows[m] = 0.0
    cross_rows, self_rows = rows.clone(), rows.clone()
    cross_rows[tsc] = TS_PERT
    self_rows[tsc] = CTX_PERT
    for block in dec.blocks:
      for lin, sc in ((block.attn.out, self_rows), (block.cross_attn.out, cross_rows), (block.mlp[2], rows)):
        lin.weight.mul_(sc[:, None])
        lin.bias.mul_(sc)
      block.cross_attn.query.weight.mul_(CROSS_Q)
      block.cross_attn.query.bias.mul_(CROSS_Q)

    # ---- layer 0, head 0: is <|notimestamps|> in the context? (writes m_ctx)
    attn = dec.blocks[0].attn
    h0 = slice(0, d // n_head)
    for lin in (attn.query, attn.key, attn.value):
      lin.weight[h0] = 0.0
      if lin.bias is not None:
        lin.bias[h0] = 0.0
    attn.out.weight[:, h0] = 0.0
    attn.query.weight[0, [one["m_one"], one["m_zero"]]] = torch.tensor([12.0, -12.0])
    attn.key.weight[0, [one["m_nots"], one["m_zero"]]] = torch.tensor([12.0, -12.0])
    attn.value.weight[0, [one["m_nots"], one["m_zero"]]] = torch.tensor([0.5, -0.5])
    attn.out.weight[one["m_ctx"], 0] = 1.0

    # ---- last decoder MLP: a linear lookup (hidden unit i reads input i, GELU(10 + u) ~= 10 + u)
    mlp = dec.blocks[-1].mlp
    ins = key + [one["m_ts"], one["m_eot"], one["m_ctx"], one["m_one"], one["m_zero"]]
    n_in = len(ins)
    mlp[0].weight.zero_()
    mlp[0].weight[torch.arange(n_in), torch.tensor(ins)] = 1.0
    mlp[0].bias.fill_(10.0)
    P = torch.zeros(d, n_in)
    P[torch.tensor(code), r_perm] = r_sign  # key -> successor's code
    j_ts, j_eot, j_ctx, j_one, j_zero = range(nk, nk + 5)
    # o_ts = -1 + 2 [boundary/timestamp] - 3 [no timestamps]; o_eot = -3 + 2 [b/ts] + 4 [late ts] + 1.5 [no ts]
    P[one["o_ts"], [j_one, j_ts, j_eot, j_ctx]] = torch.tensor([-1.0, 2.0, 0.0, -3.0])
    P[one["o_eot"], [j_one, j_ts, j_eot, j_ctx]] = torch.tensor([-3.0, 2.0, 4.0, 1.5])
    P[:, j_zero] = -P[:, :j_zero].sum(dim=1)  # everything relative to the always-zero marker
    W2 = torch.zeros(d, mlp[2].weight.shape[1])
    W2[:, :n_in] = P
    mlp[2].weight.copy_(W2)
    mlp[2].bias.copy_(-10.0 * P.sum(dim=1))

    # ---- final LayerNorm = the read-out
    gain = torch.zeros(d)
    gain[code] = TEXT_LOGIT / (SELF_CODE * nk)
    gain[tsc] = TS_SPREAD / math.sqrt(nt) / OUT
    gain[one["o_ts"]] = CTL * TEXT_LOGIT / OUT
    gain[one["o_eot"]] = CTL * TEXT_LOGIT / OUT
    dec.ln.weight.copy_(gain)
    dec.ln.bias.zero_()

  sd = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
  for k, v in sd.items():
    if not torch.isfinite(v).all():
      raise ValueError(f"non-finite values in {k}")
  return dims, sd
