#!/usr/bin/env bash
# System packages the tests and the chart renderer need: fonts (deterministic glyphs for charts) and Debian's
# chromium (the web console's browser test). Installed only when missing, so a warm machine skips apt entirely.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need+=(fonts-dejavu-core fontconfig)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing system packages (${need[*]}) and cannot apt-get install them" >&2
  fi
fi
