"""The Document as one self-contained HTML page: inline style, no script,
images linked relative to the page (figures/*.png beside it)."""
from html import escape

from .document import Absent, Figure, Table, Text

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .8em 0 1.2em; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
.warnings { background: #fff3cd; border: 1px solid #e0a800; padding: .6em 1em; }
.notes { background: #f4f4f4; border: 1px solid #ccc; padding: .6em 1em; }
.absent { color: #777; font-style: italic; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: .9em; color: #444; }
nav a { margin-right: 1em; }
"""


def _numeric(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _table(t):
    # "table-": section headings own the bare ids (the navigation links).
    out = ["<table id=\"table-%s\">" % escape(t.key), "<caption>%s</caption>" % escape(t.title), "<tr>"]
    out += ["<th>%s</th>" % escape(c) for c in t.columns]
    out.append("</tr>")
    for row in t.rows:
        cells = []
        for k, v in enumerate(row):
            cls = " class=\"num\"" if _numeric(v) else ""
            cells.append("<td%s>%s</td>" % (cls, escape(t.cell_text(k, v))))
        out.append("<tr>%s</tr>" % "".join(cells))
    out.append("</table>")
    return "\n".join(out)


def _block(b):
    if isinstance(b, Table):
        return _table(b) if b.rows else ""
    if isinstance(b, Figure):
        return ("<figure><img src=\"%s\" alt=\"%s\"><figcaption>%s</figcaption></figure>" %
                (escape(b.file), escape(b.caption), escape(b.caption)))
    if isinstance(b, Absent):
        return "<p class=\"absent\">%s</p>" % escape(b.text)
    if isinstance(b, Text):
        return "<p>%s</p>" % escape(b.text)
    raise TypeError(b)


def _list(items, cls, title):
    if not items:
        return ""
    return "<div class=\"%s\"><strong>%s</strong><ul>%s</ul></div>" % (
        cls, escape(title), "".join("<li>%s</li>" % escape(i) for i in items))


def render_html(doc):
    parts = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
             "<title>%s</title><style>%s</style></head><body>" % (escape(doc.title), STYLE),
             "<h1>%s</h1>" % escape(doc.title)]
    parts.append("<p>%s</p>" % "<br>".join("%s: <code>%s</code>" % (escape(r["label"]), escape(r["path"]))
                                          for r in doc.runs))
    parts.append(_list(doc.warnings, "warnings", "Warnings") or "<p>No warnings.</p>")
    parts.append(_list(doc.notes, "notes", "Notes"))
    parts.append("<nav>%s</nav>" % "".join("<a href=\"#%s\">%s</a>" % (escape(s.key), escape(s.title))
                                           for s in doc.sections))
    for s in doc.sections:
        parts.append("<h2 id=\"%s\">%s</h2>" % (escape(s.key), escape(s.title)))
        parts += [_block(b) for b in s.blocks]
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"
