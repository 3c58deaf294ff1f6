# shellcheck shell=bash
# Installs what the course needs, once; sourced by scripts/course and scripts/test.
# Every step checks first, so a second run changes nothing and takes a second.
set -euo pipefail

COURSE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DENO_VERSION=$(cat "$COURSE_ROOT/scripts/deno-version")
# A stable place outside the clone: the Jupyter kernelspec records this path,
# so it must survive moving or deleting the clone.
COURSE_HOME=${COURSE_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/lr-course}
DENO_PREFIX="$COURSE_HOME/deno-$DENO_VERSION"
# Debian's python3, which the apt packages install into (a pyenv python3 on PATH lacks them).
SYSTEM_PYTHON=${SYSTEM_PYTHON:-/usr/bin/python3}

say() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

is_debian_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    say "apt-get update"
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_deno_binary() {
  local candidate
  for candidate in "$DENO_PREFIX"/node_modules/@deno/linux-*/deno "$DENO_PREFIX"/node_modules/@deno/darwin-*/deno "$DENO_PREFIX/node_modules/deno/deno"; do
    if [ -x "$candidate" ] && [ -f "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_deno() {
  if DENO=$(find_deno_binary) && "$DENO" --version 2>/dev/null | grep -q "^deno $DENO_VERSION "; then
    export DENO
    return 0
  fi
  command -v npm >/dev/null 2>&1 || die "npm is needed to install Deno $DENO_VERSION (npm install deno). Install Node.js and npm first, e.g. 'apt-get install nodejs npm'."
  say "installing Deno $DENO_VERSION from the npm registry into $DENO_PREFIX"
  mkdir -p "$DENO_PREFIX"
  npm install --prefix "$DENO_PREFIX" --no-audit --no-fund --loglevel=error "deno@$DENO_VERSION" >/dev/null
  DENO=$(find_deno_binary) || die "npm installed the package deno@$DENO_VERSION but no deno binary was found under $DENO_PREFIX/node_modules"
  "$DENO" --version >/dev/null || die "the Deno binary at $DENO does not run on this machine"
  export DENO
}

jupyter_ready() {
  command -v jupyter >/dev/null 2>&1 &&
    jupyter notebook --version >/dev/null 2>&1 &&
    jupyter nbconvert --version >/dev/null 2>&1 &&
    "$SYSTEM_PYTHON" -c 'import jupyter_client, nbformat' >/dev/null 2>&1
}

ensure_jupyter() {
  jupyter_ready && return 0
  if is_debian_root; then
    apt_install jupyter-notebook jupyter-nbconvert python3-nbclient python3-jupyter-client
    jupyter_ready || die "apt installed Jupyter, but 'jupyter notebook', 'jupyter nbconvert' or '$SYSTEM_PYTHON -c \"import jupyter_client\"' still fails"
  else
    die "Jupyter is missing. On Debian/Ubuntu run: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-jupyter-client
  (or with pip: pip install notebook nbconvert jupyter_client, then set SYSTEM_PYTHON to that python)."
  fi
}

ensure_kernel() {
  local spec_dir spec
  spec_dir=$(jupyter --data-dir)/kernels/deno
  spec="$spec_dir/kernel.json"
  if [ -f "$spec" ] && grep -qF "\"$DENO\"" "$spec"; then
    return 0
  fi
  say "installing the Deno Jupyter kernel (kernelspec in $spec_dir, pointing at $DENO)"
  "$DENO" jupyter --install --force >/dev/null 2>&1 || "$DENO" jupyter --install >/dev/null
  grep -qF "\"$DENO\"" "$spec" || die "deno jupyter --install did not write a kernelspec pointing at $DENO into $spec"
}

ensure_chromium() {
  CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
  if [ -n "$CHROMIUM" ] && "$CHROMIUM" --version >/dev/null 2>&1; then
    export CHROMIUM
    return 0
  fi
  if is_debian_root; then
    apt_install chromium fonts-dejavu-core
    CHROMIUM=$(command -v chromium) || die "apt installed chromium but it is not on PATH"
    export CHROMIUM
  else
    die "Chromium is needed for the browser tests. On Debian run: sudo apt-get install chromium (or set CHROMIUM to a Chromium binary)."
  fi
}

# Downloads the npm packages the course imports (plotly.js-dist-min, playwright-core)
# into Deno's cache, so opening a notebook needs no network.
ensure_deno_cache() {
  (cd "$COURSE_ROOT" && "$DENO" install --quiet >/dev/null) || die "deno install failed: the npm packages in deno.json could not be cached"
}
