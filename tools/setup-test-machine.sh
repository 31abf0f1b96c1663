#!/usr/bin/env bash
# Make this machine able to run `make test`: Debian's Chromium (browser tests), the CJK fonts
# (Chinese pages and PDFs), LibreOffice without a GUI and poppler (documents rendered to PDF, PNG and
# text by the document tests), and a running
# PostgreSQL for the PostgreSQL half of the suite.
#
#   tools/setup-test-machine.sh [PG_URL]       (called by `make test`; PG_URL as in the Makefile)
#
# As root it installs what is missing (apt-get update once, then one apt-get install) and starts an
# installed PostgreSQL cluster that is down; otherwise it prints the one command to run and stops
# with exit status 1. It never changes PostgreSQL's configuration and never installs a server:
# PG_URL must reach one (by default postgres://postgres@127.0.0.1:5432/, trust or .pgpass auth).
# Browsers come from Debian, never from a test tool's own download.
set -euo pipefail

PG_URL="${1:-postgres://postgres@127.0.0.1:5432/zeren}"
PACKAGES=(chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils)
export DEBIAN_FRONTEND="${DEBIAN_FRONTEND:-noninteractive}"

say() { echo "zeren: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

# 1. Packages ------------------------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
  done
else
  # Not Debian: the tests only need the programs, wherever they came from.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "the tests need ${missing[*]} (Debian package names; /usr/bin/chromium, Noto CJK fonts, soffice)"
    say "this is not a Debian/Ubuntu machine: install them with its package manager, then run make test again"
    exit 1
  fi
  if ! is_root; then
    say "the tests need Debian packages that are not installed; run this once, then make test again:"
    echo "sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update
  apt-get install -y "${missing[@]}"
fi
if [ ! -x /usr/bin/chromium ]; then
  say "/usr/bin/chromium is missing after installing chromium"
  exit 1
fi

# 2. PostgreSQL ----------------------------------------------------------------------------
if ! command -v pg_isready >/dev/null 2>&1; then
  say "the PostgreSQL client tools are not installed; run: sudo apt-get install -y postgresql"
  say "(and let user postgres connect to 127.0.0.1:5432, or set PG_URL=postgres://user@host:port/db)"
  exit 1
fi
if pg_isready -q -d "$PG_URL"; then
  exit 0
fi

read -r pg_host pg_port < <(python3 - "$PG_URL" <<'EOF'
import sys
from urllib.parse import urlsplit

url = urlsplit(sys.argv[1])
print(url.hostname or "localhost", url.port or 5432)
EOF
)
case "$pg_host" in
  127.0.0.1 | localhost | ::1) ;;
  *)
    say "PostgreSQL at $pg_host:$pg_port (PG_URL) does not answer; start it there, then make test again"
    exit 1
    ;;
esac

# The cluster installed here on that port (pg_lsclusters: version, name, port, status, ...).
cluster=""
if command -v pg_lsclusters >/dev/null 2>&1; then
  cluster="$(pg_lsclusters -h | awk -v port="$pg_port" '$3 == port { print $1 " " $2; exit }')"
fi
if [ -z "$cluster" ]; then
  say "no PostgreSQL server answers on $pg_host:$pg_port and none is installed for that port;"
  say "install one (sudo apt-get install -y postgresql) or set PG_URL=postgres://user@host:port/db"
  exit 1
fi
read -r pg_version pg_name <<<"$cluster"
if ! is_root; then
  say "PostgreSQL $pg_version/$pg_name is installed but not running; run this once, then make test again:"
  echo "sudo pg_ctlcluster $pg_version $pg_name start"
  exit 1
fi
say "starting PostgreSQL $pg_version/$pg_name"
pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_name" start
for _ in $(seq 1 30); do
  pg_isready -q -d "$PG_URL" && exit 0
  sleep 1
done
say "PostgreSQL $pg_version/$pg_name did not start within 30 s (see /var/log/postgresql/)"
exit 1
