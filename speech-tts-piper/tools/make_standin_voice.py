#!/usr/bin/python3
"""Writes a random-weight stand-in for a Piper *medium* voice, to measure what a real voice costs to run.

    /usr/bin/python3 tools/make_standin_voice.py OUT_DIR REAL_CONFIG.onnx.json

Needs Debian's python3-torch and python3-onnx. Writes OUT_DIR/standin-medium.onnx (about 63 MB, like
en_US-lessac-medium.onnx) and its .onnx.json (a copy of the real, single-speaker config). It speaks noise, not
speech: what it shares with a real voice is its cost.

The network is VITS as Piper trains it at `--quality medium` (piper_train/__main__.py leaves the defaults of
vits/lightning.py: the 512-channel, 8-8-2-2 generator is `--quality high`), inference path only, as Piper's
export_onnx.py traces it at opset 15:

  - text encoder: 192-dim embedding, 6 post-norm transformer layers (2 heads, relative positions within +-4,
    feed-forward 768 wide with kernel 3), projection to the prior's mean and log-scale;
  - stochastic duration predictor, reverse direction (192 channels, dilated depth-separable convolutions, an
    elementwise affine and three conv flows, noise_w scaling its noise); durations * length_scale, ceil, the
    monotonic path expands the prior to frames, noise_scale scales the prior's noise;
  - flow: four mean-only residual coupling layers, each a WaveNet of 4 layers, kernel 5, 192 channels;
  - HiFi-GAN generator: 256 initial channels, upsampling 8, 8, 4 (kernels 16, 16, 8), resblock type 2 with
    kernels 3, 5, 7 and dilations (1, 2), (2, 6), (3, 12): 256 samples per frame at 22 050 Hz.

One simplification: the duration predictor's conv flows shift and scale their half affinely instead of through
Piper's rational-quadratic spline (same convolutions; their last 1x1 projection has 2 outputs instead of 29, 16 k
weights fewer, and a few element-wise ops on the phoneme axis are missing). Weights are random (seeded); the duration predictor's last affine is set so that
a phoneme id lasts 2.9 frames on average (about 15 phonemes a second, Piper's ids interleaving `_` pads), so the
audio is as long as speech would be. Interface as Piper's exports: inputs `input` [batch, phonemes] int64,
`input_lengths` [batch] int64, `scales` [3] float (noise_scale, length_scale, noise_w); output `output`
[batch, 1, 1, time] float. Running the script twice gives the same bytes.
"""

import json
import math
import sys
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

SEED = 1234
HIDDEN = 192
FILTER = 768
HEADS = 2
LAYERS = 6
WINDOW = 4
UPSAMPLE_RATES = (8, 8, 4)
UPSAMPLE_KERNELS = (16, 16, 8)
UPSAMPLE_INITIAL_CHANNEL = 256
RESBLOCK_KERNELS = (3, 5, 7)
RESBLOCK_DILATIONS = ((1, 2), (2, 6), (3, 12))
FRAMES_PER_ID = 2.9
LOG_DURATION_SPREAD = 0.5
OPSET = 15


def masked(lengths, size):
    return (torch.arange(size, device=lengths.device).unsqueeze(0) < lengths.unsqueeze(1)).float().unsqueeze(1)


class ChannelNorm(nn.Module):
    """Layer norm over the channel axis of [batch, channels, time]."""

    def __init__(self, channels):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        return F.layer_norm(x.transpose(1, -1), self.gamma.shape, self.gamma, self.beta).transpose(1, -1)


