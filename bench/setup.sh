#!/usr/bin/env bash
# Prepare `make bench`: the HTTP load generator (wrk, from Debian, only when missing). The
# benchmark creates and migrates its own database (bench/__main__.py).
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk, the HTTP load generator (Debian package)..."
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } || true
    elif command -v sudo >/dev/null 2>&1; then
        sudo apt-get install -y -q wrk >/dev/null 2>&1 || true
    fi
    command -v wrk >/dev/null 2>&1 || echo "wrk could not be installed; the HTTP load row will say 'not measured'." >&2
fi
