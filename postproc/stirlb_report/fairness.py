"""What makes a comparison of runs unfair or incomplete, said before the
numbers: different resolution, averaging windows of different or too few
revolutions, unfinished runs, other solver versions, different thresholds
or damage parameters, and sections some runs lack."""
from .metrics import SECTIONS
from .run_data import lookup

# Averaging windows within 10 % of each other count as the same length.
WINDOW_TOLERANCE = 0.10


def _differ(values, rel=1e-6):
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return False
    lo, hi = min(values), max(values)
    return hi - lo > rel * max(abs(hi), abs(lo), 1e-300)


def _listing(runs, values, fmt="%s"):
    return ", ".join("%s %s" % (r.label, fmt % v if v is not None else "none") for r, v in zip(runs, values))


def fairness_warnings(runs, min_revolutions):
    w = []
    for r in runs:
        if r.get("status") != "completed":
            w.append("%s did not complete (status: %s): its averages cover less than its case asked for"
                     % (r.label, r.get("status")))
    cells = [r.get("resolution.cells_per_impeller_diameter") for r in runs]
    if _differ(cells):
        w.append("different resolution (cells per impeller diameter: %s): differences between the runs "
                 "include different discretisation errors" % _listing(runs, cells, "%.3g"))
    revs = [r.averaging_revolutions() for r in runs]
    if _differ(revs, WINDOW_TOLERANCE):
        w.append("averaging windows of different length (%s revolutions): fluctuations are averaged out "
                 "unequally" % _listing(runs, revs, "%.3g"))
    for r, n in zip(runs, revs):
        # A run whose own averaging-window check failed says this already.
        own = [c for c in r.summary.get("checks") or [] if c.get("name") == "averaging window" and not c.get("ok")]
        if n is not None and n < min_revolutions and not own:
            w.append("%s averages over %.3g revolutions, fewer than %g: its means may not be statistically "
                     "steady" % (r.label, n, min_revolutions))
    versions = [r.get("stirlb_version") for r in runs]
    if len(set(versions)) > 1:
        w.append("different stirlb versions (%s): outputs may differ in definition" % _listing(runs, versions))
    w += _section_warnings(runs)
    w += _threshold_warnings(runs)
    w += _damage_warnings(runs)
    return w


def _section_warnings(runs):
    w = []
    # A scaled case's run has scale_up and its source's run has not: that is
    # the comparison scale_up is for, not an incompatibility.
    for s in (s for s in SECTIONS if s != "scale_up"):
        having = [r for r in runs if r.section(s)]
        if having and len(having) < len(runs):
            lacking = [r.label for r in runs if not r.section(s)]
            w.append("incompatible outputs: %s %s no '%s' section; its metrics are shown as missing there"
                     % (", ".join(lacking), "has" if len(lacking) == 1 else "have", s))
    return w


def _threshold_warnings(runs):
    w = []
    criteria = sorted(set().union(*(set(r.get("hotspots.thresholds") or {}) for r in runs)))
    for c in criteria:
        values = [r.get("hotspots.thresholds.%s.threshold" % c) for r in runs]
        if _differ(values):
            w.append("hotspot threshold '%s' differs (%s): the volumes beyond it measure different things"
                     % (c, _listing(runs, values, "%.3g")))
    return w


def _damage_warnings(runs):
    w = []
    models = sorted(set().union(*(set(r.section("damage") or {}) for r in runs)))
    for m in models:
        having = [r for r in runs if m in (r.section("damage") or {})]
        if len(having) < len(runs):
            continue  # reported as a missing metric already
        params = [lookup(r.summary, "damage.%s.parameters" % m) for r in having]
        types = [lookup(r.summary, "damage.%s.type" % m) for r in having]
        if any(p != params[0] for p in params) or len(set(types)) > 1:
            w.append("damage model '%s' has different types or parameters in the runs: its damage values are "
                     "not comparable" % m)
    return w
