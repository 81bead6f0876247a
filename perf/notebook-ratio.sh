#!/usr/bin/env bash
# Runs the seed notebook's numpy training loop (perf/notebook/course_loop.py, Debian python3-numpy, one BLAS thread)
# beside `simdopt train` on the same network, data and settings, one optimizer after the other, and prints the
# time per optimizer step of each and their ratio. Not part of CI (it needs Python and numpy).
#
# Usage: perf/notebook-ratio.sh [epochs]      (default 2000 epochs = 10,000 steps per run)
# Needs: apt-get install python3-numpy; runs /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-2000}
data=src/SimdOpt.Training/Data/moons-300-seed3.csv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/SimdOpt.Cli -c Release -v quiet -nologo >/dev/null
cli=src/SimdOpt.Cli/bin/Release/net10.0/SimdOpt.Cli.dll

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $epochs epochs per run"
# simdopt's time per step is given twice: over the whole run, and after its first epoch (which held the JIT's
# one-time compile of the training code until the CLI compiled it on another core beforehand); the ratios are numpy's
# time per step over each.
printf '%-10s %14s %14s %14s %8s %8s\n' optimizer "numpy us/step" "simdopt whole" "after epoch 1" ratio "ratio 2"
for optimizer in gd momentum adam; do
  numpy=$(/usr/bin/python3 perf/notebook/course_loop.py --data "$data" --optimizer "$optimizer" --epochs "$epochs" --print-every 0 | sed -n 's/^us_per_step //p')
  dotnet "$cli" train -p "$optimizer" --epochs "$epochs" --out "$out/$optimizer" >/dev/null
  /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[3]))['runs'][0]
n, whole, steady = float(sys.argv[2]), 1e6 / r['stepsPerSecond'], 1e6 / r['steadyStepsPerSecond']
print(f'{sys.argv[1]:<10} {n:14.2f} {whole:14.3f} {steady:14.3f} {n / whole:7.0f}x {n / steady:7.0f}x')" "$optimizer" "$numpy" "$out/$optimizer/summary.json"
done
