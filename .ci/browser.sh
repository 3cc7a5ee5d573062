#!/usr/bin/env bash
# Chromium for the browser tests (test/browser/): Debian's package, never a downloaded browser.
# playwright-core drives it at /usr/bin/chromium. Idempotent; needs root (CI runs as root).
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
[ -x /usr/bin/chromium ] || { echo "browser.sh: /usr/bin/chromium is still missing" >&2; exit 1; }
echo "chromium ready: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
