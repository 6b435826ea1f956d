#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Exits non-zero when a test fails or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --tests || exit 1

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "test: building (Release)"
if ! dotnet build XuhuiEpaper.sln -c Release -v quiet -nologo; then
  echo "0 passed, 1 failed"
  echo "test: the build failed" >&2
  exit 1
fi

dotnet test XuhuiEpaper.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

sum() { # attribute name: the sum of it over every TRX file's Counters element
  cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" |
    grep -o "[0-9]*" | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(sum passed)
failed=$(( $(sum failed) + $(sum error) + $(sum timeout) + $(sum aborted) ))
skipped=$(( $(sum total) - $(sum executed) + $(sum inconclusive) ))

line="$passed passed, $failed failed"
((skipped > 0)) && line+=", $skipped skipped"
echo "$line"

if ((failed > 0 || passed == 0 || status != 0)); then exit 1; fi
