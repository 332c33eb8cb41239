#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine: Chromium and its driver
# (browser tests), PostgreSQL (persistence tests), Debian's JupyterHub (jupyterhub-singleuser),
# wrk, and a Python virtual environment with JupyterLab (real user servers).
# Idempotent: a second run installs nothing and takes a second.
set -euo pipefail

log() { printf '[install-test-deps] %s\n' "$*" >&2; }

PACKAGES=(chromium chromium-driver postgresql jupyterhub python3-venv)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

VENV="${GANYMEDE_TEST_VENV:-$HOME/.cache/ganymede/test-venv}"
# A virtual environment cannot be moved (its scripts name their interpreter by absolute path), so
# it is built in a directory of its own and published by atomically replacing the symlink $VENV;
# a half-built environment is never visible (the tests' JupyterFixture does the same).
if ! { [ -x "$VENV/bin/jupyter-lab" ] && "$VENV/bin/python" -c 'import jupyterlab, ipykernel' 2>/dev/null; }; then
  log "creating the JupyterLab test environment in $VENV (about a minute)"
  mkdir -p "$(dirname "$VENV")"
  target="$(dirname "$VENV")/.$(basename "$VENV")-$(date +%s%N)"
  python3 -m venv "$target"
  PIP_RETRIES=0 "$target/bin/pip" install -q --retries 0 jupyterlab
  if [ -e "$VENV" ] && [ ! -L "$VENV" ]; then rm -rf "$VENV"; fi
  ln -sfn "$target" "$VENV.new.$$" && mv -Tf "$VENV.new.$$" "$VENV"
fi
# Debian's jupyterhub-singleuser (3.0) with JupyterLab 4: a venv on Debian's python3 that sees the
# system's jupyterhub module (the tests' SingleuserFixture does the same).
SU_VENV="${GANYMEDE_SINGLEUSER_VENV:-$HOME/.cache/ganymede/singleuser-venv}"
if ! { [ -x "$SU_VENV/bin/jupyter-lab" ] && "$SU_VENV/bin/python" -c 'import jupyterhub, jupyterlab' 2>/dev/null; }; then
  log "creating the jupyterhub-singleuser test environment in $SU_VENV (about a minute)"
  mkdir -p "$(dirname "$SU_VENV")"
  target="$(dirname "$SU_VENV")/.$(basename "$SU_VENV")-$(date +%s%N)"
  /usr/bin/python3 -m venv --system-site-packages "$target"
  PIP_RETRIES=0 "$target/bin/pip" install -q --retries 0 jupyterlab
  if [ -e "$SU_VENV" ] && [ ! -L "$SU_VENV" ]; then rm -rf "$SU_VENV"; fi
  ln -sfn "$target" "$SU_VENV.new.$$" && mv -Tf "$SU_VENV.new.$$" "$SU_VENV"
fi
log "ready: $(chromium --version 2>/dev/null | head -1); PostgreSQL $(ls /usr/lib/postgresql); JupyterLab $("$VENV/bin/jupyter-lab" --version)"
