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
# A virtual environment cannot be moved (its scripts name their interpreter by absolute path),
# so it is built in place and marked complete at the end; an unmarked one is rebuilt.
if [ ! -f "$VENV/.ganymede-complete" ] || [ ! -x "$VENV/bin/jupyter-lab" ]; then
  log "creating the JupyterLab test environment in $VENV"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  PIP_RETRIES=0 "$VENV/bin/pip" install -q --retries 0 jupyterlab
  touch "$VENV/.ganymede-complete"
fi
log "ready: $(chromium --version 2>/dev/null | head -1); PostgreSQL $(ls /usr/lib/postgresql); JupyterLab $("$VENV/bin/jupyter-lab" --version)"
