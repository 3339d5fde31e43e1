"""What a report says, apart from how it is written: sections of text,
tables and figures. The HTML page, the Markdown page and report.json are
three renderings of one Document, so they cannot disagree."""
import math


class Text:
    def __init__(self, text):
        self.text = text

    def to_json(self):
        return {"type": "text", "text": self.text}


class Absent:
    """A section the run does not have: said, not silently left out."""

    def __init__(self, text):
        self.text = text

    def to_json(self):
        return {"type": "absent", "text": self.text}


class Table:
    """Rows of raw values: numbers stay numbers in report.json, and the
    pages format them. Columns named in `relative` hold relative
    differences (fractions), which the pages print as percentages."""

    def __init__(self, key, title, columns, rows, relative=()):
        self.key = key
        self.title = title
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]
        self.relative = set(relative)

    def cell_text(self, column, value):
        return fmt_relative(value) if self.columns[column] in self.relative else fmt(value)

    def to_json(self):
        out = {"type": "table", "id": self.key, "title": self.title, "columns": self.columns,
               "rows": [[json_value(v) for v in r] for r in self.rows]}
        if self.relative:
            out["relative_columns"] = sorted(self.relative)
        return out


class Figure:
    """A PNG under figures/. `drawn` records what it shows: the files and
    keys the curves come from and every line or band marked on it."""

    def __init__(self, file, caption, drawn):
        self.file = file
        self.caption = caption
        self.drawn = drawn

    def to_json(self):
        return {"type": "figure", "file": self.file, "caption": self.caption, "drawn": json_value(self.drawn)}


class Section:
    def __init__(self, key, title, blocks=None):
        self.key = key
        self.title = title
        self.blocks = list(blocks or [])

    def add(self, block):
        if block is not None:
            self.blocks.append(block)
        return block

    def to_json(self):
        return {"id": self.key, "title": self.title, "blocks": [b.to_json() for b in self.blocks]}


class Document:
    def __init__(self, kind, title, runs):
        self.kind = kind
        self.title = title
        self.runs = runs  # [{"label", "path"}]
        self.warnings = []  # what may make the numbers wrong: shown first
        self.notes = []  # what is absent or how to read it
        self.sections = []

    def section(self, key, title):
        s = Section(key, title)
        self.sections.append(s)
        return s

    def to_json(self):
        return {"format": "stirlb-report", "format_version": 1, "kind": self.kind, "title": self.title,
                "runs": self.runs, "warnings": self.warnings, "notes": self.notes, "sections": [s.to_json() for s in self.sections]}


def json_value(v):
    """JSON has no nan or inf: they become null here (report.json must stay
    readable by strict parsers), and as 'nan' on the pages."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if v is MISSING:
        return "missing"
    if isinstance(v, dict):
        return {k: json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_value(x) for x in v]
    return v


class Missing:
    """A value a run does not have (as opposed to None: present, but null)."""

    def __repr__(self):
        return "MISSING"


MISSING = Missing()


def fmt(v):
    """A table cell for the pages: four significant digits, as the solver's
    own reports print."""
    if v is MISSING:
        return "missing"
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        if v == int(v) and abs(v) < 1e6:
            return str(int(v))
        return "%.4g" % v
    if isinstance(v, (list, tuple)):
        return "(" + ", ".join(fmt(x) for x in v) + ")"
    return str(v)


def fmt_relative(r):
    """A relative difference as a signed percentage."""
    if not isinstance(r, float) or isinstance(r, bool):
        return fmt(r)
    if not math.isfinite(r):
        return str(r)
    return "%+.3g %%" % (100.0 * r)
