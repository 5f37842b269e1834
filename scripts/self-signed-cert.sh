#!/usr/bin/env bash
# Makes a self-signed certificate for trying Taskforge over HTTPS (most vRO clients only speak HTTPS).
# Not for production: use a certificate from your own CA there.
set -euo pipefail
dir="${1:-certs}"
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 365 \
  -keyout "$dir/taskforge.key.pem" -out "$dir/taskforge.cert.pem" \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2> /dev/null
chmod 600 "$dir/taskforge.key.pem"
echo "Wrote $dir/taskforge.cert.pem and $dir/taskforge.key.pem. Start the server with:"
echo "  dotnet run --project src/Taskforge.Server -- \\"
echo "    --Kestrel:Endpoints:Https:Url=https://127.0.0.1:8443 \\"
echo "    --Kestrel:Endpoints:Https:Certificate:Path=$PWD/$dir/taskforge.cert.pem \\"
echo "    --Kestrel:Endpoints:Https:Certificate:KeyPath=$PWD/$dir/taskforge.key.pem"
