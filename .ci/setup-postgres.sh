#!/usr/bin/env bash
# PostgreSQL server binaries and pgvector for the store tests (test/support/pg-server.ts starts
# its own throw-away server from these binaries; no system cluster is used or needed).
#
# - no server installed: apt-get install the distribution's `postgresql` (Debian 12: 15);
# - pgvector absent (no vector.control in `pg_config --sharedir`/extension): build the vendored
#   source release (../shared/vendor) with `make && make install` against
#   postgresql-server-dev-<installed major>, installed by apt when its headers are missing.
#
# Uses root, or sudo when it works without a password. Never fails the CI run: when something
# cannot be installed (no apt, no root, no network) it says so and exits 0, and the tests that
# need PostgreSQL or pgvector skip with a message.
set -uo pipefail
cd "$(dirname "$0")/.."
TARBALL=${PGVECTOR_TARBALL:-../shared/vendor/pgvector-0.8.6.tar.gz}

log() { echo "setup-postgres: $*"; }
give_up() { log "$* - the tests that need it will skip"; exit 0; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@")
  # A fresh image may have no package lists yet: update once and retry.
  as_root "${install[@]}" || { as_root apt-get update -q && as_root "${install[@]}"; }
}

# The newest installed server major, from Debian's layout /usr/lib/postgresql/<major>/bin.
server_major() {
  local dir
  for dir in /usr/lib/postgresql/*/bin/postgres; do [ -x "$dir" ] && basename "$(dirname "$(dirname "$dir")")"; done | sort -n | tail -1
}

major=$(server_major)
if [ -z "$major" ]; then
  log "no PostgreSQL server binaries found; installing the distribution's postgresql"
  apt_install postgresql || give_up "cannot install PostgreSQL (no apt, no root or sudo, or no network)"
  major=$(server_major)
  [ -n "$major" ] || give_up "postgresql installed but no server binaries under /usr/lib/postgresql"
fi
pg_config=/usr/lib/postgresql/$major/bin/pg_config
[ -x "$pg_config" ] || pg_config=$(command -v pg_config) || give_up "no pg_config for PostgreSQL $major"
extension_dir="$("$pg_config" --sharedir)/extension"
log "PostgreSQL $major ($("$pg_config" --version)), extensions in $extension_dir"

if [ -f "$extension_dir/vector.control" ]; then
  log "pgvector already installed ($(grep default_version "$extension_dir/vector.control"))"
  exit 0
fi
[ -f "$TARBALL" ] || give_up "pgvector is not installed and $TARBALL is absent"
if [ ! -f "$("$pg_config" --includedir-server)/postgres.h" ]; then
  log "installing postgresql-server-dev-$major to build pgvector"
  apt_install "postgresql-server-dev-$major" make gcc libc6-dev || give_up "cannot install postgresql-server-dev-$major"
  # The headers package may have upgraded the server's minor version; the paths are the same.
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
tar -xzf "$TARBALL" -C "$build" --strip-components=1 || give_up "cannot unpack $TARBALL"
log "building pgvector from $TARBALL"
# -march=native (pgvector's default) is right here: the build runs where the tests run.
make -s -C "$build" PG_CONFIG="$pg_config" -j"$(nproc)" >"$build/make.log" 2>&1 || { tail -20 "$build/make.log"; give_up "pgvector failed to build"; }
as_root make -s -C "$build" PG_CONFIG="$pg_config" install >>"$build/make.log" 2>&1 || { tail -20 "$build/make.log"; give_up "pgvector failed to install (needs root or sudo)"; }
[ -f "$extension_dir/vector.control" ] || give_up "pgvector installed but $extension_dir/vector.control is missing"
log "pgvector installed into $extension_dir"
