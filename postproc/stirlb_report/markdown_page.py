"""The Document as Markdown, with the same figures (relative links)."""
from .document import Absent, Figure, Table, Text


def _cell(text):
    # A pipe or a line break would end the cell early.
    return text.replace("|", "\\|").replace("\n", " ")


def _table(t):
    if not t.rows:
        return ""
    lines = ["**%s**" % t.title, "", "| " + " | ".join(_cell(c) for c in t.columns) + " |",
             "|" + "|".join("---" for _ in t.columns) + "|"]
    for row in t.rows:
        lines.append("| " + " | ".join(_cell(t.cell_text(k, v)) for k, v in enumerate(row)) + " |")
    return "\n".join(lines)


def _block(b):
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return "![%s](%s)\n\n*%s*" % (_cell(b.caption), b.file, b.caption)
    if isinstance(b, Absent):
        return "*%s*" % b.text
    if isinstance(b, Text):
        return b.text
    raise TypeError(b)


def render_markdown(doc):
    out = ["# %s" % doc.title, ""]
    out += ["- %s: `%s`" % (r["label"], r["path"]) for r in doc.runs]
    out.append("")
    if doc.warnings:
        out += ["## Warnings", ""] + ["- **%s**" % w for w in doc.warnings] + [""]
    else:
        out += ["No warnings.", ""]
    if doc.notes:
        out += ["## Notes", ""] + ["- %s" % n for n in doc.notes] + [""]
    for s in doc.sections:
        out += ["## %s" % s.title, ""]
        for b in s.blocks:
            text = _block(b)
            if text:
                out += [text, ""]
    return "\n".join(out)