class RelativeAttention(nn.Module):
    """Multi-head self-attention with learned key and value offsets for relative positions within +-WINDOW."""

    def __init__(self):
        super().__init__()
        self.head = HIDDEN // HEADS
        self.q, self.k, self.v, self.o = (nn.Conv1d(HIDDEN, HIDDEN, 1) for _ in range(4))
        self.rel_k = nn.Parameter(torch.randn(2 * WINDOW + 1, self.head) * self.head ** -0.5)
        self.rel_v = nn.Parameter(torch.randn(2 * WINDOW + 1, self.head) * self.head ** -0.5)

    def forward(self, x, attention_mask):
        b, _, t = x.shape
        q, k, v = (p(x).view(b, HEADS, self.head, t).transpose(2, 3) for p in (self.q, self.k, self.v))
        q = q / math.sqrt(self.head)
        positions = torch.arange(t, device=x.device)
        offsets = positions.unsqueeze(0) - positions.unsqueeze(1) + WINDOW
        band = F.one_hot(offsets.clamp(0, 2 * WINDOW), 2 * WINDOW + 1).float()
        band = band * ((offsets >= 0) & (offsets <= 2 * WINDOW)).float().unsqueeze(-1)
        scores = q @ k.transpose(2, 3) + torch.einsum("bhir,ijr->bhij", q @ self.rel_k.t(), band)
        weights = torch.softmax(scores.masked_fill(attention_mask == 0, -1e4), dim=-1)
        out = weights @ v + torch.einsum("bhij,ijr->bhir", weights, band) @ self.rel_v
        return self.o(out.transpose(2, 3).reshape(b, HIDDEN, t))


class TextEncoder(nn.Module):
    def __init__(self, symbols):
        super().__init__()
        self.embedding = nn.Embedding(symbols, HIDDEN)
        nn.init.normal_(self.embedding.weight, 0.0, HIDDEN ** -0.5)
        self.attention = nn.ModuleList(RelativeAttention() for _ in range(LAYERS))
        self.norm_1 = nn.ModuleList(ChannelNorm(HIDDEN) for _ in range(LAYERS))
        self.ffn_1 = nn.ModuleList(nn.Conv1d(HIDDEN, FILTER, 3, padding=1) for _ in range(LAYERS))
        self.ffn_2 = nn.ModuleList(nn.Conv1d(FILTER, HIDDEN, 3, padding=1) for _ in range(LAYERS))
        self.norm_2 = nn.ModuleList(ChannelNorm(HIDDEN) for _ in range(LAYERS))
        self.proj = nn.Conv1d(HIDDEN, 2 * HIDDEN, 1)

    def forward(self, ids, lengths):
        x = (self.embedding(ids) * math.sqrt(HIDDEN)).transpose(1, 2)
        mask = masked(lengths, ids.size(1))
        attention_mask = mask.unsqueeze(2) * mask.unsqueeze(-1)
        x = x * mask
        for i in range(LAYERS):
            x = self.norm_1[i](x + self.attention[i](x, attention_mask))
            y = self.ffn_2[i](torch.relu(self.ffn_1[i](x * mask)) * mask) * mask
            x = self.norm_2[i](x + y)
        x = x * mask
        mean, log_scale = torch.split(self.proj(x) * mask, HIDDEN, dim=1)
        return x, mean, log_scale, mask


class DilatedSeparableConv(nn.Module):
    def __init__(self, channels=HIDDEN, kernel=3, layers=3):
        super().__init__()
        dilations = [kernel ** i for i in range(layers)]
        self.separable = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel, groups=channels, dilation=d, padding=(kernel * d - d) // 2)
            for d in dilations)
        self.pointwise = nn.ModuleList(nn.Conv1d(channels, channels, 1) for _ in dilations)
        self.norm_1 = nn.ModuleList(ChannelNorm(channels) for _ in dilations)
        self.norm_2 = nn.ModuleList(ChannelNorm(channels) for _ in dilations)

    def forward(self, x, mask, g=None):
        if g is not None:
            x = x + g
        for sep, point, n1, n2 in zip(self.separable, self.pointwise, self.norm_1, self.norm_2):
            x = x + F.gelu(n2(point(F.gelu(n1(sep(x * mask))))))
        return x * mask


