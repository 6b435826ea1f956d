#!/usr/bin/env bash
# Installs what is missing, builds, ingests the sample issue into the data folder (once) and serves it.
#   scripts/serve.sh [--urls http://127.0.0.1:5080]
# Environment: Epaper__DataDir (default ./data), Epaper__AdminToken (default: generated, kept in the data folder).
set -euo pipefail
cd "$(dirname "$0")/.."

urls="http://127.0.0.1:5080"
if [[ "${1:-}" == "--urls" && -n "${2:-}" ]]; then urls="$2"; fi

bash scripts/setup.sh

# Published ReadyToRun (code compiled ahead of time, PdfPig included): a one-shot `epaper ingest` then spends about
# 1.5 s less CPU compiling code just in time. Where the ReadyToRun compiler is not to be had, a plain publish does.
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) rid="" ;;
esac
out=artifacts/epaper
echo "serve: publishing to $out (Release${rid:+, ReadyToRun for $rid})"
if [[ -z "$rid" ]] || ! dotnet publish src/XuhuiEpaper.Web/XuhuiEpaper.Web.csproj -c Release -r "$rid" --self-contained false \
      -p:PublishReadyToRun=true -o "$out" -v quiet -nologo; then
  [[ -n "$rid" ]] && echo "serve: ReadyToRun publish failed; publishing without it"
  dotnet publish src/XuhuiEpaper.Web/XuhuiEpaper.Web.csproj -c Release -o "$out" -v quiet -nologo
fi
epaper=(dotnet "$out/epaper.dll")

export Epaper__DataDir="${Epaper__DataDir:-$PWD/data}"
mkdir -p "$Epaper__DataDir"
if [[ -z "${Epaper__AdminToken:-}" ]]; then
  token_file="$Epaper__DataDir/admin-token"
  if [[ ! -s "$token_file" ]]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$token_file")
  fi
  Epaper__AdminToken="$(cat "$token_file")"
  export Epaper__AdminToken
fi

# Ingest is idempotent: the same file (by SHA-256) is the same issue, so a second run is quick.
"${epaper[@]}" ingest samples/xuhuibao-2021-12-13.pdf

echo
base="${urls%%;*}"
echo "  Open the viewer:  $base/"
echo "  Kiosk:            $base/kiosk"
echo "  Archivists:       $base/admin   (admin token: $Epaper__AdminToken)"
echo "  API:              $base/api/issues/latest   (OpenAPI: $base/openapi/v1.json)"
echo "  Data folder:      $Epaper__DataDir"
echo
exec "${epaper[@]}" serve --urls "$urls"
