#!/usr/bin/env bash
# System packages and services the tests and the chart renderer need: fonts (deterministic glyphs for charts: DejaVu
# through fontconfig), Debian's chromium (the web console's browser test) and a Redis on 127.0.0.1:6379 (the
# distributed-mode and watch tests run against a real Redis, never a mock: started here when none answers). Run by `npm test` itself (the `pretest`
# script), so the README's test command is complete on a fresh Debian machine. Installs only what is missing, so a
# warm machine skips apt entirely (a few milliseconds); as root directly, otherwise through passwordless sudo.
# Exits non-zero, naming the packages, when something is missing and cannot be installed.
set -euo pipefail

# Does a Redis answer PING on 127.0.0.1:6379? (bash's /dev/tcp: no client needed). REDIS_TEST_PORT exists only to
# try this script against another port; the tests themselves use 6379.
redis_answers() {
  { exec 3<>/dev/tcp/127.0.0.1/${REDIS_TEST_PORT:-6379}; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  local reply=''
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == +PONG* ]]
}

# A Redis that keeps nothing on disk, for the tests; a daemon, so it outlives this script.
ensure_redis() {
  redis_answers && return 0
  redis-server --port "${REDIS_TEST_PORT:-6379}" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 50); do redis_answers && return 0; sleep 0.1; done
  echo "error: started redis-server but nothing answers on 127.0.0.1:${REDIS_TEST_PORT:-6379}" >&2
  return 1
}

missing() {
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  { command -v fc-match >/dev/null && fc-list 2>/dev/null | grep -qi "DejaVu Sans"; } || need+=(fonts-dejavu-core fontconfig)
  redis_answers || command -v redis-server >/dev/null || need+=(redis-server)
}
missing
if [ ${#need[@]} -eq 0 ]; then ensure_redis; exit $?; fi

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
  if [ ${#need[@]} -eq 0 ]; then ensure_redis; exit $?; fi
fi
echo "error: the tests need these system packages: ${need[*]}" >&2
echo "  install them (Debian/Ubuntu): sudo apt-get install --no-install-recommends ${need[*]}" >&2
echo "  or run this script as root: sudo bash scripts/install-system-deps.sh" >&2
exit 1
