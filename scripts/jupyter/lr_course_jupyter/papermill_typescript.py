"""papermill parameters for TypeScript notebooks (the Deno kernel).

    papermill notebooks/01_learning_rate.ipynb out.ipynb -p lr 0.5

papermill writes the parameters it is given as a cell of the notebook's own
language, placed right after the cell tagged `parameters`; for TypeScript it
knows no such language, so this module teaches it one. Each parameter becomes
`const name = value;`, with the value as a TypeScript literal. The Deno
kernel lets a later cell declare the same `const` again, so the injected cell
overrides the notebook's parameters cell and nothing else changes.

papermill has no entry point for translators, but it imports every entry point
of the group "papermill.engine" when it starts. This module is one (engine
`deno-course`, papermill's own nbclient engine under another name), and
registers the translator for the language "typescript" when imported.
"""

import json
import math
import re

from papermill.engines import NBClientEngine
from papermill.exceptions import PapermillException
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
DECLARATION = re.compile(r"^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?);?\s*(?://\s*(.*))?$")


class TypeScriptTranslator(Translator):
    """Python values as TypeScript literals; parameters as `const` declarations."""

    @classmethod
    def translate_str(cls, val):
        return json.dumps(val, ensure_ascii=False)

    @classmethod
    def translate_none(cls, val):
        return "null"

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "NaN"
        if math.isinf(val):
            return "Infinity" if val > 0 else "-Infinity"
        return repr(val)

    @classmethod
    def translate_dict(cls, val):
        return "{ " + ", ".join(f"{json.dumps(str(k))}: {cls.translate(v)}" for k, v in val.items()) + " }"

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        if not IDENTIFIER.match(name):
            raise PapermillException(
                f"Cannot inject the parameter as its name must be a TypeScript identifier: current value is {name!r}"
            )
        return f"const {name} = {str_val};"

    @classmethod
    def inspect(cls, parameters_cell):
        """The `const`/`let` declarations of the parameters cell, one per line, with their trailing comments."""
        found = []
        for line in parameters_cell.source.splitlines():
            match = DECLARATION.match(line)
            if match:
                name, annotation, default, help_text = match.groups()
                found.append(Parameter(name=name, inferred_type_name=(annotation or "None").strip(),
                                       default=default.strip(), help=(help_text or "").strip()))
        return found


class TypeScriptEngine(NBClientEngine):
    """papermill's nbclient engine; exists so that papermill imports this module (see the module's docstring)."""


papermill_translators.register("typescript", TypeScriptTranslator)
