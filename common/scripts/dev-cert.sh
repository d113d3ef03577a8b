#!/bin/sh
# A self-signed TLS certificate for the gateway in development: nginx/certs/tls.crt and
# tls.key, valid for 30 days for localhost, 127.0.0.1 and the names given as arguments.
#   scripts/dev-cert.sh [name ...]
# Browsers and clients warn about it (or need --cacert nginx/certs/tls.crt): in production,
# put a certificate from your CA (e.g. Let's Encrypt) in nginx/certs under the same names.
set -eu

dir="${CERTS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/nginx/certs}"
names="DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
    names="$names,DNS:$name"
done

mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -nodes \
    -days 30 -subj "/CN=${1:-localhost}" \
    -addext "subjectAltName=$names" \
    -addext "keyUsage=critical,digitalSignature" \
    -addext "extendedKeyUsage=serverAuth" \
    -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
chmod 644 "$dir/tls.crt"
echo "Wrote $dir/tls.crt and $dir/tls.key (self-signed, 30 days, $names)"
