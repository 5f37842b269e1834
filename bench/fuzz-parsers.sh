#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read outside text (issue 16, part 1): publishes the harness
# (bench/Taskforge.Fuzz.Parsers), instruments the engine and server assemblies with SharpFuzz and runs afl-fuzz on each
# target for MINUTES minutes, one after the other (one core). Findings go to $OUT/TARGET/default/crashes and hangs;
# replay one with: dotnet $OUT/harness/Taskforge.Fuzz.Parsers.dll TARGET --replay FILE
# Without afl++ (bench/install-fuzzers.sh), or with --random, it runs the same targets on CsCheck-mutated seeds instead.
# Usage: bench/fuzz-parsers.sh [MINUTES per target, default 3] [TARGET...]   (OUT=dir to keep the findings elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=afl
if [[ "${1:-}" == "--random" ]]; then MODE=random; shift; fi
MINUTES=${1:-3}; shift || true
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(where-clause recurrence cron duration business-data vco-values workflow template)
fi
OUT=${OUT:-/tmp/taskforge-fuzz-parsers}
HARNESS=$OUT/harness
export PATH="$PATH:$HOME/.dotnet/tools"
if [[ $MODE == afl ]] && ! { command -v afl-fuzz >/dev/null && command -v sharpfuzz >/dev/null; }; then
  echo "afl-fuzz or sharpfuzz missing (bench/install-fuzzers.sh installs them); falling back to CsCheck-mutated inputs" >&2
  MODE=random
fi

rm -rf "$HARNESS"
dotnet publish bench/Taskforge.Fuzz.Parsers -c Release -o "$HARNESS" --nologo -v quiet
if [[ $MODE == random ]]; then
  status=0
  for target in "${TARGETS[@]}"; do
    dotnet "$HARNESS/Taskforge.Fuzz.Parsers.dll" "$target" --random $((MINUTES * 60)) || status=1
  done
  exit $status
fi

# Only our own code is instrumented: coverage of the runtime and of the libraries would drown the parsers' paths.
for dll in Taskforge.Engine.dll Taskforge.Server.dll; do
  sharpfuzz "$HARNESS/$dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
for target in "${TARGETS[@]}"; do
  mkdir -p "$OUT/$target"
  echo "== $target: afl-fuzz for $MINUTES min"
  # -t: a .NET start plus one input; an input slower than 10 s is a hang worth keeping. -m none: the runtime reserves a lot.
  afl-fuzz -V $((MINUTES * 60)) -t 10000 -m none -i "bench/Taskforge.Fuzz.Parsers/seeds/$target" -o "$OUT/$target" \
    -- dotnet "$HARNESS/Taskforge.Fuzz.Parsers.dll" "$target" > "$OUT/$target/afl.log" 2>&1 || true
  stats=$OUT/$target/default/fuzzer_stats
  if [[ -f $stats ]]; then
    awk -F' *: ' -v t="$target" '$1 ~ /^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|run_time)$/ {s = s " " $1 "=" $2} END {print t ":" s}' "$stats"
  else
    echo "$target: afl-fuzz did not start; see $OUT/$target/afl.log"; tail -5 "$OUT/$target/afl.log"
  fi
done
