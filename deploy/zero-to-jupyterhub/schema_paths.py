"""Prints every key path Zero to JupyterHub's values schema allows, with its types, as JSON.

tests/binder_test.ts checks config.yaml against it, so a misspelled or removed key fails a test here
instead of `helm upgrade` in a teacher's cluster. The schema is the chart's own file, kept out of this
repository: check out the chart version deploy/README.md installs and point the test at it:

    git clone https://github.com/jupyterhub/zero-to-jupyterhub-k8s && git -C zero-to-jupyterhub-k8s checkout 4.4.0
    LR_COURSE_Z2JH_SCHEMA=$PWD/zero-to-jupyterhub-k8s/jupyterhub/values.schema.yaml deno test -A tests/binder_test.ts

Each entry is {"path": [...], "types": [...], "open": bool}: a path segment is a key, or /regex/ for the
schema's patternProperties ("*" for any key); "open" means any key below it is allowed (the chart passes
it through, as hub.config to JupyterHub's own configuration, which the schema does not check).
Needs PyYAML (the course's Jupyter environment has it).
"""

import json
import sys

import yaml


def walk(node, path, out):
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    properties = node.get("properties", {})
    patterns = node.get("patternProperties", {})
    additional = node.get("additionalProperties")
    is_open = additional is True or (
        "object" in types and not properties and not patterns and additional is not False
    )
    out.append({"path": path, "types": types, "open": is_open})
    for key, child in properties.items():
        walk(child, path + [key], out)
    for pattern, child in patterns.items():
        walk(child, path + [f"/{pattern}/"], out)
    if isinstance(additional, dict):
        walk(additional, path + ["*"], out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: schema_paths.py VALUES_SCHEMA_YAML")
    with open(sys.argv[1]) as f:
        schema = yaml.safe_load(f)
    out = []
    walk(schema, [], out)
    json.dump({"paths": out[1:]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
