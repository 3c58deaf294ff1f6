#!/bin/sh
# A student's server, started by the hub as the student (Spawner.cmd; installed as $COURSE_HOME/bin/lr-course-singleuser).
# First the course: nbgitpuller clones the hub's course repository into ~/$COURSE_HUB_FOLDER on the first start, and on
# every later start merges the teacher's updates the nbgitpuller way: new files arrive, files the student changed keep
# the student's changes, files the student deleted come back. A failed pull never keeps a student out of their server.
set -u
cd "$HOME" || exit 1
if ! gitpuller "$COURSE_HUB_REPO" main "$COURSE_HUB_FOLDER" >"$HOME/.lr-course-pull.log" 2>&1; then
  echo "lr-course: could not bring the course up to date, see ~/.lr-course-pull.log:" >&2
  tail -n 5 "$HOME/.lr-course-pull.log" >&2
fi
# Where nbgrader's Assignments tab fetches assignments to (hub/nbgrader_config.py): inside the course, so that the graded
# notebooks find its lib/; the tab needs the folder to exist.
mkdir -p "$HOME/$COURSE_HUB_FOLDER/assignments"
exec jupyterhub-singleuser "$@"
