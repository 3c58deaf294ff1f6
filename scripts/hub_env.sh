#!/usr/bin/env bash
# The students' environment of a class's hub, installed once for the whole machine and shared read-only:
# Deno, one virtual environment with JupyterLab and the course's Jupyter (scripts/requirements.txt) plus JupyterHub's
# single-user server, the idle culler and nbgitpuller (hub/requirements.txt), the kernelspec "Deno (course)" inside
# that environment (so every user's Jupyter finds it), and a Deno cache holding plotly.js, the MNIST digits and the
# esbuild that builds the playground. The same steps as scripts/course (they are scripts/setup.sh's), in one place:
#
#   scripts/hub_env.sh [PREFIX]      install into PREFIX, then print the environment a student's server needs
#   source scripts/hub_env.sh        defines hub_env_install and hub_env_exports, for other scripts
#
# PREFIX defaults to $COURSE_HOME, else /opt/lr-course for root and ~/.local/share/lr-course for anyone else (an image
# build's postBuild can run it as its own user). A second run changes nothing.
#
# Deno with a read-only cache: students' kernels use DENO_DIR=$PREFIX/deno-dir, which they cannot write. Deno then
# skips its own caches (transpiled code, analysis databases) without an error, and reads the npm packages and esbuild
# from it: checked by tests/hub_test.ts, which also checks that no student's kernel wrote there.
set -euo pipefail

hub_env_prefix() {
  if [ -n "${COURSE_HOME:-}" ]; then
    printf '%s\n' "$COURSE_HOME"
  elif [ "$(id -u)" = 0 ]; then
    printf '/opt/lr-course\n'
  else
    printf '%s\n' "${XDG_DATA_HOME:-$HOME/.local/share}/lr-course"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ -n "${1:-}" ]; then COURSE_HOME=$1; fi
COURSE_HOME=$(hub_env_prefix)
export COURSE_HOME
# Every student runs the environment's Python, so it must come from a Python every user can run: a virtual environment
# links to its base Python, and one under root's home (pyenv's, say) is closed to students. As root on a system with
# /usr/bin/python3 (Debian's), that one is the default; PYTHON chooses another.
if [ -z "${PYTHON:-}" ] && [ "$(id -u)" = 0 ] && [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; fi
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
COURSE_EXTRA_REQUIREMENTS="$COURSE_ROOT/hub/requirements.txt"
# The Deno cache every student's kernel reads (and none writes).
HUB_DENO_DIR="$COURSE_HOME/deno-dir"

hub_env_install() {
  mkdir -p "$COURSE_HOME"
  ensure_deno
  ensure_jupyter
  # Into the environment's own data folder, $VENV/share/jupyter/kernels, which its Jupyter searches for every user.
  ensure_kernel "$VENV/share/jupyter/kernels"
  # The cache is filled once per recipe (what deno.json pins, the playground's code, Deno's version): running Deno
  # as root in it again would touch its databases, and a second run should change nothing.
  local recipe
  recipe=$(cat "$COURSE_ROOT/deno.json" "$COURSE_ROOT/deno.lock" "$COURSE_ROOT"/lib/playground/*.ts <(echo "$DENO_VERSION") | cksum)
  if [ "$(cat "$HUB_DENO_DIR/.lr-course-recipe" 2>/dev/null)" != "$recipe" ]; then
    say "filling the students' Deno cache $HUB_DENO_DIR (plotly.js, the digits, esbuild for the playground)"
    DENO_DIR="$HUB_DENO_DIR" ensure_deno_cache
    printf '%s\n' "$recipe" >"$HUB_DENO_DIR/.lr-course-recipe"
  fi
  # JupyterLab without its question about fetching news from the web, for every student.
  local labconfig="$VENV/etc/jupyter/labconfig/page_config.json"
  if [ ! -f "$labconfig" ]; then
    mkdir -p "$(dirname "$labconfig")"
    printf '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}\n' >"$labconfig"
  fi
  # Readable by all, writable by the installer only (files pip or npm created with a narrower umask included).
  local part
  for part in "$DENO_PREFIX" "$VENV" "$HUB_DENO_DIR"; do
    if [ -n "$(find "$part" ! -type l \( ! -perm -a+r -o -perm /go+w \) -print -quit)" ]; then
      say "making $part readable by every user and writable by $(id -un) only"
      chmod -R a+rX,go-w "$part"
    fi
  done
  chmod a+rx "$COURSE_HOME"
  if [ "$(id -u)" = 0 ] && ! su nobody -s /bin/sh -c "'$VENV/bin/python' -c ''" 2>/dev/null; then
    die "Cannot share $VENV as its Python cannot be run by other users (its base is $(readlink -f "$VENV/bin/python")): set PYTHON to a Python every user can run, such as /usr/bin/python3, and remove $VENV"
  fi
}

# The variables a student's server needs, as shell assignments (hub/jupyterhub_config.py sets the same ones).
# JUPYTER_PATH lets another Jupyter (an image's own, say) find the kernelspec inside the environment.
hub_env_exports() {
  printf 'export COURSE_HOME=%q\n' "$COURSE_HOME"
  printf 'export DENO_DIR=%q\n' "$HUB_DENO_DIR"
  printf 'export JUPYTER_PATH=%q\n' "$VENV/share/jupyter"
  printf 'export PATH=%q\n' "$VENV/bin:$(dirname "$DENO"):\$PATH"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  hub_env_install
  hub_env_exports
fi
