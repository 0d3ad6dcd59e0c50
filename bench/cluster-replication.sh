#!/usr/bin/env bash
# Replication lag of an index commit in a two-node cluster on one machine (bench/README.md,
# "Cluster: replication lag"): starts two `opsmind serve --cluster` nodes with the bundled
# embedder and their own data folders, uploads N small documents to the index writer one by one
# and, for each, times from the upload's answer (committed on the writer) until a BM25 search on
# the replica finds it; prints p50/p90/max and the replicas' own meter
# (opsmind_cluster_index_replication_lag_seconds: announcement -> searchable).
# Usage: bench/cluster-replication.sh [N=20]   (needs curl and python3; builds through ./opsmind)
set -euo pipefail
N=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'kill $P1 $P2 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
export OPSMIND_CLUSTER_SECRET=bench-cluster-secret-0123
M=127.0.0.1:5801,127.0.0.1:5802
cd "$ROOT"
./opsmind build >/dev/null
OPSMIND_CLUSTER_PORT=5801 OPSMIND_CLUSTER_NODE_NAME=n1 OPSMIND_INDEX=$WORK/n1/index \
  ./opsmind serve --cluster --port 9101 --cluster-members $M >"$WORK/n1.log" 2>&1 & P1=$!
OPSMIND_CLUSTER_PORT=5802 OPSMIND_CLUSTER_NODE_NAME=n2 OPSMIND_INDEX=$WORK/n2/index \
  ./opsmind serve --cluster --port 9102 --cluster-members $M >"$WORK/n2.log" 2>&1 & P2=$!
role() { curl -s "localhost:$1/ready" | python3 -c 'import sys,json; print(json.load(sys.stdin).get("cluster",{}).get("index",{}).get("role",""))' 2>/dev/null || true; }
for _ in $(seq 600); do
  r1=$(role 9101); r2=$(role 9102)
  if [[ $r1 == writer && $r2 == replica ]]; then W=9101; R=9102; break; fi
  if [[ $r2 == writer && $r1 == replica ]]; then W=9102; R=9101; break; fi
  sleep 0.5
done
[[ -n ${W:-} ]] || { echo "no writer elected; logs in $WORK" >&2; exit 1; }
curl -s -o /dev/null "localhost:$W/v1/collections" -d '{"name":"bench","readers":["*"]}'
for _ in $(seq 120); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "localhost:$R/v1/collections/bench") == 200 ]] && break
  sleep 0.25
done
lags=()
for i in $(seq "$N"); do
  word="zqx${i}benchword$RANDOM"
  printf '# Doc %s\n\nThe %s service restarts.\n' "$i" "$word" >"$WORK/doc-$i.md"
  curl -s -o /dev/null -F "file=@$WORK/doc-$i.md" "localhost:$W/v1/collections/bench/documents"
  t0=$(date +%s%N)
  until curl -s "localhost:$R/v1/search" -d "{\"query\":\"$word\",\"mode\":\"bm25\",\"collections\":[\"bench\"]}" \
      | grep -q "doc-$i.md"; do
    sleep 0.01
  done
  lags+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
printf '%s\n' "${lags[@]}" | sort -n | python3 -c '
import sys
v = [int(x) for x in sys.stdin]
p = lambda q: v[min(len(v) - 1, int(q * len(v)))]
print(f"upload answered on the writer -> found by a search on the replica, {len(v)} commits: "
      f"p50 {p(0.5)} ms, p90 {p(0.9)} ms, max {v[-1]} ms")'
curl -s "localhost:$R/metrics" | grep '^opsmind_cluster_index_replication_lag_seconds' || true
