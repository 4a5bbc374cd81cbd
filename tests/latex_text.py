"""BibTeX and BibLaTeX values read back as the text they stand for (papershelf's escapes undone)."""

from __future__ import annotations

import re

LATEX_UNESCAPE = {
    r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^", r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", "{@}": "@",
}
_ESCAPED = re.compile("|".join(re.escape(escaped) for escaped in LATEX_UNESCAPE))


def latex_to_text(value: str) -> str:
    return _ESCAPED.sub(lambda match: LATEX_UNESCAPE[match.group(0)], value)