class ConvFlow(nn.Module):
    """Reverse of a conv flow over 2 channels, affine on the second (Piper: a rational-quadratic spline)."""

    def __init__(self):
        super().__init__()
        self.pre = nn.Conv1d(1, HIDDEN, 1)
        self.convs = DilatedSeparableConv()
        self.proj = nn.Conv1d(HIDDEN, 2, 1)
        with torch.no_grad():
            self.proj.weight.mul_(0.1)
            self.proj.bias.zero_()

    def forward(self, z, mask, g):
        z0, z1 = torch.split(z, 1, dim=1)
        shift, log_scale = torch.split(self.proj(self.convs(self.pre(z0), mask, g)) * mask, 1, dim=1)
        return torch.cat([z0, (z1 - shift) * torch.exp(-log_scale) * mask], dim=1)


class DurationPredictor(nn.Module):
    """VITS's stochastic duration predictor, reverse direction: noise to log-durations, conditioned on the text."""

    def __init__(self):
        super().__init__()
        self.pre = nn.Conv1d(HIDDEN, HIDDEN, 1)
        self.convs = DilatedSeparableConv()
        self.proj = nn.Conv1d(HIDDEN, HIDDEN, 1)
        self.flows = nn.ModuleList(ConvFlow() for _ in range(3))
        self.affine_shift = nn.Parameter(torch.zeros(2, 1))
        self.affine_log_scale = nn.Parameter(torch.zeros(2, 1))

    def before_affine(self, x, mask, noise_w):
        condition = self.proj(self.convs(self.pre(x), mask)) * mask
        z = torch.randn(x.size(0), 2, x.size(2)) * noise_w
        for flow in self.flows:
            z = flow(torch.flip(z, [1]), mask, condition)
        return torch.flip(z, [1])

    def forward(self, x, mask, noise_w):
        z = self.before_affine(x, mask, noise_w)
        z = (z - self.affine_shift) * torch.exp(-self.affine_log_scale) * mask
        return z[:, :1]


