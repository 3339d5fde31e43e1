#!/usr/bin/env bash
# report_end_to_end.sh STIRLB CASE_DIR WORK_DIR
# `stirlb report` and `stirlb compare` as a user meets them, on real runs:
# the small tank with beads (valid_tank_beads.toml) given hotspot
# thresholds, a damage model and a blend tracer, run for 20 steps; and the
# same case scaled to 50 L by `stirlb scale` (so it carries "scale_up").
# Checked:
#   - report: exit 0, report.html/.md/.json and every figure they link,
#     the numbers in report.json those of summary.json, the scaled run's
#     predicted-against-simulated table, the run's files unchanged (replacing
#     an earlier report is tested in tests/report/test_report.py);
#   - compare: the metric table's relative difference of the speed, the
#     overlays;
#   - refusals (exit 2, message): -o the run folder, -o a folder that is
#     not a report, a damaged summary.json in a compare, an interpreter
#     that does not exist (STIRLB_PYTHON).
set -euo pipefail
stirlb=$1 cases=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; cat "$work"/log*.txt 2>/dev/null || true; exit 1; }
export OMP_NUM_THREADS=1

python3 - "$cases/valid_tank_beads.toml" "$work/case.toml" <<'PY' || fail "writing the case"
import sys
src, out = sys.argv[1:3]
text = open(src).read()
def once(old, new):
    global text
    if text.count(old) != 1: sys.exit("%s: expected %r once" % (src, old))
    text = text.replace(old, new)
# Full speed after a hundredth of a revolution and averages over the whole
# run, so that the 20 steps give a power number and hotspot histograms.
once("ramp_revolutions = 1\n", "ramp_revolutions = 0.01\n")
once("revolutions = 0.05\n", "revolutions = 0.05\naveraging_revolutions = 0.05\n")
text += """
[hotspots]
shear_stress = "0.001 mPa"
dissipation = "1e-9 W/kg"
kolmogorov_factor = 100

[[damage.model]]
name = "kolmogorov"
type = "kolmogorov-eddy"
factor = 100
death_rate = "100 1/h"
damaged_at = 1e-4

[blend]
injection_point = [0.05, 0.02, 0.27]
injection_time = "0.005 s"
injection_radius = "12 mm"
sample_interval = "0.002 s"

[[blend.probe]]
name = "near"
position = [0.06, 0.02, 0.25]
"""
open(out, "w").write(text)
PY

"$stirlb" run "$work/case.toml" -o "$work/small" --steps 20 --backend cpu > "$work/log1.txt" 2>&1 || fail "run small"
"$stirlb" scale "$work/case.toml" --volume 50L --rule pv --from-run "$work/small" -o "$work/case_50l.toml" \
  > "$work/log2.txt" 2>&1 || fail "scale"
"$stirlb" run "$work/case_50l.toml" -o "$work/large" --steps 20 --backend cpu > "$work/log3.txt" 2>&1 || fail "run large"

