"""The API reference (docs/api/*.md) covers every public module and name, and
every public name has a docstring the reference can show: a summary, Args (when
it takes arguments), Returns (functions; classes may omit it, and a check
that returns nothing documents Raises) and an Example.

That the built site holds an entry for each name is checked by the docs build
itself (scripts/docs.py, the matrix's "site" column)."""

import ast
import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest

from tests._public import public_modules

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "docs" / "api"
SECTION = re.compile(r"^(Args|Arguments|Attributes|Returns|Yields|Raises|Example|Examples):\s*$",
                     re.M)


def _hooks():
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "scripts" / "docs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def public_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items() if not n.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
    return [n for n in names if not inspect.ismodule(getattr(module, n))]


def documented_modules():
    """Modules a page renders: its `::: name` lines and `<!-- submodules of -->` markers."""
    hooks, found = _hooks(), set()
    for page in API.glob("*.md"):
        text = page.read_text()
        found |= set(re.findall(r"^::: ([\w.]+)\s*$", text, re.M))
        for package in hooks.SUBMODULES.findall(text):
            found |= {f"{package}.{name}" for name in hooks.submodules(package)}
    return found


NAMES = [(m.__name__, n) for m in public_modules() for n in public_names(m)]


def test_every_public_module_has_its_reference_page():
    missing = {m.__name__ for m in public_modules()} - documented_modules()
    assert not missing, f"no docs/api page renders {sorted(missing)}"


def test_every_page_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text()
    assert not [p.name for p in API.glob("*.md") if f"api/{p.name}" not in nav]


def test_the_reference_lists_many_names():
    assert len(NAMES) > 150  # a public module lost from the walk would show here


def attribute_docstring(module, name):
    """The string literal written after `name = ...` in the module's source."""
    body = ast.parse(inspect.getsource(module)).body
    for node, after in zip(body, body[1:]):
        if (isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)):
            return inspect.cleandoc(after.value.value)
    return ""


def documented_args(doc):
    """The argument names listed under `Args:` (`name:` at the first indent)."""
    block = re.split(r"^(?:Args|Arguments):\s*$", doc, maxsplit=1, flags=re.M)[1]
    names = []
    for line in block.splitlines()[1:]:
        if line and not line.startswith(" "):
            break  # the next section
        match = re.match(r"^ {4}(\*{0,2}\w+)(?: \(.*?\))?:", line)
        if match:
            names.append(match.group(1).lstrip("*"))
    return names


def accepts(obj, name):
    """Whether `obj`'s signature has `name`, or passes **kwargs on (to a base class)."""
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return True
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def takes_arguments(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    return any(p.name not in ("self", "cls") for p in sig.parameters.values())


@pytest.mark.parametrize("module_name,name", NAMES, ids=[f"{m}.{n}" for m, n in NAMES])
def test_docstring_has_the_reference_sections(module_name, name):
    module = importlib.import_module(module_name)
    obj = getattr(module, name)
    if callable(obj):
        doc = inspect.getdoc(obj) or ""
    else:  # a constant: the docstring after its assignment, where it is assigned
        homes = [m for key, m in sorted(sys.modules.items())
                 if key.startswith(module_name) and getattr(m, name, None) is obj]
        doc = next((d for m in homes if (d := attribute_docstring(m, name))), "")
    assert doc.strip(), f"{module_name}.{name} has no docstring"
    sections = set(SECTION.findall(doc))
    assert sections & {"Example", "Examples"} and ">>>" in doc, f"{name}: no Example"
    if callable(obj) and takes_arguments(obj):
        assert sections & {"Args", "Arguments", "Attributes"}, f"{name}: no Args"
    if callable(obj) and sections & {"Args", "Arguments"}:
        unknown = [a for a in documented_args(doc) if not accepts(obj, a)]
        assert not unknown, f"{name}: Args documents {unknown}, not in its signature"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        # a check that returns nothing documents what it raises instead
        assert sections & {"Returns", "Yields", "Raises"}, f"{name}: no Returns"
