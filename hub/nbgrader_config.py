# nbgrader's machine-wide configuration on the class hub: installed by ./scripts/hub as $COURSE_HOME/venv/etc/jupyter/
# nbgrader_config.py, where every nbgrader of the hub's environment reads it (students' JupyterLab "Assignments" tab,
# the teacher's commands). The teacher's course directory adds its own grading/nbgrader_config.py on top.
import os

c = get_config()  # noqa: F821 (defined by nbgrader when it reads this file)

c.CourseDirectory.course_id = "lr-course"
# The exchange: created by ./scripts/hub (world-writable with the sticky bit, as nbgrader requires); its path comes from
# the hub's setting COURSE_HUB_EXCHANGE, which the hub passes to every student's server.
c.Exchange.root = os.environ.get("COURSE_HUB_EXCHANGE", "/srv/nbgrader/exchange")
# A student fetches an assignment into their copy of the course (~/lr-course/assignments/<notebook>/), where the
# graded notebooks' import of "@lr-course/lib" finds the course's deno.json, and so the course's lib/.
c.Exchange.assignment_dir = os.path.join(os.path.expanduser("~"), os.environ.get("COURSE_HUB_FOLDER", "lr-course"),
                                         "assignments")
