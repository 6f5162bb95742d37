#!/usr/bin/env bash
# Exports the models the whisper-djl Java tests read, into OUT (default speech-engine-djl/target/whisper-models):
#   OUT/micro-en, OUT/micro-ml  the seeded micro models of the committed parity fixtures (fp32; their
#                               tensors' sha256 is checked against src/test/resources/whisper/fixtures.json)
#   OUT/micro-en-f32            micro-en again with an fp32 ggml-model.bin (whisper-cpp's fp32 refusal test)
#   OUT/tiny-en                 export_whisper.py --random tiny --seed 1 --english: the model of
#                               speech-engine-whispercpp's committed openai/whisper outputs (f16 ggml), with reference/
#                               and ggml-model-{q8_0,q5_0,q5_1}.bin (ggml.py's quantisation of the f16 file)
#   OUT/tiny-random             a fresh random tiny-dims model (seed: $SPEECH4J_EXPORT_SEED or random) with
#                               reference/ (PyTorch mel, encoder output, logits for jfk.wav) and an f16
#                               ggml-model.bin (both engines' benchmarks run on it)
# Needs /usr/bin/python3 with torch and numpy, and ../shared (whisper-assets, testdata).
set -euo pipefail
tools=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$tools")
out=${1:-$module/target/whisper-models}
py=/usr/bin/python3
fixtures=$module/src/test/resources/whisper/fixtures.json
jfk=$(cd "$module/../../shared/testdata" && pwd)/jfk.wav
seed=${SPEECH4J_EXPORT_SEED:-$RANDOM}

mkdir -p "$out"
for lang in en ml; do
  flag=$([ $lang = en ] && echo --english || echo --multilingual)
  rm -rf "$out/micro-$lang"
  $py "$tools/export_whisper.py" --random micro --seed 1 $flag --out "$out/micro-$lang" >/dev/null
  $py - "$out/micro-$lang/config.json" "$fixtures" "micro-$lang" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["source"]["state_sha256"]
want = json.load(open(sys.argv[2]))["models"][sys.argv[3]]["state_sha256"]
if got != want:
    sys.exit(f"{sys.argv[3]}: regenerated tensors differ from the fixtures' model ({got} != {want})")
PY
done
rm -rf "$out/micro-en-f32" "$out/tiny-en"
$py "$tools/export_whisper.py" --random micro --seed 1 --english --ggml-dtype f32 --out "$out/micro-en-f32" >/dev/null
$py "$tools/export_whisper.py" --random tiny --seed 1 --english --out "$out/tiny-en" --reference-audio "$jfk" >/dev/null
for q in q8_0 q5_0 q5_1; do
  $py "$tools/ggml.py" "$out/tiny-en/ggml-model.bin" "$out/tiny-en/ggml-model-$q.bin" $q
done
rm -rf "$out/tiny-random"
$py "$tools/export_whisper.py" --random tiny --seed "$seed" --out "$out/tiny-random" \
  --reference-audio "$jfk" >/dev/null
echo "whisper test models in $out (tiny-random seed $seed)"
