# A JupyterHub config fragment: the classroom service (course_utils/classroom), its roles and its group.
# Load it as it is: drop it into /opt/tljh/config/jupyterhub_config.d/ on The Littlest JupyterHub, or call
# load_subconfig("deploy/hub/classroom_config.py") from a jupyterhub_config.py. tests/test_classroom.py
# starts a real hub with this same file.
#
# Settings, read from the hub's environment when it starts (defaults in brackets):
#   COURSE_CLASSROOM_DB          the SQLite file of events, outside every learner's home
#                                [/srv/classroom/classroom.sqlite; its folder is created readable by the hub only]
#   COURSE_CLASSROOM_PORT        the port the service listens on, on 127.0.0.1 [10101]
#   COURSE_CLASSROOM_KERNEL_URL  the service's URL as learners' kernels reach it
#                                [http://127.0.0.1:PORT/services/classroom/, the service itself: kernels run here]
#   COURSE_CLASSROOM_INSTRUCTORS comma-separated hub users to put in the instructors group [none]
#   COURSE_CLASSROOM_GROUP       the instructors group's name [instructors]
#   COURSE_CLASSROOM_PYTHON      a Python with the course and jupyterhub installed (`pip install
#                                'ds-vs-mle-course[classroom]'`) [the hub's own if it has the course,
#                                else TLJH's user environment, /opt/tljh/user/bin/python]
import importlib.util
import os
import sys

import jupyterhub

c = get_config()  # noqa: F821 -- JupyterHub defines get_config when it loads a config file

NAME = "classroom"
ACCESS = f"access:services!service={NAME}"
DB = os.environ.get("COURSE_CLASSROOM_DB", "/srv/classroom/classroom.sqlite")
PORT = int(os.environ.get("COURSE_CLASSROOM_PORT", "10101"))
GROUP = os.environ.get("COURSE_CLASSROOM_GROUP", "instructors")
INSTRUCTORS = [name.strip() for name in os.environ.get("COURSE_CLASSROOM_INSTRUCTORS", "").split(",") if name.strip()]
TLJH_USER_PYTHON = "/opt/tljh/user/bin/python"
PYTHON = os.environ.get("COURSE_CLASSROOM_PYTHON") or (
    sys.executable if importlib.util.find_spec("course_tools") else TLJH_USER_PYTHON)
SERVICE_URL = f"http://127.0.0.1:{PORT}"
KERNEL_URL = os.environ.get("COURSE_CLASSROOM_KERNEL_URL", f"{SERVICE_URL}/services/{NAME}/")

# The hub starts the service, gives it its token and OAuth client, and proxies /services/classroom/ to it.
# A managed service does not inherit the hub's environment, so its settings go on its command line.
c.JupyterHub.services.append({
    "name": NAME,
    "url": SERVICE_URL,
    "command": [PYTHON, "-m", "course_tools.cli", NAME, "--db", DB, "--instructors-group", GROUP],
    "oauth_no_confirm": True,
})


# A config file loaded with load_subconfig (as TLJH loads jupyterhub_config.d/) starts from an empty config
# that is merged into the hub's afterwards, so everything here is added (append, update, add), never
# assigned: an assignment would replace what earlier files set.
#
# A kernel's token (the server role) may call the service, and nothing more than before: not `inherit`,
# which would hand kernels every permission of their user. JupyterHub refuses to start if another file
# defines the server role too: then add ACCESS to that definition instead.
c.JupyterHub.load_roles.append({"name": "server", "scopes": ["users:activity!user", "access:servers!server", ACCESS]})
# Users may open the page in a browser. JupyterHub 6 adds scopes to the user role without redefining it.
if jupyterhub.version_info >= (6,):
    c.JupyterHub.extra_user_scopes.add(ACCESS)
else:
    c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", ACCESS]})

# Without COURSE_CLASSROOM_INSTRUCTORS, create the group and add its members on the hub's admin page.
if INSTRUCTORS:
    c.JupyterHub.load_groups.update({GROUP: {"users": INSTRUCTORS}})

c.Spawner.environment.update({"COURSE_CLASSROOM_URL": KERNEL_URL})
