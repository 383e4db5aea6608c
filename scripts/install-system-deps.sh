#!/usr/bin/env bash
# Debian packages the tests need: Chromium for e2e, socat for pseudo-terminal serial pairs,
# PostgreSQL for the central register's tests, udev for udevadm (the serialport lister runs it on Linux). Idempotent; needs root (or sudo).
set -euo pipefail
packages=(chromium socat postgresql udev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${packages[*]}"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
