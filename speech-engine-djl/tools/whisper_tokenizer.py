"""Whisper's vocabulary: BPE ranks, openai/whisper's special tokens, and a Hugging Face tokenizer.json.

The BPE part comes from a tiktoken rank file (gpt2.tiktoken, multilingual.tiktoken: base64 token ->
rank) or from a Hugging Face vocab.json (byte-level strings -> id). Either way it becomes `ranks`
(token bytes -> id), and the merges of the tokenizer.json are derived from the ranks the way tiktoken
applies them: a pair (a, b) merges with priority rank(a + b).
"""

import base64
import json
from pathlib import Path
from typing import Dict, List, Tuple

# openai/whisper's language codes, in token order (the first 99; large-v3 adds "yue")
LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr "
    "bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn "
    "yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw "
    "su yue").split()
N_TIMESTAMPS = 1501


def bytes_to_unicode() -> Dict[int, str]:
  """GPT-2's byte -> printable character map used by byte-level BPE vocabularies."""
  bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
  cs = bs[:]
  n = 0
  for b in range(256):
    if b not in bs:
      bs.append(b)
      cs.append(256 + n)
      n += 1
  return dict(zip(bs, (chr(c) for c in cs)))


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def read_tiktoken(path: Path) -> Dict[bytes, int]:
  ranks = {}
  for line in Path(path).read_bytes().splitlines():
    if line.strip():
      token, rank = line.split()
      ranks[base64.b64decode(token)] = int(rank)
  return ranks


def read_hf_vocab(path: Path) -> Dict[bytes, int]:
  """vocab.json -> ranks, without the special tokens (<|endoftext|> and the like)."""
  vocab = json.loads(Path(path).read_text(encoding="utf-8"))
  ranks = {}
  for token, idx in vocab.items():
    if token.startswith("<|") and token.endswith("|>"):
      continue
    ranks[bytes(CHAR_TO_BYTE[c] for c in token)] = int(idx)
  return dict(sorted(ranks.items(), key=lambda kv: kv[1]))


def special_tokens(n_ranks: int, num_languages: int) -> List[str]:
  """openai/whisper's special tokens in id order; the first gets id n_ranks."""
  return (["<|endoftext|>", "<|startoftranscript|>"]
          + [f"<|{code}|>" for code in LANGUAGES[:num_languages]]
          + ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
             "<|notimestamps|>"]
          + [f"<|{i * 0.02:.2f}|>" for i in range(N_TIMESTAMPS)])


class Vocabulary:
  """ranks + special tokens with openai/whisper's ids."""

  def __init__(self, ranks: Dict[bytes, int], multilingual: bool, num_languages: int):
    if sorted(ranks.values()) != list(range(len(ranks))):
      raise ValueError("BPE ranks are not 0..n-1")
    self.ranks = ranks
    self.multilingual = multilingual
    self.num_languages = num_languages
    names = special_tokens(len(ranks), num_languages)
    self.specials = {name: len(ranks) + i for i, name in enumerate(names)}
    self.n_vocab = len(ranks) + len(names)

  def id(self, name: str) -> int:
    return self.specials[name]

  @property
  def timestamp_begin(self) -> int:
    return self.specials["<|0.00|>"]

  def special_ids(self) -> dict:
    s = self.specials
    return {
        "eot": s["<|endoftext|>"], "sot": s["<|startoftranscript|>"], "sot_prev": s["<|startofprev|>"],
        "sot_lm": s["<|startoflm|>"], "no_speech": s["<|nospeech|>"], "no_timestamps": s["<|notimestamps|>"],
        "timestamp_begin": self.timestamp_begin, "transcribe": s["<|transcribe|>"],
        "translate": s["<|translate|>"],
        "languages": {code: s[f"<|{code}|>"] for code in LANGUAGES[:self.num_languages]},
    }

  def bpe(self, piece: bytes) -> List[int]:
    """tiktoken's merge rule on one pre-tokenised piece: merge the adjacent pair whose
    concatenation has the lowest rank (leftmost first) until none is in the table."""
    parts = [piece[i:i + 1] for i in range(len(piece))]
    while len(parts) > 1:
      best, at = None, -1
      for i in range(len(parts) - 1):
        r = self.ranks.get(parts[i] + parts[i + 1])
        if r is not None and (best is None or r < best):
          best, at = r, i
      if best is None:
        break
      parts[at:at + 2] = [parts[at] + parts[at + 1]]
    return [self.ranks[p] for p in parts]

  def encode_symbol(self, text: str) -> List[int]:
    """Encode text that the GPT-2 pre-tokeniser keeps as ONE piece: an optional leading space and
    then only characters that are neither letters, digits nor whitespace."""
    body = text[1:] if text.startswith(" ") else text
    if not body or any(c.isalnum() or c.isspace() for c in body):
      raise ValueError(f"not a single punctuation piece: {text!r}")
    return self.bpe(text.encode("utf-8"))

  def non_speech_tokens(self) -> List[int]:
    """openai/whisper's Tokenizer.non_speech_tokens: what suppress_tokens "-1" expands to."""
    symbols = list('"#()*+/:;<=>@[\\]^_`{|}~「」『』')
    symbols += "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".split()
    miscellaneous = set("♩♪♫♬♭♮♯")
    result = {self.encode_symbol(" -")[0], self.encode_symbol(" '")[0]}
    for symbol in symbols + sorted(miscellaneous):
      for tokens in (self.encode_symbol(symbol), self.encode_symbol(" " + symbol)):
        if len(tokens) == 1 or symbol in miscellaneous:
          result.add(tokens[0])
    return sorted(result)

  def merges(self) -> List[Tuple[bytes, bytes]]:
    """Every split (a, b) of a multi-byte token with a, b in the table, ordered by
    (rank(a + b), rank(a), rank(b)): the priority tiktoken gives them."""
    out = []
    for token, rank in self.ranks.items():
      for i in range(1, len(token)):
        a, b = token[:i], token[i:]
        ra, rb = self.ranks.get(a), self.ranks.get(b)
        if ra is not None and rb is not None:
          out.append((rank, ra, rb, a, b))
    out.sort()
    return [(a, b) for _, _, _, a, b in out]

  def tokenizer_json(self) -> dict:
    """A Hugging Face tokenizers document (byte-level BPE, no post-processor: ids are exactly
    the encoded text) with every special token at openai/whisper's id."""

    def text(b: bytes) -> str:
      return "".join(BYTE_TO_CHAR[x] for x in b)

    vocab = {text(t): r for t, r in self.ranks.items()}
    added = []
    for name, idx in self.specials.items():
      vocab[name] = idx
      added.append({"id": idx, "content": name, "single_word": False, "lstrip": False, "rstrip": False,
                    "normalized": False, "special": True})
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": None,
        "decoder": byte_level,
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
            "vocab": vocab, "merges": [f"{text(a)} {text(b)}" for a, b in self.merges()],
        },
    }