(cd "$work/small" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$work/small.sha256"

"$stirlb" report "$work/small" > "$work/log4.txt" 2>&1 || fail "report small"
"$stirlb" report "$work/large" -o "$work/large_report" > "$work/log5.txt" 2>&1 || fail "report large"
"$stirlb" compare "$work/small" "$work/large" -o "$work/comparison" > "$work/log6.txt" 2>&1 || fail "compare"

python3 - "$work" <<'PY' || fail "report contents"
import json, os, re, sys
work = sys.argv[1]

def load(path):
    with open(path) as f:
        return json.load(f)

def check_pages(folder, want_figures):
    for name in ("report.html", "report.md", "report.json", ".stirlb-report"):
        if not os.path.isfile(os.path.join(folder, name)): sys.exit("%s: no %s" % (folder, name))
    html = open(os.path.join(folder, "report.html")).read()
    linked = sorted(set(re.findall(r'src="(figures/[^"]+\.png)"', html)))
    if len(linked) < want_figures: sys.exit("%s links %d figures, expected %d or more" % (folder, len(linked), want_figures))
    md = open(os.path.join(folder, "report.md")).read()
    for rel in linked:
        if "(%s)" % rel not in md: sys.exit("%s: report.md lacks %s" % (folder, rel))
        with open(os.path.join(folder, rel), "rb") as f:
            png = f.read()
        if not png.startswith(b"\x89PNG") or len(png) < 5000: sys.exit("%s: %s is not a drawn PNG" % (folder, rel))
    return load(os.path.join(folder, "report.json"))

def table(report, key):
    for s in report["sections"]:
        for b in s["blocks"]:
            if b["type"] == "table" and b["id"] == key:
                return b
    sys.exit("no table %r (sections: %s)" % (key, [s["id"] for s in report["sections"]]))

def cell(t, row, column):
    k = t["columns"].index(column)
    for r in t["rows"]:
        if r[0] == row:
            return r[k]
    sys.exit("table %s has no row %r" % (t["id"], row))

small = load(os.path.join(work, "small", "summary.json"))
large = load(os.path.join(work, "large", "summary.json"))
r = check_pages(os.path.join(work, "small", "report"), 9)
if r["kind"] != "report" or r["runs"][0]["label"] != "valid_tank_beads": sys.exit("report.json: %r" % r["runs"])
power = table(r, "power")
for row, key in (("power per volume P/V", "power_per_volume_W_m3"), ("tip speed", "tip_speed_m_s"),
                 ("Reynolds number N D²/ν", "reynolds_number")):
    if cell(power, row, "value") != small["tank"][key]:
        sys.exit("report %s %r, summary.json tank.%s %r" % (row, cell(power, row, "value"), key, small["tank"][key]))
if cell(power, "power number Np, mean", "value") != small["tank"]["power_number"]["mean"]: sys.exit("Np differs")
damage = table(r, "damage")
if cell(damage, "kolmogorov", "fraction damaged") != small["damage"]["kolmogorov"]["fraction_damaged"]:
    sys.exit("fraction damaged differs")
failed = [c["name"] for c in small["checks"] if not c["ok"]]
for name in failed:
    if not any("check '%s' failed" % name in w for w in r["warnings"]): sys.exit("no warning for check %s" % name)
for section in ("case", "resolution", "power", "distributions", "hotspots", "suspension", "damage", "blend"):
    blocks = next(s for s in r["sections"] if s["id"] == section)["blocks"]
    if any(b["type"] == "absent" for b in blocks): sys.exit("section %s says it is absent" % section)

r = check_pages(os.path.join(work, "large_report"), 9)
check = table(r, "scale_up_check")
if cell(check, "speed_rpm", "simulated") != large["tank"]["speed_rpm"]: sys.exit("scaled speed differs")
if cell(check, "speed_rpm", "predicted") != large["scale_up"]["predicted"]["speed_rpm"]: sys.exit("prediction differs")

c = check_pages(os.path.join(work, "comparison"), 7)
m = table(c, "metrics")
rel = cell(m, "tank.speed_rpm", "Δ valid_tank_beads_50L")
want = (large["tank"]["speed_rpm"] - small["tank"]["speed_rpm"]) / small["tank"]["speed_rpm"]
if abs(rel - want) > 1e-12: sys.exit("relative difference of the speed %r, expected %r" % (rel, want))
print("report contents ok")
PY

(cd "$work/small" && find . -type f -not -path "./report/*" -print0 | sort -z | xargs -0 sha256sum) > "$work/small.after"
diff "$work/small.sha256" "$work/small.after" > /dev/null || fail "the report changed the run's files"

if ls -a "$work/small" | grep -q '^\.report'; then fail "temporary folders left in the run"; fi

# expect CODE PATTERN -- COMMAND...: refused with CODE and a message.
expect() {
  local code=$1 pattern=$2
  shift 3
  local err status=0
  err=$("$@" 2>&1 >/dev/null) || status=$?
  [ "$status" -eq "$code" ] || fail "$* exited $status, expected $code: $err"
  grep -Eq -- "$pattern" <<<"$err" || fail "$*: stderr does not match /$pattern/: $err"
  ! grep -q Traceback <<<"$err" || fail "$*: a traceback: $err"
}
expect 2 "is the run folder itself" -- "$stirlb" report "$work/small" -o "$work/small"
mkdir -p "$work/mine" && echo keep > "$work/mine/notes.txt"
expect 2 "mine exists and is not an earlier stirlb report" -- "$stirlb" report "$work/small" -o "$work/mine"
[ "$(cat "$work/mine/notes.txt")" = keep ] || fail "a refused report touched $work/mine"
mkdir -p "$work/broken" && head -c 200 "$work/small/summary.json" > "$work/broken/summary.json"
expect 2 "broken/summary.json is not valid JSON" -- "$stirlb" compare "$work/small" "$work/broken" -o "$work/cmp2"
[ ! -e "$work/cmp2" ] || fail "a refused comparison wrote $work/cmp2"
STIRLB_PYTHON=/nonexistent/python3 expect 2 "cannot run /nonexistent/python3.*STIRLB_PYTHON" -- \
  "$stirlb" report "$work/small"
echo "ok: report and compare"
