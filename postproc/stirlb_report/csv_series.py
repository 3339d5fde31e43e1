"""The solver's time-series CSVs (torque.csv, suspension.csv, damage.csv,
blend.csv): a header of column names, then rows of numbers."""
import csv
import math

import numpy as np

from .errors import BadInput


class Series:
    """Columns of one CSV as float arrays, by name."""

    def __init__(self, path, columns):
        self.path = path
        self.columns = columns

    def __contains__(self, name):
        return name in self.columns

    def __getitem__(self, name):
        return self.columns[name]

    def names(self):
        return list(self.columns)

    def __len__(self):
        return len(next(iter(self.columns.values()))) if self.columns else 0


def read_series(path, required=()):
    """Reads `path`; a missing `required` column, a short row or a cell that
    is not a number is bad input (a truncated or foreign file), named with
    its line."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput("%s cannot be read (%s)" % (path, getattr(e, "strerror", None) or e)) from None
    if not rows or not rows[0]:
        raise BadInput("%s is empty: expected a header line and rows" % path)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadInput("%s lacks the column(s) %s (it has %s): written by another version of stirlb?" %
                       (path, ", ".join(missing), ", ".join(header)))
    data = [[] for _ in header]
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise BadInput("%s line %d has %d values, the header %d: the file is cut short or damaged" %
                           (path, line, len(row), len(header)))
        for k, cell in enumerate(row):
            try:
                data[k].append(float(cell))
            except ValueError:
                raise BadInput("%s line %d: %r in column %s is not a number" % (path, line, cell, header[k])) from None
    return Series(path, {h: np.asarray(v, dtype=float) for h, v in zip(header, data)})


def finite(values):
    """The finite entries, as floats (a diverged run writes nan)."""
    return [float(v) for v in values if math.isfinite(v)]
