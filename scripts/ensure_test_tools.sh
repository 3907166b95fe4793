#!/usr/bin/env bash
# Tools the suite drives for real, from Debian: Chromium for the admin's browser tests and
# wrk for the benchmark's HTTP-load smoke test. Installed when missing (needs root).
set -u
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (Debian packages) for the test suite..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; } \
        || { echo "ERROR: could not install ${missing[*]} with apt-get." >&2; exit 1; }
else
    echo "ERROR: missing ${missing[*]}; install Debian's packages of that name (needs root)." >&2
    exit 1
fi
