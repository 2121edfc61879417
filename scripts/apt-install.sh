#!/usr/bin/env bash
# Install the Debian packages Privacyregie needs, only those that are missing.
# Runs apt-get as root (or via sudo); without either it says what to install.
set -euo pipefail
optional=0
if [ "${1:-}" = "--optional" ]; then optional=1; shift; fi
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Please install these Debian packages: ${missing[*]}" >&2
  if [ $optional -eq 1 ]; then echo "(continuing: PDF export and the landscape picture need them)" >&2; exit 0; fi
  exit 1; fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
