#!/usr/bin/env bash
# Installs what the coverage-guided parser fuzzing (bench/fuzz-parsers.sh) needs and CI does not: afl++ from Debian and
# the SharpFuzz instrumenter (a global .NET tool from NuGet, pinned to the version of the SharpFuzz package the harness
# references). Usage: bench/install-fuzzers.sh
set -euo pipefail
SHARPFUZZ_VERSION=${SHARPFUZZ_VERSION:-2.3.0}
if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! dotnet tool list -g | awk '{print $1" "$2}' | grep -qix "sharpfuzz.commandline $SHARPFUZZ_VERSION"; then
  dotnet tool update -g SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" >/dev/null \
    || dotnet tool install -g SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION"
fi
echo "installed: $(command -v afl-fuzz); sharpfuzz is in \$HOME/.dotnet/tools (add it to PATH)"
