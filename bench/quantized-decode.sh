#!/usr/bin/env bash
# Decode speed per weight type and against Jlama's own quantized decode (bench/README.md, "Weight
# types" and "Against Jlama's quantized decode", issue 15), in one command:
#   1. DecodeBenchmark --types: F32, BF16, Q8_0, Q4_0, Q4_K_M of one random llama-150m GGUF,
#      single-stream TTFT (512-token prompt) and decode tok/s, plus 8 streams' aggregate tok/s;
#   2. DecodeBenchmark --vs-jlama: the same shape as a safetensors checkpoint, opsmind F32/Q8_0/
#      Q4_0/Q4_K_M against Jlama 0.8.4 F32 and the Q8/Q4 checkpoints `jlama quantize` writes.
# Random checkpoints and their quantized copies are written once to bench/results/ (ignored by
# git) and reused. Prints `uptime` before and after: on a shared machine compare ratios within
# one run, and the CPU seconds per token, not wall rates across runs.
# Usage: bench/quantized-decode.sh [ROUNDS=2] [SHAPE=llama-150m]   (builds bench with Maven, offline)
#   SHAPE=qwen2.5-0.5b: the issue's own shape (a 2 GB F32 GGUF, ~5 min); step 2 then is skipped
#   (the Jlama comparison stays on llama-150m).
set -euo pipefail
ROUNDS=${1:-2}
SHAPE=${2:-llama-150m}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -z ${JAVA_HOME:-} ]]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -x $j/bin/javac ]] && { export JAVA_HOME=$j; break; }
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
mvn -o -B -q -DskipTests package -pl bench -am >/dev/null
mkdir -p bench/results
run() {
  GOMP_SPINCOUNT=30000 DJL_CACHE_DIR=~/.cache/opsmind/djl java --add-modules jdk.incubator.vector \
    --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Djlama.force_panama_tensor_operations=true \
    -XX:+UseParallelGC -XX:MaxNewSize=128m -Xmx6g \
    -cp "bench/target/opsmind-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.opsmind.bench.DecodeBenchmark "$@" 2>&1 \
    | grep --line-buffered -v -e ' INFO ' -e ' WARN ' -e '^WARNING: '

}
echo "== $(date -u +%FT%TZ) $(nproc) cores, uptime:$(uptime | sed 's/.*load/ load/')"
start=$(date +%s)
run --shape "$SHAPE" --model "bench/results/$SHAPE-random.gguf" --types f32,bf16,q8_0,q4_0,q4_k_m --prompt 512 \
  --decode 32 --rounds "$ROUNDS" --threads 0 --streams 8
if [[ $SHAPE != llama-150m ]]; then
  echo "== $(date -u +%FT%TZ) uptime:$(uptime | sed 's/.*load/ load/'), $(( $(date +%s) - start )) s in all"
  exit 0
fi
echo "== $(date -u +%FT%TZ) uptime:$(uptime | sed 's/.*load/ load/')"
run --shape llama-150m --vs-jlama --prompt 64 --decode 32 --rounds "$ROUNDS" --threads 0
echo "== $(date -u +%FT%TZ) uptime:$(uptime | sed 's/.*load/ load/'), $(( $(date +%s) - start )) s in all"
