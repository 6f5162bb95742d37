#!/usr/bin/env bash
# Regenerates the committed Whisper parity fixtures in src/test/resources/whisper/.
#
# What is committed: openai/whisper's own transcribe() output (JSON from the project's reference
# harness ../shared/whisper-reference/reference.py) and this exporter's PyTorch intermediates, for two
# seeded random micro models. The models themselves (13 MB each) are NOT committed: tests regenerate
# them bit-identically with
#   /usr/bin/python3 tools/export_whisper.py --random micro --seed 1 --english|--multilingual --out DIR
# and fixtures.json records the sha256 of their tensors.
#
# Needs: /usr/bin/python3 with torch + numpy, ../shared (test audio, whisper-assets, whisper-reference)
# and REF_MIRROR_ROOT pointing at a git copy of openai/whisper (openai+whisper/repo).
set -euo pipefail
tools=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$tools")
shared=$(cd "$module/../../shared" && pwd)
res=$module/src/test/resources/whisper
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: "${REF_MIRROR_ROOT:?set REF_MIRROR_ROOT to the folder holding openai+whisper/repo}"
export REF_MIRROR_ROOT REF_SCRATCH=${REF_SCRATCH:-$work/scratch}

jfk=$shared/testdata/jfk.wav
libri=$shared/testdata/pocketsphinx-testdata/librivox/sense_and_sensibility_01_austen_64kb-0870.wav
long=$shared/models/silero-vad/test.wav   # 60 s: several 30 s windows, conditioning on previous text

rm -rf "$res"
mkdir -p "$res/expected"
for lang in en ml; do
  flag=$([ $lang = en ] && echo --english || echo --multilingual)
  $py "$tools/export_whisper.py" --random micro --seed 1 $flag --out-checkpoint "$work/micro-$lang.pt" \
    --out "$work/micro-$lang" --ggml-dtype none --reference-audio "$jfk" >/dev/null
  mkdir -p "$res/micro-$lang"
  cp "$work/micro-$lang/config.json" "$work/micro-$lang/reference/reference.json" "$res/micro-$lang/"
  files="encoder_output logits_sot_sequence logits_sot"
  [ $lang = en ] && files="mel $files"   # the mel of jfk.wav does not depend on the model
  for f in $files; do cp "$work/micro-$lang/reference/$f.f32" "$res/micro-$lang/"; done
done

ref() {  # ref NAME MODEL AUDIO [reference.py options...]
  local name=$1 model=$2 audio=$3
  shift 3
  $py "$shared/whisper-reference/reference.py" --checkpoint "$work/$model.pt" --audio "$audio" \
    --out "$res/expected/$name.json" "$@" | tail -n 1
}
ref en-jfk-greedy micro-en "$jfk" --temperature 0
ref en-jfk-beam5 micro-en "$jfk" --temperature 0 --beam-size 5
ref en-jfk-words micro-en "$jfk" --temperature 0 --word-timestamps
ref en-jfk-notimestamps micro-en "$jfk" --temperature 0 --without-timestamps
ref en-jfk-prompt micro-en "$jfk" --temperature 0 --initial-prompt " And so my fellow Americans"
ref en-libri-greedy micro-en "$libri" --temperature 0
ref en-libri-beam5 micro-en "$libri" --temperature 0 --beam-size 5
ref en-long-greedy micro-en "$long" --temperature 0
# temperature fallback: window 1 compresses to 1.77 (kept), window 2 to 1.79 (> 1.78: falls back)
ref en-long-fallback micro-en "$long" --compression-ratio-threshold 1.78
# hallucination_silence_threshold: the micro model's degenerate word timings (mostly zero-length words) make
# segments anomalous, so windows are skipped and seek jumps exactly as openai/whisper decides
ref en-long-hallucination micro-en "$long" --temperature 0 --word-timestamps --hallucination-silence-threshold 2
ref ml-jfk-greedy micro-ml "$jfk" --temperature 0
ref ml-jfk-translate micro-ml "$jfk" --temperature 0 --task translate --language de
ref ml-libri-greedy micro-ml "$libri" --temperature 0
ref ml-libri-words micro-ml "$libri" --temperature 0 --word-timestamps
$py "$shared/whisper-reference/reference.py" --checkpoint "$work/micro-ml.pt" --audio "$jfk" --detect-language \
  --top 100 > "$res/expected/ml-jfk-detect-language.txt"

$py - "$work" "$res" <<'PY'
import hashlib, json, sys
from pathlib import Path
work, res = Path(sys.argv[1]), Path(sys.argv[2])
models = {}
for lang in ("en", "ml"):
    cfg = json.loads((work / f"micro-{lang}" / "config.json").read_text())
    models[f"micro-{lang}"] = {
        "export": f"export_whisper.py --random micro --seed 1 --{'english' if lang == 'en' else 'multilingual'} --out DIR",
        "state_sha256": cfg["source"]["state_sha256"],
        "checkpoint_sha256": hashlib.sha256((work / f"micro-{lang}.pt").read_bytes()).hexdigest(),
    }
expected = {}
for f in sorted((res / "expected").glob("*.json")):
    r = json.loads(f.read_text())
    expected[f.name] = {"audio": Path(r["audio"]).name, "options": r["options"], "summary": r["summary"]}
(res / "fixtures.json").write_text(json.dumps({"models": models, "expected": expected}, indent=1) + "\n")
PY
du -sh "$res"
