#!/usr/bin/env bash
# run_damage_end_to_end.sh STIRLB MPIEXEC CASE_DIR WORK_DIR
# Shear hotspots and cell damage as a user meets them: the small tank with
# 500 microcarrier parcels (valid_tank_beads.toml), averaged over the whole
# 20-step run, with [hotspots] thresholds and one [[damage.model]] of each
# kind, set low enough that the first steps of the impeller's ramp expose
# most beads and cells. Checked:
#   - summary.json "hotspots" (basis, eps_max_over_eps_avg, the three
#     histograms, each threshold's volume fractions and region list) and
#     "damage" (per model: distribution, histogram, exposure per revolution,
#     fraction damaged over time);
#   - hotspots.csv: its header, one row per region the summary counts, the
#     summary's regions its first rows;
#   - damage.csv: one row per field output, the last one the summary's;
#   - the last .vti: the exposure, damage-potential and hotspot-region cell
#     arrays beside the other time averages (absent from the first output,
#     taken before any average), consistent with the summary (region cell
#     counts, time-averaged hot volume) and with each other (a model whose
#     threshold is a hotspot threshold has 3600 s times its exposure);
#   - the last particle file: damage_<name> per bead, matching the summary.
# Then the invariances: twice as many outputs give the same damage and
# hotspots (output frequency must not change what the beads take), and two
# ranks give the same damage numbers, hotspot regions and cell arrays.
set -euo pipefail
stirlb=$1 mpiexec=$2 cases=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
readvtp="$here/read_vtp.py"
readvti="$here/read_vti.py"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; cat "$work"/log*.txt 2>/dev/null || true; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
parcels=500 steps=20

# The case: averaging over the whole run (0.05 revolutions, the run's
# length), thresholds far below this start-up flow's stresses (the
# threshold models share the hotspot thresholds), and damaged_at values the
# beads reach within the run for the shear and dissipation models. The
# dense variant writes fields twice as often.
python3 -c '
import sys
src, out, dense = sys.argv[1:4]
text = open(src).read()
def once(old, new):
    global text
    if text.count(old) != 1: sys.exit("%s: expected %r once" % (src, old))
    text = text.replace(old, new)
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

[[damage.model]]
name = "rbc"
type = "power-law"
preset = "giersiepen-rbc"

[[damage.model]]
name = "shear"
type = "shear-threshold"
threshold = "0.001 mPa"
damaged_after = "0.01 s"

