#!/usr/bin/env bash
# Builds the deployable package: a self-contained server (the .NET runtime included, so the target machine needs no
# .NET), the systemd unit and the sample settings, as one tarball (docs/deploy.md):
#
#   taskforge-<version>-<rid>.tar.gz
#     taskforge/bin/Taskforge.Server   the server and its command line (samples/ and appsettings.json beside it)
#     taskforge/taskforge.service      the systemd unit (installs the tree at /opt/taskforge)
#     taskforge/taskforge.env          sample settings for /etc/taskforge/taskforge.env
#
# Usage: deploy/publish.sh [output-directory] [runtime-identifier]   (defaults: ./artifacts, linux-x64)
# Prints the tarball's path as its last line.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$repo/artifacts}" && cd "${1:-$repo/artifacts}" && pwd)"
rid="${2:-linux-x64}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props")"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Release, self-contained, one folder (no single-file: the samples and settings stay files an operator can read).
dotnet publish "$repo/src/Taskforge.Server" -c Release -r "$rid" --self-contained true \
  -p:DebugType=None -p:GenerateDocumentationFile=false -o "$stage/taskforge/bin" --nologo -v quiet >&2
cp "$repo/deploy/taskforge.service" "$repo/deploy/taskforge.env" "$stage/taskforge/"

tarball="$out/taskforge-$version-$rid.tar.gz"
tar -C "$stage" -czf "$tarball" taskforge
echo "$tarball"
