#!/usr/bin/env bash
# Builds the compiled-C peers into OUT_DIR (default: perf/native/bin):
#   libsimdopt_peer.so       gcc -O3 -march=native                  (every instruction set this CPU has)
#   libsimdopt_peer_avx2.so  the same with -mno-avx512f             (the peer for runs with DOTNET_EnableAVX512=0)
# Both with -ffp-contract=off (no fused multiply-add: the same bits as SimdOpt) and -fopenmp.
# Without gcc it prints why and exits 0: the peers are optional and the benchmarks and tests say so.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
cc=${CC:-gcc}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "perf/native: $cc not found; the compiled-C peers are not built"
  exit 0
fi

mkdir -p "$out"
sources=("$here"/split.c "$here"/sgd.c "$here"/momentum.c "$here"/adaptive.c "$here"/adam.c
  "$here"/lion.c "$here"/adamax.c "$here"/nadam.c "$here"/radam.c "$here"/adadelta.c "$here"/schedule_free_adamw.c)
flags=(-O3 -march=native -ffp-contract=off -fno-math-errno -fopenmp -fPIC -shared -fvisibility=hidden -std=c11 -Wall -Wextra -Werror)
"$cc" "${flags[@]}" -o "$out/libsimdopt_peer.so" "${sources[@]}"
"$cc" "${flags[@]}" -mno-avx512f -o "$out/libsimdopt_peer_avx2.so" "${sources[@]}"
echo "perf/native: built $out/libsimdopt_peer.so and $out/libsimdopt_peer_avx2.so with $("$cc" --version | head -n 1)"
