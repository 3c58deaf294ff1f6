# The class's JupyterHub: one file, read by `./scripts/hub` (jupyterhub -f hub/jupyterhub_config.py).
#
# Every setting a teacher changes is in the first block, with its default; each can also be set from the environment
# variable of the same name (so tests and scripts need not edit this file). Below that block is how the hub is built:
# students are Unix users who log in with their Unix password (PAM), each student's JupyterLab runs as that student
# (LocalProcessSpawner), the course reaches each home by nbgitpuller, idle servers are stopped by
# jupyterhub-idle-culler, and an admin token for scripts can come from COURSE_HUB_API_TOKEN.
import glob
import os
import sys

c = get_config()  # noqa: F821 (defined by JupyterHub when it reads this file)


def setting(name, default):
    """A teacher's setting: the environment variable `name`, else `default`."""
    return os.environ.get(name) or default


# ---------------------------------------------------------------------------------------------------------------
# What a teacher changes
# ---------------------------------------------------------------------------------------------------------------
# The teacher's Unix user name: the hub's admin (sees every student, starts and stops their servers).
teacher = setting("COURSE_HUB_TEACHER", "teacher")
# Where students reach the hub: all addresses, port 8000 (`./scripts/hub --port N` also works).
public_ip = setting("COURSE_HUB_IP", "")
public_port = int(setting("COURSE_HUB_PORT", "8000"))
# Ports on 127.0.0.1 only: the hub's own API and the proxy's API (students never reach either directly).
hub_port = int(setting("COURSE_HUB_HUB_PORT", "8081"))
proxy_api_port = int(setting("COURSE_HUB_PROXY_API_PORT", "8001"))
# HTTPS with the hub's own certificate: paths to a PEM key and certificate (empty: plain HTTP, for a hub behind a
# reverse proxy that does HTTPS, or on a trusted network only; see README, "Teach a class").
ssl_key = setting("COURSE_HUB_SSL_KEY", "")
ssl_cert = setting("COURSE_HUB_SSL_CERT", "")
# A student's server that has been idle this many seconds (no kernel busy, no browser tab talking to it) is stopped by
# the idle culler; their files stay. The culler looks every `cull_every` seconds.
idle_timeout = int(setting("COURSE_HUB_IDLE_TIMEOUT", "3600"))
cull_every = int(setting("COURSE_HUB_CULL_EVERY", "300"))
# The ceiling of each Deno kernel's JavaScript heap, in MB (V8's --max-old-space-size): a cell that builds something
# larger fails with "out of memory" in that student's kernel alone. LocalProcessSpawner cannot enforce a limit on a
# student's whole server (Spawner.mem_limit is only advice to it); see README, "Sizing".
kernel_heap_mb = int(setting("COURSE_HUB_KERNEL_HEAP_MB", "1024"))
# More V8 flags for the students' Deno kernels (space-separated), e.g. to trade speed for memory; none by default.
# The relay puts its own (--max-semi-space-size=1, relay.py's KERNEL_V8_FLAGS) before these, so these win.
kernel_v8_flags = setting("COURSE_HUB_DENO_V8_FLAGS", "")
# At most this many servers starting at once (more wait and retry), and how long a start may take, in seconds.
concurrent_spawn_limit = int(setting("COURSE_HUB_CONCURRENT_SPAWN_LIMIT", "20"))
start_timeout = int(setting("COURSE_HUB_START_TIMEOUT", "180"))
# Where everything is installed; where the hub keeps its state (database, cookie secret, proxy token: root only); the
# git repository of the course students receive (`./scripts/hub update-notebooks` adds to it).
course_home = setting("COURSE_HOME", "/opt/lr-course")
state_dir = setting("COURSE_HUB_STATE", f"{course_home}/hub")
repo_dir = setting("COURSE_HUB_REPO_DIR", f"{course_home}/course.git")
# The folder in each student's home the course is copied into, and the notebook the hub opens first.
course_folder = setting("COURSE_HUB_FOLDER", "lr-course")
first_notebook = setting("COURSE_HUB_FIRST_NOTEBOOK", "notebooks/00_start_here.ipynb")
# nbgrader's exchange directory, where the teacher releases assignments and students submit them (hub/
# nbgrader_config.py; the teacher's guide, "Grading with nbgrader"). ./scripts/hub creates it.
exchange = setting("COURSE_HUB_EXCHANGE", "/srv/nbgrader/exchange")
# An admin token for scripts (`./scripts/hub add-students`, tests), as the service 'course-admin'. Empty: none.
api_token = setting("COURSE_HUB_API_TOKEN", "")

