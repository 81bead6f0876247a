#!/usr/bin/env bash
# Runs the benchmark suite and writes perf/results/: report.md (the machine and its instruction sets, the goals, SimdOpt
# against compiled C, one chart per rule), BenchmarkDotNet's GitHub-Markdown tables (with the suite's columns ns/element,
# GB/s, share of the ceiling, ratio to C) in bdn/.
#
# Every rule class measures its own bandwidth ceiling (BandwidthCeiling, BandwidthCeiling2Threads) right after the
# SimdOpt case at the same size, so the report's share of ceiling is a side-by-side ratio.
#
# Usage: perf/run-report.sh [quick|full|ratios] [note]
#   quick  in process, 2 warm-ups, 5 iterations of 100 ms; sizes 4K, 64K, 1M, 16M: every rule class (15 classes x 4 sizes
#          x 8 methods), the subnormal case, the hardware-path class (its own child processes, one per instruction-set
#          switch); about 20 minutes on 2 cores
#   full   in process, 3 warm-ups, 15 iterations of 100 ms; every size including the odd one (1,000,003): 15 x 5 x 8 rule
#          cases, the subnormal and hardware-path cases, into perf/results; then a second pass with DOTNET_EnableAVX512=0
#          (the AVX2 paths against the AVX2 build of the C: SimdOpt and compiled C on one and two threads, every rule at
#          4K, 64K, 1M and 16M) into perf/results/avx2; about 45 minutes on 2 cores
#   ratios SimdOpt against compiled C only, in process, 5 warm-ups, 7 iterations of 100 ms: SimdOpt1Thread, CompiledC,
#          SimdOpt2Threads and CompiledC2Threads of SGD, Adam, AdamW and AMSGrad at 4K and 1M (and SGD's
#          TensorPrimitives case, for the fixed cost) as is (34 cases), then Adam at 4K, 64K and 1M with
#          DOTNET_EnableAVX512=0 (12 cases), into perf/results/compiled-c/avx512 and .../avx2; about 10 minutes
# Every mode runs with tiered compilation off (DOTNET_TieredCompilation=0): in process, every method is compiled fully
# optimized at its first call, and each case also runs until the JIT has settled (JitSettling) before BenchmarkDotNet's
# pilot. In-process cases carry no instruction sets in BenchmarkDotNet's export; the suite writes the process's own
# beside the results (host-instruction-sets.txt) and the report prints them.
# The note (for example "machine busy with other builds") is printed in the report.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mode=${1:-quick}
note=${2:-}
case "$mode" in
  quick)
    job=(--inProcess --launchCount 1 --warmupCount 2 --iterationCount 5 --iterationTime 100)
    export SIMDOPT_BENCH_SIZES=4096,65536,1048576,16777216
    export SIMDOPT_BENCH_JOB=quick
    ;;
  full)
    job=(--inProcess --launchCount 1 --warmupCount 3 --iterationCount 15 --iterationTime 100)
    unset SIMDOPT_BENCH_SIZES
    export SIMDOPT_BENCH_JOB=full
    ;;
  ratios)
    job=(--inProcess --launchCount 1 --warmupCount 5 --iterationCount 7 --iterationTime 100)
    ;;
  *)
    echo "usage: $0 [quick|full|ratios] [note]" >&2
    exit 2
    ;;
esac
export DOTNET_TieredCompilation=0

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
note="${note:+$note; }load average at start: $load on $(nproc) logical cores; mode $mode"
artifacts=perf/BenchmarkDotNet.Artifacts/$mode
rm -rf "$artifacts"
mkdir -p perf/results/bdn

dotnet build perf/SimdOpt.Benchmarks -c Release
dotnet build perf/SimdOpt.PerfReport -c Release

bench() {
  dotnet run -c Release --no-build --project perf/SimdOpt.Benchmarks -- --artifacts "$artifacts" --exporters json "$@"
}

if [ "$mode" = ratios ]; then
  status=0
  for pass in avx512 avx2; do
    results=perf/results/compiled-c/$pass
    mkdir -p "$results/bdn"
    rm -f "$results"/bdn/*.md
    if [ "$pass" = avx512 ]; then
      sizes=4096,1048576
      filter=('*.Rules.SgdBenchmarks.SimdOpt*' '*.Rules.SgdBenchmarks.CompiledC*' '*.SgdBenchmarks.TensorPrimitivesComposed')
      for rule in Adam AdamW AmsGrad; do filter+=("*.Rules.${rule}Benchmarks.SimdOpt*" "*.Rules.${rule}Benchmarks.CompiledC*"); done
    else
      sizes=4096,65536,1048576
      filter=('*.Rules.AdamBenchmarks.SimdOpt*' '*.Rules.AdamBenchmarks.CompiledC*')
    fi
    (
      if [ "$pass" = avx2 ]; then export DOTNET_EnableAVX512=0; fi
      SIMDOPT_BENCH_SIZES=$sizes dotnet run -c Release --no-build --project perf/SimdOpt.Benchmarks -- --artifacts "$artifacts/$pass" \
        --exporters json --filter "${filter[@]}" "${job[@]}"
    ) || status=1
    cp "$artifacts/$pass"/results/*-report-github.md "$results/bdn/"
    dotnet run -c Release --no-build --project perf/SimdOpt.PerfReport -- "$artifacts/$pass/results" "$results" \
      "perf/run-report.sh ratios, pass $pass (${job[*]}; sizes $sizes)" "$note" || status=1
    echo "Report: $results/report.md"
  done
  exit $status
fi

status=0
# The per-rule classes (with their ceilings) and the subnormal case share one job ...
bench --filter 'SimdOpt.Benchmarks.Rules.*' '*AdamSubnormalBenchmarks*' "${job[@]}" || status=1
# ... the hardware-path class brings its own jobs (one per instruction-set switch, in child processes, with the same
# iteration counts through SIMDOPT_BENCH_JOB), so it runs without them.
bench --filter '*AdamHardwarePathBenchmarks*' || status=1

rm -f perf/results/bdn/*.md
cp "$artifacts"/results/*-report-github.md perf/results/bdn/
command="perf/run-report.sh $mode (${job[*]}; sizes ${SIMDOPT_BENCH_SIZES:-all})"
dotnet run -c Release --no-build --project perf/SimdOpt.PerfReport -- "$artifacts/results" perf/results "$command" "$note" || status=1
echo "Report: perf/results/report.md"

if [ "$mode" = full ]; then
  # The AVX2 paths against the AVX2 build of the C, every rule, one and two threads (not the ceilings: their stream is
  # written with Vector512, which the runtime then emulates).
  results=perf/results/avx2
  mkdir -p "$results/bdn"
  rm -f "$results"/bdn/*.md
  sizes=4096,65536,1048576,16777216
  filter=()
  for method in SimdOpt1Thread SimdOpt2Threads CompiledC CompiledC2Threads; do
    filter+=("SimdOpt.Benchmarks.Rules.*.$method")
  done
  DOTNET_EnableAVX512=0 SIMDOPT_BENCH_SIZES=$sizes dotnet run -c Release --no-build --project perf/SimdOpt.Benchmarks -- \
    --artifacts "$artifacts/avx2" --exporters json --filter "${filter[@]}" "${job[@]}" || status=1
  cp "$artifacts"/avx2/results/*-report-github.md "$results/bdn/"
  dotnet run -c Release --no-build --project perf/SimdOpt.PerfReport -- "$artifacts/avx2/results" "$results" \
    "DOTNET_EnableAVX512=0, $command; rule cases against compiled C only, sizes $sizes" "$note" || status=1
  echo "Report: $results/report.md"
fi
exit $status
