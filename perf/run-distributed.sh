#!/usr/bin/env bash
# The distributed benchmark: sharded Adam steps at 16M, 32M and 64M parameters on 1 and 2 ranks, each size and
# rank count in a fresh mpirun (so the process RSS column is that size's alone), then the transports compared.
# Needs mpich (apt-get install mpich libmpich-dev). Usage: perf/run-distributed.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-10}
dotnet build perf/SimdOpt.Distributed.Benchmark -c Release -v quiet -nologo >/dev/null
bench=perf/SimdOpt.Distributed.Benchmark/bin/Release/net10.0/SimdOpt.Distributed.Benchmark.dll
lscpu | grep -m1 "Model name"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ranks in 1 2; do
  for size in 16 32 64; do
    mpirun.mpich -np "$ranks" dotnet "$bench" --sizes "$size" --steps "$steps" --no-transports 2>&1 | grep -v yaksa
  done
done
mpirun.mpich -np 2 dotnet "$bench" --sizes 16,64 --steps "$steps" --transports-only 2>&1 | grep -v yaksa