class WaveNet(nn.Module):
    def __init__(self, layers=4, kernel=5):
        super().__init__()
        self.layers = layers
        self.inputs = nn.ModuleList(nn.Conv1d(HIDDEN, 2 * HIDDEN, kernel, padding=kernel // 2) for _ in range(layers))
        self.res_skip = nn.ModuleList(
            nn.Conv1d(HIDDEN, 2 * HIDDEN if i < layers - 1 else HIDDEN, 1) for i in range(layers))

    def forward(self, x, mask):
        skip = torch.zeros_like(x)
        for i in range(self.layers):
            a, b = torch.split(self.inputs[i](x), HIDDEN, dim=1)
            out = self.res_skip[i](torch.tanh(a) * torch.sigmoid(b))
            if i < self.layers - 1:
                x = (x + out[:, :HIDDEN]) * mask
                skip = skip + out[:, HIDDEN:]
            else:
                skip = skip + out
        return skip * mask


class CouplingLayer(nn.Module):
    """Mean-only residual coupling, reverse direction."""

    def __init__(self):
        super().__init__()
        half = HIDDEN // 2
        self.pre = nn.Conv1d(half, HIDDEN, 1)
        self.net = WaveNet()
        self.post = nn.Conv1d(HIDDEN, half, 1)
        with torch.no_grad():
            self.post.weight.mul_(0.1)

    def forward(self, z, mask):
        z0, z1 = torch.split(z, HIDDEN // 2, dim=1)
        shift = self.post(self.net(self.pre(z0) * mask, mask)) * mask
        return torch.cat([z0, (z1 - shift) * mask], dim=1)


class ResBlock(nn.Module):
    def __init__(self, channels, kernel, dilations):
        super().__init__()
        self.convs = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel, dilation=d, padding=(kernel * d - d) // 2) for d in dilations)

    def forward(self, x):
        for conv in self.convs:
            x = x + conv(F.leaky_relu(x, 0.1))
        return x


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.pre = nn.Conv1d(HIDDEN, UPSAMPLE_INITIAL_CHANNEL, 7, padding=3)
        channels = [UPSAMPLE_INITIAL_CHANNEL // 2 ** i for i in range(len(UPSAMPLE_RATES) + 1)]
        self.ups = nn.ModuleList(
            nn.ConvTranspose1d(channels[i], channels[i + 1], k, u, padding=(k - u) // 2)
            for i, (u, k) in enumerate(zip(UPSAMPLE_RATES, UPSAMPLE_KERNELS)))
        self.blocks = nn.ModuleList(
            nn.ModuleList(ResBlock(channels[i + 1], k, d) for k, d in zip(RESBLOCK_KERNELS, RESBLOCK_DILATIONS))
            for i in range(len(UPSAMPLE_RATES)))
        self.post = nn.Conv1d(channels[-1], 1, 7, padding=3, bias=False)

    def forward(self, x):
        x = self.pre(x)
        for up, blocks in zip(self.ups, self.blocks):
            x = up(F.leaky_relu(x, 0.1))
            x = sum(block(x) for block in blocks) / len(blocks)
        return torch.tanh(self.post(F.leaky_relu(x)))


class StandinVoice(nn.Module):
    def __init__(self, symbols):
        super().__init__()
        self.encoder = TextEncoder(symbols)
        self.durations = DurationPredictor()
        self.flow = nn.ModuleList(CouplingLayer() for _ in range(4))
        self.decoder = Generator()

    def forward(self, ids, lengths, scales):
        noise_scale, length_scale, noise_w = scales[0], scales[1], scales[2]
        x, mean, log_scale, mask = self.encoder(ids, lengths)
        frames = torch.ceil(torch.exp(self.durations(x, mask, noise_w)) * mask * length_scale)
        total = torch.clamp_min(torch.sum(frames, [1, 2]), 1).long()
        ends = torch.cumsum(frames, dim=2).transpose(1, 2)
        t = torch.arange(total.max()).view(1, 1, -1).float()
        path = ((t < ends) & (t >= ends - frames.transpose(1, 2))).float() * mask.transpose(1, 2)
        frame_mask = masked(total, path.size(2))
        z = (mean @ path) + torch.randn(1, HIDDEN, path.size(2)) * torch.exp(log_scale @ path) * noise_scale
        for coupling in reversed(self.flow):
            z = coupling(torch.flip(z, [1]), frame_mask)
        return self.decoder(z * frame_mask).unsqueeze(1)


def calibrate_durations(voice, symbols):
    """Sets the duration predictor's last affine: log-durations spread LOG_DURATION_SPREAD, mean FRAMES_PER_ID."""
    ids = torch.randint(0, symbols, (8, 200))
    with torch.no_grad():
        x, _, _, mask = voice.encoder(ids, torch.full((8,), 200))
        z = voice.durations.before_affine(x, mask, torch.tensor(0.8))[:, 0]
        scale = LOG_DURATION_SPREAD / z.std()
        shift = (torch.log(torch.exp(z * scale).mean()) - math.log(FRAMES_PER_ID)) / scale
        voice.durations.affine_log_scale[0, 0] = -torch.log(scale)
        voice.durations.affine_shift[0, 0] = shift


def main():
    out, real_config = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    config = json.loads(real_config.read_text(encoding="utf-8"))
    if config.get("num_speakers", 1) != 1:
        sys.exit("make_standin_voice.py: give a single-speaker config, e.g. en_US-lessac-medium.onnx.json")
    torch.manual_seed(SEED)
    symbols = config["num_symbols"]
    voice = StandinVoice(symbols).eval()
    calibrate_durations(voice, symbols)
    ids = torch.randint(0, symbols, (1, 50))
    with torch.no_grad():
        torch.onnx.export(voice, (ids, torch.tensor([50]), torch.tensor([0.667, 1.0, 0.8])),
                          str(out / "standin-medium.onnx"), opset_version=OPSET,
                          input_names=["input", "input_lengths", "scales"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch_size", 1: "phonemes"}, "input_lengths": {0: "batch_size"},
                                        "output": {0: "batch_size", 3: "time"}})
    config["dataset"] = "speech4j-standin"
    text = json.dumps(config, ensure_ascii=False, indent=2) + "\n"
    (out / "standin-medium.onnx.json").write_text(text, encoding="utf-8")
    print(f"{sum(p.numel() for p in voice.parameters())} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
