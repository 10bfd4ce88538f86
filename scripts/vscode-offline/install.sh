#!/usr/bin/env bash
# Installs a VS Code that runs offline: the VS Code server and workbench shipped by the
# `code-server` npm package, driven by Debian's Chromium. Nothing is downloaded except from
# the npm registry and Debian's packages. Idempotent: a finished install is left as it is.
#
# Usage: bash scripts/vscode-offline/install.sh   (as root for apt; ~3 minutes, ~330 MB)
# Installs into .vscode-test/code-server/ (git-ignored); override with CITEMARK_CODE_SERVER_DIR.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${CITEMARK_CODE_SERVER_DIR:-$REPO_ROOT/.vscode-test/code-server}"
MARKER="$DEST/.installed-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

log() { echo "[install-vscode-offline] $*"; }

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && { log "apt packages present"; return; }
  log "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # Another process may hold the apt lock: wait for it (DPkg::Lock::Timeout) and retry a few times.
  for attempt in 1 2 3 4 5; do
    if $sudo apt-get -o DPkg::Lock::Timeout=120 update -qq &&
       DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -qq "${missing[@]}" >/tmp/citemark-apt.log 2>&1; then
      return
    fi
    tail -20 /tmp/citemark-apt.log
    log "apt attempt $attempt failed; retrying in 10 s"; sleep 10
  done
  log "apt-get failed"; exit 1
}

install_code_server() {
  if [ -f "$MARKER" ]; then log "code-server $CODE_SERVER_VERSION present in $DEST"; return; fi
  rm -rf "$DEST"; mkdir -p "$DEST"; cd "$DEST"
  echo '{ "name": "citemark-vscode-offline", "private": true }' > package.json
  log "npm install code-server@$CODE_SERVER_VERSION"
  # --ignore-scripts: its postinstall downloads a ripgrep binary; its steps are done by hand below.
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"

  local cs="$DEST/node_modules/code-server"
  cd "$cs/lib/vscode"
  log "npm install in lib/vscode"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  for native in kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty; do
    log "node-gyp rebuild $native"
    # Node's headers come with Debian's/NodeSource's node in /usr/include/node: nothing is downloaded.
    (cd "node_modules/$native" && npx --yes node-gyp@12 rebuild >"$DEST/node-gyp.log" 2>&1) ||
      { tail -30 "$DEST/node-gyp.log"; exit 1; }
  done
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  log "npm install in lib/vscode/extensions"
  (cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  cd "$DEST"
  log "npm rebuild argon2"
  npm rebuild argon2
  touch "$MARKER"
  log "code-server installed in $DEST"
}

install_apt_packages
install_code_server
