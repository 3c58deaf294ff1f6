# nbgrader's configuration of the course (grading/ is the course directory). The teacher's guide,
# notebooks/README.md, "Grading with nbgrader", has the commands; scripts/grading.ts writes source/.
import os

c = get_config()  # noqa: F821 (defined by nbgrader when it reads this file)

c.CourseDirectory.course_id = "lr-course"

# The notebooks are TypeScript for Deno. A solution lies between `// BEGIN SOLUTION` and `// END SOLUTION`; the
# student's stub is written next to it in each graded notebook (scripts/grading.ts), so the code stub nbgrader puts
# in place of a solution is empty. Hidden tests lie between `// BEGIN HIDDEN TESTS` and `// END HIDDEN TESTS`.
c.ClearSolutions.code_stub = {"typescript": ""}
c.ClearSolutions.begin_solution_delimeter = "// BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "// END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "// BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "// END HIDDEN TESTS"

# Every run (validate, autograde) goes through the course's kernel "Deno (course)": Deno's kernel behind the relay
# (scripts/jupyter/lr_course_jupyter/relay.py), which makes a headless run lose no output.
c.Execute.kernel_name = "deno"
# Seconds a cell may take: notebook 06_comparing_optimizers's slowest cells take 10-30 s on a busy machine, so a
# student's infinite loop is stopped after 5 minutes and its cell scores 0.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 120

# A test cell a student deleted scores 0 (nbgrader's default). nbgrader can put such cells back
# (OverwriteCells.add_missing_cells), but it then starts the cell with a Python comment, "# ", hard-coded in
# nbgrader 0.9.6's overwritecells.py, which is a syntax error in TypeScript: the cell would score 0 all the same.
c.OverwriteCells.add_missing_cells = False

# The exchange between teacher and students: nbgrader's default, which the class hub creates (hub/, its setting
# COURSE_HUB_EXCHANGE); LR_COURSE_EXCHANGE or --Exchange.root=DIR points it elsewhere (a teacher without a hub, tests).
c.Exchange.root = (os.environ.get("LR_COURSE_EXCHANGE") or os.environ.get("COURSE_HUB_EXCHANGE")
                   or "/srv/nbgrader/exchange")
