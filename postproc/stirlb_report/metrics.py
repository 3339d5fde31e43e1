"""The scalar metrics runs are compared on: the numeric leaves of the
summary sections that describe the flow and what it does, by dotted key."""
from .document import MISSING

# Section -> keys (dotted, relative to the section) left out: bin layouts
# and bookkeeping, the same in every run by construction, and region lists
# (their order is by size, so row k of two runs is not the same region).
SKIP = {
    "hotspots": {"regions", "lo", "hi", "per_decade", "regions_in_csv", "cells", "total_cells", "volume",
                 "total_volume", "nan_cells"},
    "microcarriers": set(),
    "tank": set(),
}
# Damage: the outcome per model, not its parameters (those are checked for
# equality separately: different parameters make the numbers incomparable).
DAMAGE_KEYS = ["mean", "p50", "p95", "max", "fraction_damaged", "exposure_per_revolution.mean",
               "exposure_per_revolution.p95"]
SECTIONS = ["tank", "resolution", "hotspots", "microcarriers", "damage", "blend", "scale_up"]

# The unit a key's suffix names (summary.json spells units into its keys).
UNIT_SUFFIXES = [("_W_m3", "W/m³"), ("_W_kg", "W/kg"), ("_m_s", "m/s"), ("_m3", "m³"), ("_Nm", "N m"),
                 ("_Pa", "Pa"), ("_rpm", "rpm"), ("_GiB", "GiB"), ("_W", "W"), ("_s", "s"), ("_m", "m")]


# Leaves that are counts or fractions whatever their parent measures.
UNITLESS_LEAVES = {"fraction", "volume_fraction", "time_averaged_volume_fraction", "fraction_damaged",
                   "region_count", "torque_samples", "parcels", "released", "markers", "liquid_cells", "total_cells",
                   "impellers", "cells", "ratio", "eps_max_over_eps_avg", "peak_eps_over_eps_avg"}
# Hotspot criteria are named without a unit; their thresholds have one.
CRITERION_UNITS = {"shear_stress": "Pa", "dissipation": "W/kg", "kolmogorov": "m"}


def unit_of(key):
    """The unit of metric `key`: from its own name, else from the nearest
    parent that names one (a histogram's mean has its histogram's unit)."""
    parts = key.split(".")
    leaf = parts[-1]
    if leaf in UNITLESS_LEAVES:
        return ""
    if "revolutions" in leaf:
        return "revolutions"
    if leaf == "threshold" and len(parts) >= 2:
        return CRITERION_UNITS.get(parts[-2], "")
    for part in reversed(parts):
        for suffix, unit in UNIT_SUFFIXES:
            if part.endswith(suffix):
                return unit
    return ""


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def flatten(tree, prefix, skip=(), keep_null=False):
    """{dotted key: number} for every numeric leaf under `tree`; lists are
    left out (histogram bins, coordinates) and so are `skip` keys; null
    leaves are kept as None when `keep_null` (blend: 'not reached')."""
    out = {}
    for k, v in tree.items():
        if k in skip:
            continue
        key = "%s.%s" % (prefix, k)
        if isinstance(v, dict):
            out.update(flatten(v, key, skip, keep_null))
        elif _is_number(v) or (v is None and keep_null):
            out[key] = v
    return out


def run_metrics(run):
    """{dotted key: value} of one run; the key is what the comparison table
    shows, and the same key in two runs is the same quantity."""
    m = {}
    tank = run.section("tank")
    if tank:
        m.update(flatten(tank, "tank", SKIP["tank"]))
        revs = run.averaging_revolutions()
        if revs is not None:
            m["tank.averaging.window_revolutions"] = revs
    resolution = run.section("resolution")
    if resolution:
        m.update(flatten(resolution, "resolution"))
    hotspots = run.section("hotspots")
    if hotspots:
        m.update(flatten(hotspots, "hotspots", SKIP["hotspots"]))
    final = run.get("microcarriers.final")
    if final:
        m.update(flatten(final, "microcarriers.final"))
    for name, d in sorted((run.section("damage") or {}).items()):
        for k in DAMAGE_KEYS:
            v = _lookup(d, k)
            if _is_number(v):
                m["damage.%s.%s" % (name, k)] = v
    blend = run.section("blend")
    if blend:
        m.update(flatten(blend, "blend", {"probes", "injection_point_m"}, keep_null=True))
        for p in blend.get("probes") or []:
            if "homogeneity_95_time_s" in p:
                m["blend.probes.%s.homogeneity_95_time_s" % p.get("name")] = p["homogeneity_95_time_s"]
    predicted = run.get("scale_up.predicted")
    if predicted:
        m.update(flatten(predicted, "scale_up.predicted", keep_null=True))
    return m


def _lookup(tree, dotted):
    for part in dotted.split("."):
        if not isinstance(tree, dict):
            return None
        tree = tree.get(part)
    return tree


def metric_units(run):
    """Units a run states beside its numbers rather than in their keys (a
    damage model's unit depends on its type)."""
    units = {}
    for name, d in (run.section("damage") or {}).items():
        for k in ("mean", "p50", "p95", "max"):
            units["damage.%s.%s" % (name, k)] = "" if d.get("damage_unit") == "1" else d.get("damage_unit", "")
        e = d.get("exposure_per_revolution") or {}
        for k in ("mean", "p95"):
            units["damage.%s.exposure_per_revolution.%s" % (name, k)] = e.get("unit", "")
    return units


def metric_table(runs):
    """(keys in order, {key: [value per run, MISSING where a run lacks it]},
    {key: unit})."""
    per_run = [run_metrics(r) for r in runs]
    keys = []
    seen = set()
    for m in per_run:
        for k in m:
            if k not in seen:
                seen.add(k)
                keys.append(k)
    # Sections in report order; within one, the order the first run that has
    # the key wrote it (summary.json's own order).
    order = {s: i for i, s in enumerate(SECTIONS)}
    first = {k: i for i, k in enumerate(keys)}
    keys.sort(key=lambda k: (order.get(k.split(".")[0], len(order)), first[k]))
    stated = {}
    for r in reversed(runs):  # the first run's word wins
        stated.update(metric_units(r))
    units = {k: stated.get(k, unit_of(k)) for k in keys}
    return keys, {k: [m.get(k, MISSING) for m in per_run] for k in keys}, units
