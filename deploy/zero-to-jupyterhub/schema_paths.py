"""Writes schema_paths.json: every key path Zero to JupyterHub's values schema allows, with its types.

tests/binder_test.ts checks config.yaml against it, so a misspelled or removed key fails a test here
instead of `helm upgrade` in a teacher's cluster. Run it on the chart's schema of the version the
README's helm command installs:

    git clone https://github.com/jupyterhub/zero-to-jupyterhub-k8s && git -C zero-to-jupyterhub-k8s checkout 4.4.0
    python3 schema_paths.py zero-to-jupyterhub-k8s/jupyterhub/values.schema.yaml 4.4.0 > schema_paths.json

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
    if len(sys.argv) != 3:
        sys.exit("usage: schema_paths.py VALUES_SCHEMA_YAML CHART_VERSION > schema_paths.json")
    with open(sys.argv[1]) as f:
        schema = yaml.safe_load(f)
    out = []
    walk(schema, [], out)
    json.dump({"chart": f"jupyterhub {sys.argv[2]}", "paths": out[1:]}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
