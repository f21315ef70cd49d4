#!/usr/bin/env bash
# The HTML report test opens reports in Debian's Chromium through playwright-core (which
# downloads no browser). Installs it when missing; without apt (or root) carries on: that test
# then skips with a message. Never fails the run.
set -u
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/tmp/resumator-ci-chromium.log 2>&1 \
      || echo "note: could not install chromium (see /tmp/resumator-ci-chromium.log); the browser test will skip"
  else
    echo "note: no /usr/bin/chromium and no apt-get as root; the browser test will skip"
  fi
fi
[ -x /usr/bin/chromium ] && /usr/bin/chromium --version 2>/dev/null || true
