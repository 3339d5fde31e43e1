"""One run folder as `stirlb run` leaves it: summary.json and the CSVs,
checked before anything is drawn, so that a wrong folder or an older run
is refused with a message and not a traceback halfway through a figure."""
import json
import os

from .csv_series import read_series
from .errors import BadInput

# Keys every summary.json has had since the first release.
TOP_KEYS = ["case.name", "status", "stirlb_version", "run.steps", "run.simulated_time_s", "lattice.dx_m",
            "lattice.dt_s"]

# Keys each optional section must carry when present. A section is there only
# when the case has the feature; one that is there without these keys was
# written by an older stirlb, and its figures would be wrong or empty.
SECTION_KEYS = {
    # power_number, power_per_volume_W_m3 ...: only once the averaging window
    # holds a full-speed torque sample (run_warnings says when it does not).
    "tank": ["tip_speed_m_s", "reynolds_number", "speed_rpm", "impeller_diameter_m", "averaging.window_start_s",
             "averaging.window_end_s"],
    "resolution": ["cells_per_impeller_diameter", "gaps", "warnings"],
    # thresholds: only with a [hotspots] table in the case.
    "hotspots": ["histograms"],
    "microcarriers": ["diameter_m", "final.fraction_suspended"],
    "blend": ["threshold", "blend_time_s"],
    "scale_up": ["rule", "predicted"],
}
HISTOGRAM_KEYS = ["edges", "fraction"]
DAMAGE_KEYS = ["mean", "p95", "max", "fraction_damaged", "damage_unit", "histogram.edges", "histogram.beads"]
CHECK_KEYS = ["name", "ok", "message"]

# CSVs: the file, the section that makes it expected, the columns the report needs.
SERIES = {
    "torque": ("torque.csv", "tank", ["time_s", "revolutions", "power_number"]),
    "suspension": ("suspension.csv", "microcarriers", ["time_s", "fraction_suspended"]),
    "damage": ("damage.csv", "damage", ["time_s"]),
    "blend": ("blend.csv", "blend", ["time_s", "rsd"]),
}
# Without torque.csv a tank report has no power history: refuse rather than
# give a report that silently lacks its first figure. The others are drawn
# from summary.json instead, or their figure is left out with a note.
REQUIRED_SERIES = {"torque"}


def lookup(tree, dotted, default=None):
    """tree["a"]["b"] for dotted "a.b"; `default` where a level is missing."""
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


_ABSENT = object()


def _missing(tree, keys, prefix=""):
    # Present but null counts as present: blend_time_s is null when the
    # scalar did not blend within the run.
    return [prefix + k for k in keys if lookup(tree, k, _ABSENT) is _ABSENT]


class RunData:
    """A validated run folder. `summary` is the parsed summary.json; `series`
    holds the CSVs that exist (name -> csv_series.Series); `notes` lists
    what is absent and therefore not drawn."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.summary = {}
        self.series = {}
        self.notes = []
        self.label = os.path.basename(self.path)

    def section(self, name):
        value = self.summary.get(name)
        return value if value else None

    def get(self, dotted, default=None):
        return lookup(self.summary, dotted, default)

    def file(self, name):
        return os.path.join(self.path, name)

    def averaging_revolutions(self):
        """Length of the averaging window in impeller revolutions (a tank's
        window in seconds times its speed), or None without a tank."""
        tank = self.section("tank")
        if not tank:
            return None
        start, end = lookup(tank, "averaging.window_start_s"), lookup(tank, "averaging.window_end_s")
        return (end - start) * tank["speed_rpm"] / 60.0


def load_run(path):
    """Reads and checks the run folder `path`; BadInput names what is wrong."""
    if not os.path.exists(path):
        raise BadInput("run folder %s does not exist" % path)
    if not os.path.isdir(path):
        raise BadInput("%s is not a folder: give the folder `stirlb run -o` wrote" % path)
    run = RunData(path)
    summary_path = run.file("summary.json")
    if not os.path.isfile(summary_path):
        raise BadInput("%s has no summary.json: not a stirlb run folder, or the run has not finished "
                       "(stirlb run writes it last)" % run.path)
    try:
        with open(summary_path, "rb") as f:
            run.summary = json.loads(f.read().decode("utf-8"))
    except OSError as e:
        raise BadInput("%s cannot be read (%s)" % (summary_path, e.strerror)) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise BadInput("%s is not valid JSON (%s): the file is cut short or damaged" % (summary_path, e)) from None
    if not isinstance(run.summary, dict):
        raise BadInput("%s does not hold a JSON object: not a stirlb summary" % summary_path)
    _check_keys(run, summary_path)
    run.label = str(run.get("case.name") or run.label)
    _load_series(run)
    return run


def _check_keys(run, summary_path):
    s = run.summary
    missing = _missing(s, TOP_KEYS)
    for section, keys in SECTION_KEYS.items():
        if run.section(section):
            missing += _missing(s[section], keys, section + ".")
    for name, h in (lookup(s, "hotspots.histograms") or {}).items():
        missing += _missing(h, HISTOGRAM_KEYS, "hotspots.histograms.%s." % name)
    damage = run.section("damage")
    if damage is not None:
        if not isinstance(damage, dict):
            missing.append("damage (an object of models)")
        else:
            for model, d in damage.items():
                missing += _missing(d, DAMAGE_KEYS, "damage.%s." % model)
    checks = s.get("checks")
    if checks is not None:
        if not isinstance(checks, list):
            missing.append("checks (a list)")
        else:
            for i, c in enumerate(checks):
                if not isinstance(c, dict):
                    missing.append("checks[%d] (an object)" % i)
                else:
                    missing += _missing(c, CHECK_KEYS, "checks[%d]." % i)
    if missing:
        version = s.get("stirlb_version", "unknown")
        raise BadInput("%s lacks %s (written by stirlb %s): an older or unfinished run; run the case again "
                       "with this stirlb" % (summary_path, ", ".join(missing), version))


def _load_series(run):
    for name, (filename, section, columns) in SERIES.items():
        if not run.section(section):
            continue
        path = run.file(filename)
        if os.path.isfile(path):
            run.series[name] = read_series(path, columns)
        elif name in REQUIRED_SERIES:
            raise BadInput("%s has a %s section in summary.json but no %s" % (run.path, section, filename))
        else:
            run.notes.append("%s is missing: its curves are drawn from summary.json where it has them" % filename)