[[damage.model]]
name = "dissipation"
type = "dissipation-threshold"
threshold = "1e-9 W/kg"
damaged_after = "0.005 s"
"""
open(out, "w").write(text)
once("output_interval = 0.01\n", "output_interval = 0.005\n")
open(dense, "w").write(text)
' "$cases/valid_tank_beads.toml" "$work/damage.toml" "$work/damage_dense.toml" || fail "writing the case files"

models="kolmogorov rbc shear dissipation"
criteria="shear_stress dissipation kolmogorov"

# check_run OUT EXT: the outputs of one finished run; EXT is vti or pvti.
check_run() {
  local out=$1 ext=$2 pext
  pext=${ext/vti/vtp}
  [ -f "$out/summary.json" ] || fail "$out: no summary.json"
  [ -f "$out/fields.pvd" ] || fail "$out: no fields.pvd"
  local outputs
  outputs=$(grep -c 'part="0"' "$out/fields.pvd") || true
  [ "$outputs" -ge 3 ] || fail "$out/fields.pvd lists $outputs outputs, expected at least 3"

  # summary.json: "hotspots" and "damage".
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
outputs, parcels = int(sys.argv[2]), int(sys.argv[3])
criteria, models = sys.argv[4].split(), sys.argv[5].split()
num = (int, float)
if s.get("status") != "completed": sys.exit("status is %r" % s.get("status"))
h = s.get("hotspots")
if not isinstance(h, dict): sys.exit("summary.json has no \"hotspots\" object (keys: %s)" % sorted(s))
if not (isinstance(h.get("basis"), str) and "samples" in h["basis"]): sys.exit("hotspots.basis is %r" % h.get("basis"))
if not (isinstance(h.get("eps_max_over_eps_avg"), num) and h["eps_max_over_eps_avg"] >= 1):
    sys.exit("hotspots.eps_max_over_eps_avg is %r, expected a number >= 1" % h.get("eps_max_over_eps_avg"))
liquid_cells = set()
for name in ("shear_stress_Pa", "dissipation_W_kg", "kolmogorov_length_m"):
    g = h.get("histograms", {}).get(name)
    if not isinstance(g, dict): sys.exit("hotspots.histograms has no %r" % name)
    edges, cells = g.get("edges"), g.get("cells")
    if not (isinstance(edges, list) and isinstance(cells, list) and len(cells) >= 1 and len(edges) == len(cells) + 1):
        sys.exit("hotspots.histograms.%s: %r edges for %r bins" % (name, len(edges or []), len(cells or [])))
    if any(b <= a for a, b in zip(edges, edges[1:])): sys.exit("hotspots.histograms.%s: edges not increasing" % name)
    # total_cells counts the binned cells; NaN ones (lambda_K where nothing
    # dissipates yet) are apart, and the two make up the liquid.
    counted = sum(cells) + g["underflow"]["cells"] + g["overflow"]["cells"]
    if counted != g["total_cells"]:
        sys.exit("hotspots.histograms.%s: bins, underflow and overflow hold %d cells of %d" % (name, counted, g["total_cells"]))
    if name != "kolmogorov_length_m" and g["nan_cells"] != 0:
        sys.exit("hotspots.histograms.%s: %d NaN cells" % (name, g["nan_cells"]))
    liquid_cells.add(g["total_cells"] + g["nan_cells"])
if len(liquid_cells) != 1: sys.exit("the histograms cover different liquids: %s" % sorted(liquid_cells))
t = h.get("thresholds", {})
if sorted(t) != sorted(criteria): sys.exit("hotspots.thresholds has %s, expected %s" % (sorted(t), sorted(criteria)))
tags = {"impeller-swept", "blade-tip", "baffle", "impeller-discharge", "bulk"}
for c in criteria:
    e = t[c]
    for key in ("volume_fraction", "time_averaged_volume_fraction"):
        if not (isinstance(e.get(key), num) and 0 < e[key] <= 1):
            sys.exit("hotspots.thresholds.%s.%s is %r, expected a number in (0, 1]" % (c, key, e.get(key)))
    if not (isinstance(e.get("region_count"), int) and e["region_count"] >= 1):
        sys.exit("hotspots.thresholds.%s.region_count is %r, expected at least 1" % (c, e.get("region_count")))
    regions = e.get("regions")
    if not (isinstance(regions, list) and len(regions) == min(e["region_count"], 10)):
        sys.exit("hotspots.thresholds.%s lists %r regions of %d" % (c, len(regions or []), e["region_count"]))
    for k, r in enumerate(regions):
        where = "hotspots.thresholds.%s.regions[%d]" % (c, k)
        if r.get("label") != k + 1: sys.exit("%s.label is %r, expected %d" % (where, r.get("label"), k + 1))
        if not (isinstance(r.get("volume_m3"), num) and r["volume_m3"] > 0): sys.exit("%s.volume_m3 is %r" % (where, r.get("volume_m3")))
        x = r.get("centroid_m")
        if not (isinstance(x, list) and len(x) == 3 and x[0] ** 2 + x[1] ** 2 <= 0.16 ** 2 and -0.01 <= x[2] <= 0.31):
            sys.exit("%s.centroid_m is %r, expected a point in the vessel" % (where, x))
        if r.get("location") not in tags: sys.exit("%s.location is %r" % (where, r.get("location")))
    vols = [r["volume_m3"] for r in regions]
    if vols != sorted(vols, reverse=True): sys.exit("hotspots.thresholds.%s: regions not largest first" % c)
d = s.get("damage")
if not isinstance(d, dict): sys.exit("summary.json has no \"damage\" object (keys: %s)" % sorted(s))
if sorted(d) != sorted(models): sys.exit("damage has %s, expected %s" % (sorted(d), sorted(models)))
for m in models:
    e = d[m]
    where = "damage." + m
    if e.get("beads_released") != parcels: sys.exit("%s.beads_released is %r, expected %d" % (where, e.get("beads_released"), parcels))
    if not (isinstance(e.get("mean"), num) and e["mean"] > 0): sys.exit("%s.mean is %r, expected positive" % (where, e.get("mean")))
    if not (0 <= e["p50"] <= e["p95"] <= e["max"] and e["mean"] <= e["max"]):
        sys.exit("%s: p50 %r, p95 %r, mean %r, max %r out of order" % (where, e["p50"], e["p95"], e["mean"], e["max"]))
    if not (isinstance(e.get("fraction_damaged"), num) and 0 <= e["fraction_damaged"] <= 1):
        sys.exit("%s.fraction_damaged is %r" % (where, e.get("fraction_damaged")))
    g = e.get("histogram", {})
    if not (len(g.get("edges", [])) == len(g.get("beads", [])) + 1 and sum(g["beads"]) == parcels):
        sys.exit("%s.histogram: %r" % (where, g))
    if abs(g["edges"][-1] - e["max"]) > 1e-12 * e["max"]: sys.exit("%s.histogram ends at %r, max is %r" % (where, g["edges"][-1], e["max"]))
    x = e.get("exposure_per_revolution")
    if not (isinstance(x, dict) and isinstance(x.get("mean"), num) and x["mean"] > 0 and isinstance(x.get("p95"), num)
            and isinstance(x.get("unit"), str)):
        sys.exit("%s.exposure_per_revolution is %r" % (where, x))
    o = e.get("fraction_damaged_over_time")
    if not (isinstance(o, list) and len(o) == outputs): sys.exit("%s.fraction_damaged_over_time has %r entries for %d outputs" % (where, len(o or []), outputs))
    if [p[0] for p in o] != sorted(p[0] for p in o): sys.exit("%s.fraction_damaged_over_time is not in time order" % where)
    if o[-1][1] != e["fraction_damaged"]: sys.exit("%s: the last fraction_damaged_over_time is not fraction_damaged" % where)
# Something is damaged: the shear model, 0.01 s above 1 uPa.
if not d["shear"]["fraction_damaged"] > 0: sys.exit("damage.shear.fraction_damaged is 0: the check is vacuous")
' "$out/summary.json" "$outputs" "$parcels" "$criteria" "$models" || fail "$out/summary.json"

  # hotspots.csv: the regions of each criterion, the summary's first.
  [ -f "$out/hotspots.csv" ] || fail "$out: no hotspots.csv"
  python3 -c '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
header = "criterion,label,cells,volume_m3,volume_fraction,mean,max_or_min,centroid_x_m,centroid_y_m,centroid_z_m,mean_radius_m,location"
if ",".join(rows[0]) != header: sys.exit("header is %r" % ",".join(rows[0]))
t = json.load(open(sys.argv[2]))["hotspots"]["thresholds"]
for c, e in t.items():
    mine = [r for r in rows[1:] if r[0] == c]
    if len(mine) != e["regions_in_csv"] or e["regions_in_csv"] != min(e["region_count"], 1000):
        sys.exit("%d rows for %s; the summary counts %d regions, %d in the csv" % (len(mine), c, e["region_count"], e["regions_in_csv"]))
    if [int(r[1]) for r in mine] != list(range(1, len(mine) + 1)): sys.exit("%s: labels are not 1..%d" % (c, len(mine)))
    for r, g in zip(mine, e["regions"]):
        if abs(float(r[3]) - g["volume_m3"]) > 1e-6 * g["volume_m3"] or r[11] != g["location"]:
            sys.exit("%s region %s: csv %s, summary %s" % (c, r[1], r, g))
' "$out/hotspots.csv" "$out/summary.json" || fail "$out/hotspots.csv"

  # damage.csv: one row per output, the last the summary's numbers.
  [ -f "$out/damage.csv" ] || fail "$out: no damage.csv"
  python3 -c '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
models = sys.argv[3].split()
header = ["time_s", "released"] + [m + c for m in models for c in ("_mean", "_p95", "_max", "_fraction_damaged")]
if rows[0] != header: sys.exit("header is %r" % ",".join(rows[0]))
if len(rows) - 1 != int(sys.argv[4]): sys.exit("%d rows, expected %s (one per output)" % (len(rows) - 1, sys.argv[4]))
d = json.load(open(sys.argv[2]))["damage"]
last = dict(zip(rows[0], rows[-1]))
for m in models:
    for c in ("mean", "p95", "max", "fraction_damaged"):
        v, w = float(last[m + "_" + c]), d[m][c]
        if abs(v - w) > 1e-8 * abs(w): sys.exit("last row %s_%s = %r, summary %r" % (m, c, v, w))
' "$out/damage.csv" "$out/summary.json" "$models" "$outputs" || fail "$out/damage.csv"

  # The first field output (step 0, before any average) has no exposure
  # fields; the last has them all, consistent with the summary.
  local first last
  first=$(find "$out" -maxdepth 1 -name "fields_*.$ext" | sort | head -n 1)
  last=$(find "$out" -maxdepth 1 -name "fields_*.$ext" | sort | tail -n 1)
  [ -n "$first" ] && [ "$first" != "$last" ] || fail "$out: fewer than two fields_*.$ext"
  python3 "$readvti" "$first" | python3 -c '
import json, sys
a = json.load(sys.stdin)["arrays"]
late = [n for n in a if n.startswith(("exposure_", "damage_potential_", "hotspot_region_", "max_", "min_", "mean_"))]
if late: sys.exit("the output before any time average has %s" % late)
' || fail "$first"
  local arrays="cell_type exposure_shear_stress exposure_dissipation exposure_kolmogorov"
  arrays+=" min_kolmogorov_length_m max_dissipation_W_kg max_shear_stress_Pa mean_eddy_shear_stress_Pa"
  arrays+=" mean_dissipation_W_kg"
  local m c
  for m in $models; do arrays+=" damage_potential_1h_$m"; done
  for c in $criteria; do arrays+=" hotspot_region_$c"; done
  # shellcheck disable=SC2086
  python3 "$readvti" "$last" $arrays > "$out/last_cells.json" 2>&1 || fail "$last: $(cat "$out/last_cells.json")"
  python3 -c '
import csv, json, math, sys
v = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
rows = list(csv.reader(open(sys.argv[3])))[1:]
liquid = [i for i, t in enumerate(v["cell_type"]) if t == 0]
h = s["hotspots"]
dx3 = h["liquid_volume_m3"] / len(liquid)
for c in ("shear_stress", "dissipation", "kolmogorov"):
    e = v["exposure_" + c]
    if any(not (0 <= e[i] <= 1) for i in liquid): sys.exit("exposure_%s outside [0, 1]" % c)
    mean = sum(e[i] for i in liquid) / len(liquid)
    want = h["thresholds"][c]["time_averaged_volume_fraction"]
    if abs(mean - want) > 1e-5 * want:
        sys.exit("exposure_%s averages %r over the liquid; the summary says %r" % (c, mean, want))
    labels = v["hotspot_region_" + c]
    count = {}
    for i, l in enumerate(labels):
        if l != int(l) or l < 0: sys.exit("hotspot_region_%s has label %r" % (c, l))
        if l > 0: count[int(l)] = count.get(int(l), 0) + 1
    expected = {int(r[1]): int(r[2]) for r in rows if r[0] == c}
    if count != expected: sys.exit("hotspot_region_%s labels cells %s; hotspots.csv says %s" % (c, count, expected))
    hot = sum(count.values()) / len(liquid)
    if abs(hot - h["thresholds"][c]["volume_fraction"]) > 1e-12:
        sys.exit("hotspot_region_%s covers %r of the liquid; volume_fraction is %r" % (c, hot, h["thresholds"][c]["volume_fraction"]))
# The energy balance integrates this very field: the exposure fields that
# follow it in the averages must not shift what it reads.
# (This start-up never reaches full speed, so it has no energy balance;
# run_blend_end_to_end.sh checks one that does.)
if "energy_balance" in s["tank"]:
    eps = v["mean_dissipation_W_kg"]
    integral = sum(eps[i] for i in liquid) * s["parameters_si"]["density_kg_m3"] * dx3
    want = s["tank"]["energy_balance"]["dissipation_integral_W"]
    if abs(integral - want) > 1e-4 * abs(want):
        sys.exit("energy_balance.dissipation_integral_W is %r; the mean_dissipation_W_kg field integrates to %r" % (want, integral))
# A threshold model with a hotspot threshold: 3600 s times that exposure.
# Kolmogorov: 1 - exp(-100/h x 3600 s x exposure).
pairs = [("shear", "shear_stress", lambda x: 3600 * x), ("dissipation", "dissipation", lambda x: 3600 * x),
         ("kolmogorov", "kolmogorov", lambda x: -math.expm1(-100 / 3600 * 3600 * x))]
for m, c, f in pairs:
    p, e = v["damage_potential_1h_" + m], v["exposure_" + c]
    bad = [i for i in liquid if abs(p[i] - f(e[i])) > 1e-6 * max(abs(f(e[i])), 1e-30)]
    if bad: sys.exit("damage_potential_1h_%s is not the %s exposure: cell %d has %r for %r" % (m, c, bad[0], p[bad[0]], e[bad[0]]))
rbc = v["damage_potential_1h_rbc"]
if any(not (x >= 0) for x in rbc) or max(rbc) <= 0: sys.exit("damage_potential_1h_rbc is not positive somewhere and >= 0")
for n in ("max_dissipation_W_kg", "max_shear_stress_Pa", "mean_eddy_shear_stress_Pa"):
    if any(not (v[n][i] >= 0) for i in liquid) or max(v[n]) <= 0: sys.exit("%s is not >= 0 and positive somewhere" % n)
# min lambda_K: positive where the cell dissipated, NaN (no eddies) where it never did.
lk, em = v["min_kolmogorov_length_m"], v["max_dissipation_W_kg"]
bad = [i for i in liquid if not ((em[i] > 0 and lk[i] > 0) or (em[i] == 0 and lk[i] != lk[i]))]
if bad: sys.exit("min_kolmogorov_length_m: cell %d has %r with max dissipation %r" % (bad[0], lk[bad[0]], em[bad[0]]))
' "$out/last_cells.json" "$out/summary.json" "$out/hotspots.csv" || fail "$last"

  # The last particle file: damage_<name> per bead, the summary's numbers.
  local beads
  beads=$(find "$out" -maxdepth 1 -name "fields_particles_*.$pext" | sort | tail -n 1)
  [ -n "$beads" ] || fail "$out: no fields_particles_*.$pext"
  # shellcheck disable=SC2086
  python3 "$readvtp" "$beads" id $(for m in $models; do echo "damage_$m"; done) > "$out/last_beads.json" 2>&1 ||
    fail "$beads: $(cat "$out/last_beads.json")"
  python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))["damage"]
n = int(sys.argv[3])
if b["points"] != n or sorted(b["id"]) != list(range(n)): sys.exit("%d beads, expected ids 0..%d" % (b["points"], n - 1))
for m, e in d.items():
    v = b["damage_" + m]
    if any(not (x >= 0) for x in v): sys.exit("damage_%s has a negative or NaN value" % m)
    if abs(max(v) - e["max"]) > 1e-6 * e["max"]: sys.exit("damage_%s peaks at %r; the summary max is %r" % (m, max(v), e["max"]))
    mean = sum(v) / len(v)
    if abs(mean - e["mean"]) > 1e-5 * e["mean"]: sys.exit("damage_%s averages %r; the summary mean is %r" % (m, mean, e["mean"]))
' "$out/last_beads.json" "$out/summary.json" "$parcels" || fail "$beads"
  [ -z "$(find "$out" -name '*.tmp*')" ] || fail "$out: temporary files left behind"
}

# (a) One rank.
"$stirlb" run "$work/damage.toml" -o "$work/one" --steps $steps --backend cpu > "$work/log1.txt" 2>&1 ||
  fail "the one-rank run exited with $?"
check_run "$work/one" vti

# (b) Twice as many outputs: the same damage, the same hotspots. The rows
# of damage.csv at the times both runs wrote are the same too.
"$stirlb" run "$work/damage_dense.toml" -o "$work/dense" --steps $steps --backend cpu > "$work/log2.txt" 2>&1 ||
  fail "the run with more outputs exited with $?"
check_run "$work/dense" vti
python3 -c '
import csv, json, sys
a, b = (json.load(open(p + "/summary.json")) for p in sys.argv[1:3])
if not len(b["damage"]["shear"]["fraction_damaged_over_time"]) > len(a["damage"]["shear"]["fraction_damaged_over_time"]):
    sys.exit("the dense run did not write more outputs")
for m in a["damage"]:
    x, y = dict(a["damage"][m]), dict(b["damage"][m])
    x.pop("fraction_damaged_over_time"), y.pop("fraction_damaged_over_time")
    for k in x:
        if x[k] != y[k]: sys.exit("damage.%s.%s: %r with fewer outputs, %r with more" % (m, k, x[k], y[k]))
if a["hotspots"] != b["hotspots"]: sys.exit("the hotspots section depends on the output interval")
ra, rb = (list(csv.reader(open(p + "/damage.csv"))) for p in sys.argv[1:3])
common = {r[0]: r for r in ra[1:]}
shared = [r for r in rb[1:] if r[0] in common]
if len(shared) != len(ra) - 1: sys.exit("the dense damage.csv lacks times of the sparse one: %s" % sorted(common))
for r in shared:
    if r != common[r[0]]: sys.exit("damage.csv at t = %s: %s with fewer outputs, %s with more" % (r[0], common[r[0]], r))
' "$work/one" "$work/dense" || fail "output frequency changed the damage or the hotspots"
cmp -s "$work/one/hotspots.csv" "$work/dense/hotspots.csv" || fail "hotspots.csv depends on the output interval"

# (c) Two ranks: a .pvti of pieces, and the same numbers.
"$mpiexec" --oversubscribe -np 2 "$stirlb" run "$work/damage.toml" -o "$work/two" --steps $steps --backend cpu \
  > "$work/log3.txt" 2>&1 || fail "the two-rank run exited with $?"
grep -q 'decomposition: 2 rank' "$work/log3.txt" || fail "the two-rank run did not run on 2 ranks"
check_run "$work/two" pvti
python3 -c '
import csv, json, sys
a, b = (json.load(open(p + "/summary.json")) for p in sys.argv[1:3])
if a["damage"] != b["damage"]:
    for m in a["damage"]:
        for k in a["damage"][m]:
            if a["damage"][m][k] != b["damage"][m][k]:
                sys.exit("damage.%s.%s: %r on 1 rank, %r on 2" % (m, k, a["damage"][m][k], b["damage"][m][k]))
# Regions: labels, sizes and places exactly; what sums floats over ranks
# (means, radii) to rounding.
for c, x in a["hotspots"]["thresholds"].items():
    y = b["hotspots"]["thresholds"][c]
    for k in ("volume_fraction", "volume_m3", "region_count", "regions_in_csv"):
        if x[k] != y[k]: sys.exit("hotspots.thresholds.%s.%s: %r on 1 rank, %r on 2" % (c, k, x[k], y[k]))
    if abs(x["time_averaged_volume_fraction"] - y["time_averaged_volume_fraction"]) > 1e-12:
        sys.exit("hotspots.thresholds.%s.time_averaged_volume_fraction differs" % c)
    for r, q in zip(x["regions"], y["regions"]):
        for k in ("label", "volume_m3", "volume_fraction", "location", "location_fractions", "centroid_m"):
            if r[k] != q[k]: sys.exit("%s region %d %s: %r on 1 rank, %r on 2" % (c, r["label"], k, r[k], q[k]))
ra, rb = (list(csv.reader(open(p + "/hotspots.csv"))) for p in sys.argv[1:3])
if len(ra) != len(rb) or ra[0] != rb[0]: sys.exit("hotspots.csv: %d rows on 1 rank, %d on 2" % (len(ra), len(rb)))
for r, q in zip(ra[1:], rb[1:]):
    exact = [r[k] for k in (0, 1, 2, 3, 4, 11)], [q[k] for k in (0, 1, 2, 3, 4, 11)]
    if exact[0] != exact[1]: sys.exit("hotspots.csv: %s on 1 rank, %s on 2" % (r, q))
    for k in range(5, 11):
        if abs(float(r[k]) - float(q[k])) > 1e-5 * max(abs(float(r[k])), 1e-9):
            sys.exit("hotspots.csv column %s: %s on 1 rank, %s on 2" % (ra[0][k], r, q))
' "$work/one" "$work/two" || fail "rank independence of the summary"
cmp -s "$work/one/damage.csv" "$work/two/damage.csv" || fail "damage.csv differs between 1 and 2 ranks"
python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for n in a:
    if n.startswith(("exposure_", "damage_potential_", "hotspot_region_")) and a[n] != b[n]:
        k = next(i for i in range(len(a[n])) if a[n][i] != b[n][i])
        sys.exit("%s differs between 1 and 2 ranks, first at cell %d: %r vs %r" % (n, k, a[n][k], b[n][k]))
a, b = (json.load(open(p)) for p in sys.argv[3:5])
for n in a:
    if n.startswith("damage_"):
        x, y = dict(zip(a["id"], a[n])), dict(zip(b["id"], b[n]))
        if x != y: sys.exit("%s differs between 1 and 2 ranks for %d beads" % (n, sum(x[i] != y.get(i) for i in x)))
' "$work/one/last_cells.json" "$work/two/last_cells.json" "$work/one/last_beads.json" "$work/two/last_beads.json" ||
  fail "rank independence of the last field and particle files"
echo "ok: hotspots and damage on 1 and 2 ranks and at two output intervals: summary, hotspots.csv, damage.csv, cell and bead arrays"
