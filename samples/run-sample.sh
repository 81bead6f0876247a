#!/usr/bin/env bash
# Packs SimdOpt (and SimdOpt.Testing) into a temporary folder feed, then restores, builds and runs
# samples/SimdOpt.Sample against that package -- a package reference, not a project reference.
# A private NUGET_PACKAGES folder is used because the global package cache keeps the first copy of a
# version it sees and would otherwise serve a stale SimdOpt 0.1.0.
# Set SIMDOPT_SAMPLE_TRIM=1 to also publish the sample trimmed (linux-x64) and fail on any trim warning.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"

dotnet pack src/SimdOpt -c Release -o "$feed"
dotnet pack src/SimdOpt.Testing -c Release -o "$feed"
echo "Packages in $feed:"
ls -1 "$feed"

# Only the sample restores from the feed, into a package folder of its own.
export NUGET_PACKAGES="$work/packages"

sample=samples/SimdOpt.Sample
dotnet restore "$sample" -p:RestoreAdditionalProjectSources="$feed"
dotnet build "$sample" -c Release --no-restore
dotnet run --project "$sample" -c Release --no-build

if [ "${SIMDOPT_SAMPLE_TRIM:-0}" = 1 ]; then
  dotnet publish "$sample" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
    -p:TrimmerSingleWarn=false -p:RestoreAdditionalProjectSources="$feed" -warnaserror -o "$work/trimmed"
  "$work/trimmed/SimdOpt.Sample"
fi
