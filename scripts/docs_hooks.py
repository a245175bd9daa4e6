"""mkdocs hooks of the documentation site (mkdocs.yml: `hooks`).

- Nav entries whose page does not exist are left out, so the nav can name a
  guide before it is written.
- `<!-- submodules of PACKAGE -->` in a page becomes one `::: PACKAGE.NAME`
  section per submodule in PACKAGE's `__all__`: a new submodule joins its
  page without an edit. The members of each module are its `__all__`
  (mkdocstrings' `filters: public`).
- A name of a package's `__all__` that is also one of its submodules' names
  (`keras_spectral.ops.fft`, the function, beside `ops/fft.py`) is rendered
  from where it is defined, after the package's other members.
- `changelog.md` is the repository's CHANGELOG.md, its links to `docs/...`
  made relative to the site.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBMODULES = re.compile(r"<!-- submodules of ([\w.]+) -->")
DIRECTIVE = re.compile(r"^::: (keras_spectral[\w.]*)$", re.M)


def _exists(docs_dir, entry):
    if isinstance(entry, str):
        return entry.startswith(("http://", "https://")) or (Path(docs_dir) / entry).exists()
    if isinstance(entry, dict):
        return all(_exists(docs_dir, v) for v in entry.values())
    return True


def _prune(docs_dir, nav):
    """`nav` without the entries whose file is missing (and sections left empty)."""
    kept = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                value = _prune(docs_dir, value)
                if value:
                    kept.append({title: value})
                continue
        if _exists(docs_dir, entry):
            kept.append(entry)
    return kept


def public_names(path):
    """The `__all__` of the module at `path`, read without importing it."""
    for node in ast.parse(path.read_text()).body:
        if (isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "__all__" for t in node.targets)):
            return list(ast.literal_eval(node.value))
    return []


def submodules(package):
    """The submodules `package` names in its `__all__`, in that order."""
    folder = ROOT.joinpath(*package.split("."))
    return [name for name in public_names(folder / "__init__.py")
            if (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()]


def shadowed(package):
    """`{name: defining_module.name}` of the names in `package`'s `__all__`
    that a submodule of the same name hides from the static reference."""
    folder = ROOT.joinpath(*package.split("."))
    if not (folder / "__init__.py").exists():
        return {}
    tree = ast.parse((folder / "__init__.py").read_text())
    origin = {alias.asname or alias.name: f"{node.module}.{alias.name}"
              for node in tree.body if isinstance(node, ast.ImportFrom) and node.module
              for alias in node.names}
    return {name: origin[name] for name in public_names(folder / "__init__.py")
            if (folder / f"{name}.py").exists() and name in origin
            and not origin[name].endswith(f"{package}.{name}")}


def on_config(config, **kwargs):
    config["nav"] = _prune(config["docs_dir"], config["nav"])
    return config


def on_page_markdown(markdown, page, **kwargs):
    def sections(match):
        package = match.group(1)
        return "\n".join(f"## `{package}.{name}`\n\n::: {package}.{name}\n"
                         for name in submodules(package))
    def with_shadowed(match):
        extra = [f"::: {path}\n    options:\n      show_root_heading: true\n"
                 f"      show_root_full_path: false\n      heading_level: 2\n"
                 for path in shadowed(match.group(1)).values()]
        return "\n".join([match.group(0), ""] + extra)
    if page.file.src_uri == "changelog.md":  # CHANGELOG.md links docs/ pages from the root
        markdown = (ROOT / "CHANGELOG.md").read_text().replace("](docs/", "](")
    markdown = DIRECTIVE.sub(with_shadowed, markdown)
    return SUBMODULES.sub(sections, markdown)