# ---------------------------------------------------------------------------------------------------------------
# How the hub is built (change with care)
# ---------------------------------------------------------------------------------------------------------------
venv = f"{course_home}/venv"
deno_version = open(os.path.join(os.path.dirname(__file__), "..", "scripts", "deno-version")).read().strip()
# Where npm put the binary of the deno package (scripts/setup.sh, ensure_deno).
deno_bin_dir = os.path.dirname(glob.glob(f"{course_home}/deno-{deno_version}/node_modules/@deno/*/deno")[0])

# Public port on every address (or COURSE_HUB_IP); the hub's API on loopback.
c.JupyterHub.ip = public_ip
c.JupyterHub.port = public_port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hub_port
if ssl_key or ssl_cert:
    c.JupyterHub.ssl_key = ssl_key
    c.JupyterHub.ssl_cert = ssl_cert

# State: root-only files. JupyterHub writes the cookie secret 0600 and refuses one that others can read.
c.JupyterHub.db_url = f"sqlite:///{state_dir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state_dir}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = f"{state_dir}/jupyterhub.pid"

# The proxy (configurable-http-proxy from npm, hub/package.json): its API on loopback, with a token that
# scripts/hub keeps in a 0600 file, so that the proxy outlives a restart of the hub and students' open
# connections to their servers survive it (cleanup_proxy = False); the restarted hub finds it by its pid file.
c.ConfigurableHTTPProxy.command = [f"{course_home}/proxy/node_modules/.bin/configurable-http-proxy"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = f"{state_dir}/proxy.pid"
with open(f"{state_dir}/proxy_auth_token") as f:
    c.ConfigurableHTTPProxy.auth_token = f.read().strip()
c.JupyterHub.cleanup_proxy = False
# Students' servers keep running while the hub restarts; the hub finds them again in its database.
c.JupyterHub.cleanup_servers = False

# The teacher is the hub's admin (the role 'admin', below) and may log in.
# Students: Unix users with their Unix password (PAM). `./scripts/hub add-students` adds them through the REST API,
# which creates the Unix users (adduser: home 0700) and sets their first passwords. Only users the hub knows may
# log in (allow_existing_users): another Unix account with a password cannot.
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.create_system_users = True
c.Authenticator.allow_existing_users = True
c.Authenticator.allowed_users = {teacher}

# Each student's server runs as that student, on 127.0.0.1, in their home.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{course_folder}/{first_notebook}"
# The start script (hub/singleuser.sh, installed read-only beside the environment) pulls the course into the home
# with nbgitpuller, then starts jupyterhub-singleuser (JupyterLab 4).
c.Spawner.cmd = [f"{course_home}/bin/lr-course-singleuser"]
c.Spawner.environment = {
    "PATH": f"{venv}/bin:{deno_bin_dir}:/usr/local/bin:/usr/bin:/bin",
    "COURSE_HOME": course_home,
    "COURSE_HUB_FOLDER": course_folder,
    "COURSE_HUB_REPO": f"file://{repo_dir}",
    # git refuses a repository another user owns unless the global config calls it safe: this one does, then reads
    # the student's own ~/.gitconfig (scripts/hub writes it).
    "GIT_CONFIG_GLOBAL": f"{repo_dir}/students.gitconfig",
    # Deno reads plotly.js, the digits and esbuild from the shared cache, which students cannot write; it then
    # skips its own caches without an error (scripts/hub_env.sh).
    "DENO_DIR": f"{course_home}/deno-dir",
    "DENO_NO_UPDATE_CHECK": "1",
    # Read by hub/nbgrader_config.py: where the exchange is, and where a fetched assignment goes.
    "COURSE_HUB_EXCHANGE": exchange,
    "DENO_V8_FLAGS": ",".join([f"--max-old-space-size={kernel_heap_mb}", *kernel_v8_flags.split()]),
}
# Jupyter talks to each kernel over Unix sockets in the student's own runtime folder (~/.local/share/jupyter/runtime,
# closed to others) instead of TCP ports any user of the machine could connect to; Deno's own end is private too (the
# relay's sandbox). Together: nothing of a student's kernel is open to another student.
c.Spawner.args = ["--KernelManager.transport=ipc"]
c.Spawner.start_timeout = start_timeout
c.Spawner.http_timeout = start_timeout
c.JupyterHub.concurrent_spawn_limit = concurrent_spawn_limit

# Services: the idle culler, and the admin token for scripts.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={idle_timeout}",
                    f"--cull-every={cull_every}"],
    },
]
c.JupyterHub.load_roles = [
    {"name": "admin", "users": [teacher], "services": ["course-admin"] if api_token else []},
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
if api_token:
    c.JupyterHub.services.append({"name": "course-admin", "api_token": api_token})
