"""Adds a class to the running hub: `./scripts/hub add-students NAMES [--passwords FILE] [--hub-url URL]`.

NAMES is a text file with one student's user name a line (blank lines and lines starting with # are skipped).
Every name is checked before anything is created: a valid Unix user name, not twice in the file, not already a
student of the hub, not an existing Unix account. Then the hub creates the students through its REST API (and with
them their Unix users, home 0700), and each gets a random first password, written with the names to FILE (default
NAMES.passwords, created 0600, never overwritten). If any step fails, what this run created is removed again.
The hub's admin token comes from COURSE_HUB_API_TOKEN, as the hub was started with.
"""

import argparse
import json
import os
import pwd
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.request

# The names adduser and useradd accept by default on Debian: a lower-case letter or _, then letters, digits, _ or -,
# at most 32 characters.
VALID_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


class Refused(Exception):
    """Bad input: nothing was created."""


def read_names(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise Refused(f"Cannot add students as the file of names cannot be read: current value is {path} ({e.strerror})")
    names, first_line, problems = [], {}, []
    for number, line in enumerate(lines, 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if not VALID_NAME.fullmatch(name):
            problems.append(
                f"line {number}: '{name}' is not a valid user name (a lower-case letter or _, then lower-case letters,"
                " digits, _ or -, at most 32 characters)"
            )
        elif name in first_line:
            problems.append(f"line {number}: '{name}' is a duplicate of line {first_line[name]}")
        else:
            first_line[name] = number
            names.append(name)
    if problems:
        raise Refused(f"Cannot add students from {path}, nothing was created:\n  " + "\n  ".join(problems))
    if not names:
        raise Refused(f"Cannot add students as {path} lists no names")
    return names


class Hub:
    def __init__(self, url, token):
        self.api = url.rstrip("/") + "/hub/api"
        self.token = token

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.api + path, data=data, method=method)
        request.add_header("Authorization", f"token {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            try:
                detail = json.loads(detail).get("message", detail)
            except ValueError:
                pass
            raise RuntimeError(f"the hub answered {method} {path} with {e.code}: {detail}") from None
        except urllib.error.URLError as e:
            raise RuntimeError(f"the hub at {self.api} cannot be reached ({e.reason}): is ./scripts/hub running?") from None

    def user_names(self):
        return {u["name"] for u in self.request("GET", "/users?limit=100000")}


def unix_user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def main():
    parser = argparse.ArgumentParser(prog="./scripts/hub add-students", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", help="a file with one user name a line")
    parser.add_argument("--passwords", help="where to write the first passwords (default: NAMES.passwords)")
    parser.add_argument("--hub-url", default=os.environ.get("COURSE_HUB_URL") or
                        f"http://127.0.0.1:{os.environ.get('COURSE_HUB_PORT') or 8000}",
                        help="the hub's address (default: COURSE_HUB_URL, else http://127.0.0.1:COURSE_HUB_PORT or 8000)")
    args = parser.parse_args()
    passwords_path = args.passwords or args.names + ".passwords"
    token = os.environ.get("COURSE_HUB_API_TOKEN", "")
    if not token:
        raise Refused("Cannot add students as COURSE_HUB_API_TOKEN is not set: use the token the hub was started with")

    names = read_names(args.names)
    hub = Hub(args.hub_url, token)
    in_class = hub.user_names()
    problems = [f"'{n}' is already a student of the hub" for n in names if n in in_class]
    problems += [
        f"'{n}' is already a Unix user of this machine (a student gets a new account; add existing accounts with the"
        " hub's admin page)"
        for n in names if n not in in_class and unix_user_exists(n)
    ]
    if problems:
        raise Refused(f"Cannot add students from {args.names}, nothing was created:\n  " + "\n  ".join(problems))
    try:
        passwords_file = os.open(passwords_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused(f"Cannot add students as the passwords file already exists: current value is {passwords_path}"
                      " (move it away, or give --passwords)") from None

    created = False
    try:
        # One request for the whole class: the hub checks every name, then creates each user and its Unix account.
        hub.request("POST", "/users", {"usernames": names})
        created = True
        passwords = {name: secrets.token_urlsafe(9) for name in names}
        lines = "".join(f"{name}:{password}\n" for name, password in passwords.items())
        subprocess.run(["chpasswd"], input=lines.encode(), check=True, capture_output=True)
        with os.fdopen(passwords_file, "w") as f:
            f.write("# user name:first password (the hub's login page; change it in a terminal with passwd)\n")
            f.write(lines)
    except BaseException as e:
        undo(hub, names if created else [n for n in names if unix_user_exists(n)])
        os.unlink(passwords_path)
        message = e.stderr.decode().strip() if isinstance(e, subprocess.CalledProcessError) else str(e)
        raise Refused(f"Cannot add students from {args.names}, nothing was kept: {message}") from None
    print(f"added {len(names)} students to the hub; their first passwords are in {passwords_path} (0600)")


def undo(hub, names):
    """Removes the hub users and Unix accounts of `names` that this run created."""
    for name in names:
        try:
            hub.request("DELETE", f"/users/{name}")
        except RuntimeError:
            pass
        if unix_user_exists(name):
            subprocess.run(["userdel", "--remove", name], capture_output=True)


if __name__ == "__main__":
    try:
        main()
    except Refused as e:
        print(f"[hub] error: {e}", file=sys.stderr)
        sys.exit(1)
