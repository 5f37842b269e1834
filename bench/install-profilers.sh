#!/usr/bin/env bash
# Installs the profilers the performance notes in docs/benchmarks.md were taken with: dotnet-trace (CPU samples,
# top frames) and dotnet-counters (GC, thread pool, lock contention). Global .NET tools from NuGet, pinned so that
# profiles taken on different days come from the same tool. Usage: bench/install-profilers.sh
set -euo pipefail
TRACE_VERSION=${TRACE_VERSION:-10.0.750501}
COUNTERS_VERSION=${COUNTERS_VERSION:-10.0.750501}
install() {
  if dotnet tool list -g | awk '{print $1" "$2}' | grep -qx "$1 $2"; then return; fi
  dotnet tool update -g "$1" --version "$2" >/dev/null || dotnet tool install -g "$1" --version "$2"
}
install dotnet-trace "$TRACE_VERSION"
install dotnet-counters "$COUNTERS_VERSION"
echo "installed; tools are in \$HOME/.dotnet/tools (add it to PATH)"
