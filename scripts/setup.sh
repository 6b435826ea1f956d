#!/usr/bin/env bash
# Installs the Debian packages XuhuiEpaper needs, only those missing, and says what it does.
#   scripts/setup.sh          packages to run the service
#   scripts/setup.sh --tests  also those the tests need (the browser, npm), and Mirador for the IIIF browser test
set -euo pipefail

# tesseract-ocr with the Chinese models (and their vertical ones) recognises scans and fonts without a Unicode map (issue 13);
# libturbojpeg0 encodes the IIIF tiles.
runtime=(poppler-utils libwebp7 libturbojpeg0 fonts-wqy-microhei fonts-noto-cjk libfontconfig1 unicode-data
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-chi-sim-vert tesseract-ocr-chi-tra-vert)
testing=(chromium nginx-light)

wanted=("${runtime[@]}")
[[ "${1:-}" == "--tests" ]] && wanted+=("${testing[@]}")

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# npm (for Mirador) often comes with a Node.js from elsewhere (NodeSource's nodejs holds it): Debian's only when none is on PATH.
if [[ "${1:-}" == "--tests" ]] && ! command -v npm >/dev/null; then
  missing+=(npm)
fi

if ((${#missing[@]} == 0)); then
  echo "setup: system packages present (${wanted[*]})"
else
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "setup: installing missing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is needed (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# Mirador (npm package, pinned by its package-lock.json) for the IIIF browser test, served locally by the test.
mirador="$(dirname "$0")/../tests/XuhuiEpaper.Viewer.Tests/mirador"
if [[ "${1:-}" == "--tests" && ! -f "$mirador/node_modules/mirador/dist/mirador.min.js" ]]; then
  echo "setup: npm ci for Mirador ($mirador)"
  (cd "$mirador" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
