"""A compact Whisper (encoder + KV-cached decoder) in TorchScript-friendly PyTorch.

Parameter names equal openai/whisper's state dict (encoder.blocks.0.attn.query.weight, ...), so an
OpenAI checkpoint loads with load_state_dict(strict=True). The math is openai/whisper's: pre-norm
residual blocks, exact GELU, LayerNorm in float32, attention scaled by 1/sqrt(head_dim), tied output
embedding. The decoder exposes what a decoding loop in another language needs: cross_kv, a cached
forward returning the last position's logits, and alignment (raw cross-attention scores).
"""

import copy
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

DIM_NAMES = ("n_mels", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
             "n_vocab", "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer")


class LayerNorm(nn.LayerNorm):
  """LayerNorm computed in float32 whatever the activation dtype (its parameters stay float32)."""

  def forward(self, x: Tensor) -> Tensor:
    return F.layer_norm(x.float(), self.normalized_shape, self.weight, self.bias, self.eps).to(x.dtype)


class Attention(nn.Module):
  def __init__(self, n_state: int, n_head: int):
    super().__init__()
    self.n_head = n_head
    self.scale = float(n_state // n_head) ** -0.5
    self.query = nn.Linear(n_state, n_state)
    self.key = nn.Linear(n_state, n_state, bias=False)
    self.value = nn.Linear(n_state, n_state)
    self.out = nn.Linear(n_state, n_state)

  def scores(self, q: Tensor, k: Tensor) -> Tensor:
    """q [B,T,D], k [B,S,D] -> float32 scores [B,H,T,S] (scaled, before softmax)."""
    b, t, d = q.shape
    s = k.size(1)
    qh = (q * self.scale).view(b, t, self.n_head, -1).transpose(1, 2)
    kh = k.view(b, s, self.n_head, -1).permute(0, 2, 3, 1)
    return (qh @ kh).float()

  def attend(self, qk: Tensor, v: Tensor) -> Tensor:
    b, s, d = v.shape
    return self.attend_heads(qk, v.view(b, s, self.n_head, -1).transpose(1, 2))

  def split_heads(self, x: Tensor) -> Tensor:
    """[B,S,D] -> contiguous [B,H,S,D/H]: keys and values kept across decoder steps, laid out so that batched
    attention over them is a view, not a copy of them per step."""
    b, s, _ = x.shape
    return x.view(b, s, self.n_head, -1).transpose(1, 2).contiguous()

  def head_scores(self, q: Tensor, kh: Tensor) -> Tensor:
    """q [B,T,D], kh [B,H,S,D/H] -> float32 scores [B,H,T,S] (scaled, before softmax)."""
    b, t, _ = q.shape
    qh = (q * self.scale).view(b, t, self.n_head, -1).transpose(1, 2)
    return (qh @ kh.transpose(-1, -2)).float()

  def attend_heads(self, qk: Tensor, vh: Tensor) -> Tensor:
    """qk [B,H,T,S], vh [B,H,S,D/H] -> attention output [B,T,D]."""
    w = torch.softmax(qk, dim=-1).to(vh.dtype)
    out = (w @ vh).transpose(1, 2)
    return self.out(out.reshape(out.size(0), out.size(1), -1))


class EncoderBlock(nn.Module):
  def __init__(self, n_state: int, n_head: int):
    super().__init__()
    self.attn = Attention(n_state, n_head)
    self.attn_ln = LayerNorm(n_state)
    self.mlp = nn.Sequential(nn.Linear(n_state, 4 * n_state), nn.GELU(), nn.Linear(4 * n_state, n_state))
    self.mlp_ln = LayerNorm(n_state)

  def forward(self, x: Tensor) -> Tensor:
    h = self.attn_ln(x)
    x = x + self.attn.attend(self.attn.scores(self.attn.query(h), self.attn.key(h)), self.attn.value(h))
    return x + self.mlp(self.mlp_ln(x))


class DecoderBlock(nn.Module):
  def __init__(self, n_state: int, n_head: int):
    super().__init__()
    self.attn = Attention(n_state, n_head)
    self.attn_ln = LayerNorm(n_state)
    self.cross_attn = Attention(n_state, n_head)
    self.cross_attn_ln = LayerNorm(n_state)
    self.mlp = nn.Sequential(nn.Linear(n_state, 4 * n_state), nn.GELU(), nn.Linear(4 * n_state, n_state))
    self.mlp_ln = LayerNorm(n_state)

  def forward(self, x: Tensor, past_k: Tensor, past_v: Tensor, mask: Tensor, cross_k: Tensor,
              cross_v: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    """Returns (x, self-attention keys, self-attention values, cross-attention scores)."""
    h = self.attn_ln(x)
    k = torch.cat([past_k, self.attn.key(h)], dim=1)
    v = torch.cat([past_v, self.attn.value(h)], dim=1)
    x = x + self.attn.attend(self.attn.scores(self.attn.query(h), k) + mask, v)
    qk = self.cross_attn.head_scores(self.cross_attn.query(self.cross_attn_ln(x)), cross_k)
    x = x + self.cross_attn.attend_heads(qk, cross_v)
    return x + self.mlp(self.mlp_ln(x)), k, v, qk


if hasattr(F, "scaled_dot_product_attention"):  # torch >= 2.0

  def attention(q: Tensor, k: Tensor, v: Tensor) -> Tensor:
    """softmax(q k^T / sqrt(head width)) v over [B, H, T, head width]."""
    return F.scaled_dot_product_attention(q, k, v)

else:  # torch 1.13: the same math; export_whisper.save_encoder makes the saved call scaled_dot_product_attention

  def attention(q: Tensor, k: Tensor, v: Tensor) -> Tensor:
    """softmax(q k^T / sqrt(head width)) v over [B, H, T, head width]."""
    return torch.ops.aten._scaled_dot_product_attention(q, k, v)[0]


class FusedEncoderBlock(nn.Module):
  """An EncoderBlock for inference: query, key and value in one projection, and the attention as one
  scaled_dot_product_attention, which libtorch 2.x runs as flash attention, never materialising the
  [heads, 1500, 1500] scores (a quarter of the time of the tiny encoder's attention). Float32 only, as exported:
  float16 keeps EncoderBlock's float32 softmax."""

  def __init__(self, block: EncoderBlock):
    super().__init__()
    attn = block.attn
    n_state = attn.query.weight.size(0)
    self.n_head = attn.n_head
    self.qkv = nn.Linear(n_state, 3 * n_state)
    with torch.no_grad():
      self.qkv.weight.copy_(torch.cat([attn.query.weight, attn.key.weight, attn.value.weight]))
      self.qkv.bias.copy_(torch.cat([attn.query.bias, torch.zeros_like(attn.query.bias), attn.value.bias]))
    self.out, self.attn_ln, self.mlp, self.mlp_ln = attn.out, block.attn_ln, block.mlp, block.mlp_ln

  def forward(self, x: Tensor) -> Tensor:
    b, t, d = x.shape
    qkv = self.qkv(self.attn_ln(x)).view(b, t, 3, self.n_head, -1).permute(2, 0, 3, 1, 4)
    heads = attention(qkv[0], qkv[1], qkv[2])
    x = x + self.out(heads.transpose(1, 2).reshape(b, t, d))
    return x + self.mlp(self.mlp_ln(x))


class AudioEncoder(nn.Module):
  """forward(mel [B, n_mels, 2*n_ctx]) -> audio features [B, n_ctx, n_state]."""

  def __init__(self, n_mels: int, n_ctx: int, n_state: int, n_head: int, n_layer: int):
    super().__init__()
    self.register_buffer("positional_embedding", torch.zeros(n_ctx, n_state))
    self.conv1 = nn.Conv1d(n_mels, n_state, kernel_size=3, padding=1)
    self.conv2 = nn.Conv1d(n_state, n_state, kernel_size=3, stride=2, padding=1)
    self.blocks = nn.ModuleList([EncoderBlock(n_state, n_head) for _ in range(n_layer)])
    self.ln_post = LayerNorm(n_state)

  def forward(self, mel: Tensor) -> Tensor:
    x = F.gelu(self.conv1(mel.to(self.conv1.weight.dtype)))
    x = F.gelu(self.conv2(x)).transpose(1, 2)
    x = x + self.positional_embedding.to(x.dtype)
    for block in self.blocks:
      x = block(x)
    return self.ln_post(x)

  def fused(self) -> "AudioEncoder":
    """A copy whose blocks are FusedEncoderBlocks (float32), sharing this encoder's weights."""
    out = copy.copy(self)
    out._modules = dict(self._modules)
    out.blocks = nn.ModuleList([FusedEncoderBlock(b) for b in self.blocks])
    return out


class TextDecoder(nn.Module):
  """KV-cached decoder. Caches are stacked tensors [n_layer, 2 (key, value), B, length, n_state]."""

  def __init__(self, n_vocab: int, n_ctx: int, n_state: int, n_head: int, n_layer: int):
    super().__init__()
    self.token_embedding = nn.Embedding(n_vocab, n_state)
    self.positional_embedding = nn.Parameter(torch.zeros(n_ctx, n_state))
    self.blocks = nn.ModuleList([DecoderBlock(n_state, n_head) for _ in range(n_layer)])
    self.ln = LayerNorm(n_state)
    self.n_layer = n_layer
    self.alignment_heads: List[List[int]] = [[n_layer - 1, 0]]

  @torch.jit.export
  def cross_kv(self, audio_features: Tensor) -> Tensor:
    """Keys and values of every layer's cross-attention, split into heads:
    [n_layer, 2, B, n_text_head, n_audio_ctx, n_text_state / n_text_head]."""
    x = audio_features.to(self.token_embedding.weight.dtype)
    kv: List[Tensor] = []
    for block in self.blocks:
      attn = block.cross_attn
      kv.append(torch.stack([attn.split_heads(attn.key(x)), attn.split_heads(attn.value(x))]))
    return torch.stack(kv)

  def run(self, tokens: Tensor, self_kv: Tensor, cross_kv: Tensor) -> Tuple[Tensor, Tensor, List[Tensor]]:
    offset = self_kv.size(3)
    t = tokens.size(1)
    x = self.token_embedding(tokens) + self.positional_embedding[offset:offset + t]
    # causal: token i (absolute offset + i) sees positions 0 .. offset + i
    mask = torch.full((t, offset + t), float("-inf"), device=x.device).triu_(offset + 1)
    kv: List[Tensor] = []
    scores: List[Tensor] = []
    for i, block in enumerate(self.blocks):
      x, k, v, qk = block(x, self_kv[i, 0], self_kv[i, 1], mask, cross_kv[i, 0], cross_kv[i, 1])
      kv.append(torch.stack([k, v]))
      scores.append(qk)
    return x, torch.stack(kv), scores

  def logits(self, x: Tensor) -> Tensor:
    """x [B, n_state] (after the final LayerNorm) -> float32 logits [B, n_vocab]."""
    w = self.token_embedding.weight
    if x.size(0) == 1:
      return torch.mv(w, x[0]).float().unsqueeze(0)
    return (x @ w.t()).float()

  def forward(self, tokens: Tensor, self_kv: Tensor, cross_kv: Tensor) -> Tuple[Tensor, Tensor]:
    """tokens int64 [B, T], self_kv [n_layer, 2, B, L, d] (L may be 0) -> (logits of the last position
    float32 [B, n_vocab], self_kv [n_layer, 2, B, L + T, d])."""
    x, kv, _ = self.run(tokens, self_kv, cross_kv)
    return self.logits(self.ln(x[:, -1])), kv

  @torch.jit.export
  def alignment(self, tokens: Tensor, cross_kv: Tensor) -> Tuple[Tensor, Tensor]:
    """Whole sequence, no cache -> (raw scaled cross-attention scores of the alignment heads, before
    softmax, float32 [B, n_heads, T, n_audio_ctx]; logits of every position float32 [B, T, n_vocab])."""
    b = tokens.size(0)
    d = self.positional_embedding.size(1)
    empty = torch.zeros(self.n_layer, 2, b, 0, d, dtype=self.token_embedding.weight.dtype,
                        device=tokens.device)
    x, _, scores = self.run(tokens, empty, cross_kv)
    heads = [scores[lh[0]][:, lh[1]] for lh in self.alignment_heads]
    logits = (self.ln(x) @ self.token_embedding.weight.t()).float()
    return torch.stack(heads, dim=1), logits


class Whisper(nn.Module):
  def __init__(self, dims: dict):
    super().__init__()
    self.dims = dict(dims)
    self.encoder = AudioEncoder(dims["n_mels"], dims["n_audio_ctx"], dims["n_audio_state"],
                                dims["n_audio_head"], dims["n_audio_layer"])
    self.decoder = TextDecoder(dims["n_vocab"], dims["n_text_ctx"], dims["n_text_state"],
                               dims["n_text_head"], dims["n_text_layer"])

  def set_dtype(self, dtype: torch.dtype) -> "Whisper":
    """Weights in dtype, LayerNorms kept in float32 (they compute in float32)."""
    self.to(dtype)
    for m in self.modules():
      if isinstance(m, LayerNorm):
        m.float()
    return self


def sinusoids(length: int, channels: int, max_timescale: float = 10000.0) -> Tensor:
  """Whisper's fixed encoder positions (the same formula as openai/whisper, float32)."""
  import numpy as np

  inc = np.log(max_timescale) / (channels // 2 - 1)
  inv = torch.exp(-inc * torch.arange(channels // 2))
  t = torch.arange(length)[:, None] * inv[None, :]
  return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


def build(dims: dict, state_dict: dict, alignment_heads: List[List[int]]) -> Whisper:
  """A float32 model holding state_dict's weights (openai/whisper names)."""
  model = Whisper(dims)
  sd = {k: v.float() for k, v in state_dict.items()}
  if "encoder.positional_embedding" not in sd:
    sd["encoder.positional_embedding"] = sinusoids(dims["n_audio_ctx"], dims["n_audio_state"])
  model.load_state_dict(sd, strict=True)
  model.decoder.alignment_heads = [[int(l), int(h)] for l, h in alignment_heads]
  return model.eval()
