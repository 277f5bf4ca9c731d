#!/usr/bin/env bash
# System packages the tests and the chart renderer need: fonts (deterministic glyphs for charts: DejaVu through
# fontconfig) and Debian's chromium (the web console's browser test). Run by `npm test` itself (the `pretest`
# script), so the README's test command is complete on a fresh Debian machine. Installs only what is missing, so a
# warm machine skips apt entirely (a few milliseconds); as root directly, otherwise through passwordless sudo.
# Exits non-zero, naming the packages, when something is missing and cannot be installed.
set -euo pipefail
missing() {
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  { command -v fc-match >/dev/null && fc-list 2>/dev/null | grep -qi "DejaVu Sans"; } || need+=(fonts-dejavu-core fontconfig)
}
missing
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  as_root=(unavailable)
fi
if [ "${as_root[0]:-}" != "unavailable" ] && command -v apt-get >/dev/null; then
  echo "installing system packages the tests need: ${need[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  missing
  [ ${#need[@]} -eq 0 ] && exit 0
fi
echo "error: the tests need these system packages: ${need[*]}" >&2
echo "  install them (Debian/Ubuntu): sudo apt-get install --no-install-recommends ${need[*]}" >&2
echo "  or run this script as root: sudo bash scripts/install-system-deps.sh" >&2
exit 1
