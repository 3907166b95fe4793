#!/usr/bin/env bash
# The admin's browser tests drive Debian's Chromium; install it when missing (root only).
set -u
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || { echo "ERROR: could not install chromium with apt-get." >&2; exit 1; }
else
    echo "ERROR: /usr/bin/chromium is missing; install Debian's 'chromium' package (needs root)." >&2
    exit 1
fi
