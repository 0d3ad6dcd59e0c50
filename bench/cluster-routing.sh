#!/usr/bin/env bash
# Cost of routing and failover in a three-node cluster on one machine (bench/README.md,
# "Cluster: routing overhead and failover"). n1 and n3 host a random tiny-qwen2, n2 hosts no
# model; every node has the bundled embedder and an index (one of them is the index writer).
#  1. hop overhead: N chat requests (max_tokens 1) sent straight to the node that serves them,
#     interleaved with N sent through n2 (routed there over the event bus); p50/p99 of each and
#     the difference (the latency a hop adds);
#  2. serving failover: requests through n2 one after another; the node serving them is killed
#     (-9); time from the kill to the first answer from the other host, and the failed requests;
#  3. index-writer failover: the writer among the survivors is killed (-9); time until another
#     node reports itself writer in /ready (Hazelcast's failure detection: cluster.failureSeconds).
# Usage: bench/cluster-routing.sh [N=60]   (needs curl and python3; builds through ./opsmind)
set -euo pipefail
N=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
P=()
trap 'for p in "${P[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
export OPSMIND_CLUSTER_SECRET=bench-cluster-secret-0123 OPSMIND_MODELS_DIR=$WORK/models
M=127.0.0.1:5811,127.0.0.1:5812,127.0.0.1:5813
cd "$ROOT"
./opsmind build >/dev/null
./opsmind models init-random --shape tiny-qwen2 --out "$WORK/models/tiny-qwen2" >/dev/null
declare -A PID
for i in 1 2 3; do
  model=(); [[ $i != 2 ]] && model=(--model tiny-qwen2)
  OPSMIND_CLUSTER_PORT=581$i OPSMIND_CLUSTER_NODE_NAME=n$i OPSMIND_INDEX=$WORK/n$i/index \
    ./opsmind serve --cluster --port 911$i --cluster-members $M "${model[@]}" >"$WORK/n$i.log" 2>&1 &
  PID[n$i]=$!; P+=($!)
done
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)" 2>/dev/null || true; }
hosts() { curl -s localhost:9112/v1/models | json '",".join(sorted(n for c in d["data"] if c["id"]=="tiny-qwen2" for n in c.get("opsmind_nodes",[])))'; }
role() { curl -s "localhost:$1/ready" | json 'd.get("cluster",{}).get("index",{}).get("role","")'; }
for _ in $(seq 600); do [[ $(hosts) == n1,n3 ]] && break; sleep 0.5; done
[[ $(hosts) == n1,n3 ]] || { echo "n2 never saw both hosts; logs in $WORK" >&2; trap - EXIT; exit 1; }
BODY='{"model":"tiny-qwen2","max_tokens":1,"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"df -h"}]}'
chat() { curl -s -o "$WORK/last" -D "$WORK/head" -w '%{http_code} %{time_total}\n' "localhost:$1/v1/chat/completions" -d "$BODY"; }
served_by() { tr -d '\r' <"$WORK/head" | awk -F': ' 'tolower($1)=="x-opsmind-node"{print $2}'; }
chat 9112 >/dev/null; S=$(served_by)              # prefix affinity: this prompt always goes to S
SPORT=911${S#n}
for _ in 1 2 3; do chat "$SPORT" >/dev/null; chat 9112 >/dev/null; done   # warm-up
: >"$WORK/direct"; : >"$WORK/routed"
for _ in $(seq "$N"); do
  chat "$SPORT" | awk '{print $2}' >>"$WORK/direct"
  chat 9112 | awk '{print $2}' >>"$WORK/routed"
done
python3 - "$WORK/direct" "$WORK/routed" "$S" <<'PY'
import sys
def q(f):
    v = sorted(float(x) * 1000 for x in open(f))
    return {p: v[min(len(v) - 1, int(p / 100 * len(v)))] for p in (50, 90, 99)}, len(v)
d, n = q(sys.argv[1]); r, _ = q(sys.argv[2])
print(f"hop overhead ({n} + {n} chat requests, max_tokens 1, served by {sys.argv[3]}): "
      f"direct p50 {d[50]:.1f} / p90 {d[90]:.1f} / p99 {d[99]:.1f} ms; through n2 p50 {r[50]:.1f} / "
      f"p90 {r[90]:.1f} / p99 {r[99]:.1f} ms; added p50 {r[50]-d[50]:+.1f} ms, p90 {r[90]-d[90]:+.1f} ms, p99 {r[99]-d[99]:+.1f} ms")
PY
# serving failover
: >"$WORK/burst"
( while :; do
    line=$(chat 9112); echo "$(date +%s%N) $line $(served_by)" >>"$WORK/burst"
  done ) & LOOP=$!; P+=($LOOP)
sleep 2
KILLED=$(date +%s%N); kill -9 "${PID[$S]}"
for _ in $(seq 300); do
  awk -v k="$KILLED" -v s="$S" '$1>k && $2==200 && $4!=s {found=1} END{exit !found}' "$WORK/burst" && break
  sleep 0.1
done
sleep 1; kill "$LOOP" 2>/dev/null || true
awk -v k="$KILLED" -v s="$S" '
  $1>k && !first && $2==200 && $4!=s {first=$1}
  $1>k && $2!=200 {failed++}
  $1>k {after++}
  END {printf "serving failover: kill -9 of %s -> first answer from the other host %.0f ms later; %d of %d requests after the kill failed\n", s, (first-k)/1e6, failed, after}' "$WORK/burst"
# index-writer failover
W=""; for _ in $(seq 600); do
  for n in n1 n2 n3; do [[ $n == "$S" ]] && continue; [[ $(role 911${n#n}) == writer ]] && W=$n; done
  [[ -n $W ]] && break; sleep 0.5
done
[[ -n $W ]] || { echo "no index writer among the survivors; logs in $WORK" >&2; trap - EXIT; exit 1; }
LEFT=""; for n in n1 n2 n3; do [[ $n != "$S" && $n != "$W" ]] && LEFT=$n; done
KILLED=$(date +%s%N); kill -9 "${PID[$W]}"
for _ in $(seq 1200); do [[ $(role 911${LEFT#n}) == writer ]] && break; sleep 0.05; done
echo "index-writer failover: kill -9 of $W -> $LEFT reports itself writer $(( ($(date +%s%N) - KILLED) / 1000000 )) ms later"
