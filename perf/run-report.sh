#!/usr/bin/env bash
# Runs the benchmark suite and writes perf/results/: report.md (goals, per-rule tables with ns/element, GB/s,
# share of the ceiling, speed-ups), one PNG chart per rule, and BenchmarkDotNet's own GitHub-Markdown tables.
#
# Usage: perf/run-report.sh [quick|full] [note]
#   quick  one launch, 2 warm-ups, 5 iterations of 200 ms; sizes 4K, 64K, 1M, 16M (about 15-20 minutes on 2 cores)
#   full   BenchmarkDotNet's default job, every size including the odd one (a few hours on 2 cores)
# The note (for example "machine busy with other builds") is printed in the report.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mode=${1:-quick}
note=${2:-}
case "$mode" in
  quick)
    job=(--launchCount 1 --warmupCount 2 --iterationCount 5 --iterationTime 200)
    export SIMDOPT_BENCH_SIZES=4096,65536,1048576,16777216
    export SIMDOPT_BENCH_JOB=quick
    ;;
  full)
    job=()
    unset SIMDOPT_BENCH_SIZES SIMDOPT_BENCH_JOB
    ;;
  *)
    echo "usage: $0 [quick|full] [note]" >&2
    exit 2
    ;;
esac

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

status=0
# The per-rule classes, the ceiling and the subnormal case share one job ...
bench --filter 'SimdOpt.Benchmarks.Rules.*' '*BandwidthCeilingBenchmarks*' '*AdamSubnormalBenchmarks*' "${job[@]}" || status=1
# ... the hardware-path class brings its own jobs (one per instruction-set switch), so it runs without --job.
bench --filter '*AdamHardwarePathBenchmarks*' || status=1

rm -f perf/results/bdn/*.md
cp "$artifacts"/results/*-report-github.md perf/results/bdn/
dotnet run -c Release --no-build --project perf/SimdOpt.PerfReport -- "$artifacts/results" perf/results "perf/run-report.sh $mode" "$note" || status=1
echo "Report: perf/results/report.md"
exit $status
