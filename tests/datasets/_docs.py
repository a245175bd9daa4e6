"""The docstring sections every public dataset function shows."""

import inspect


def missing_sections(obj):
    """The sections `obj`'s docstring lacks: Returns and Example always, Args
    where it takes arguments (tests/test_docs_reference.py checks the rest)."""
    wanted = ["Returns:", "Example:"]
    if inspect.signature(obj).parameters:
        wanted.append("Args:")
    return [s for s in wanted if s not in (obj.__doc__ or "")]
