#!/usr/bin/env bash
# sweep_end_to_end.sh STIRLB CASE_DIR WORK_DIR
# `stirlb sweep` over two shaft speeds of the small tank with microcarriers,
# 10 steps each: one folder per speed with its own run, sweep.json with both
# runs, a just-suspended speed and Zwietering's estimate, and sweep.csv.
set -euo pipefail
stirlb=$1 cases=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
out="$work/sweep"
fail() { echo "FAIL: $*"; cat "$work/log.txt" 2>/dev/null || true; exit 1; }
export OMP_NUM_THREADS=1

"$stirlb" sweep "$cases/valid_tank_beads.toml" --rpm 60:120:2 --steps 10 --backend cpu -o "$out" \
  > "$work/log.txt" 2>&1 || fail "sweep exited with $?"
[ -f "$out/sweep.json" ] || fail "no sweep.json"
python3 -c '
import json, os, sys
out = sys.argv[1]
s = json.load(open(os.path.join(out, "sweep.json")))
for key in ("case", "just_suspended_level", "runs", "njs_rpm", "zwietering"):
    if key not in s: sys.exit("sweep.json has no %r (keys: %s)" % (key, sorted(s)))
if s["case"] != "valid_tank_beads": sys.exit("case %r" % s["case"])
if not (0 < s["just_suspended_level"] <= 1): sys.exit("just_suspended_level %r" % s["just_suspended_level"])
runs = s["runs"]
if len(runs) != 2: sys.exit("%d runs, expected 2" % len(runs))
speeds = [r["speed_rpm"] for r in runs]
if speeds != [60, 120]: sys.exit("speeds %r, expected [60, 120]" % speeds)
for r in runs:
    for key in ("folder", "fraction_suspended", "final"):
        if key not in r: sys.exit("run at %r rpm has no %r" % (r["speed_rpm"], key))
    if r["folder"] != "rpm_%.1f" % r["speed_rpm"]: sys.exit("folder %r for %r rpm" % (r["folder"], r["speed_rpm"]))
    summary = os.path.join(out, r["folder"], "summary.json")
    if not os.path.isfile(summary): sys.exit("%s does not exist" % summary)
    m = json.load(open(summary))
    if m.get("status") != "completed": sys.exit("%s: status %r" % (summary, m.get("status")))
    if m["run"]["steps"] != 10: sys.exit("%s: %r steps, expected 10" % (summary, m["run"]["steps"]))
    if m["microcarriers"]["final"] != r["final"]: sys.exit("final of %r rpm differs from its summary.json" % r["speed_rpm"])
    if not (0 <= r["fraction_suspended"] <= 1): sys.exit("fraction_suspended %r" % r["fraction_suspended"])
if s["njs_rpm"] is not None and not (60 <= s["njs_rpm"] <= 120):
    sys.exit("njs_rpm %r outside the swept range" % s["njs_rpm"])
z = s["zwietering"]
for key in ("njs_rpm", "S", "solids_mass_percent", "note"):
    if key not in z: sys.exit("zwietering has no %r" % key)
if not isinstance(z["njs_rpm"], (int, float)) or isinstance(z["njs_rpm"], bool) or not z["njs_rpm"] > 0:
    sys.exit("zwietering.njs_rpm %r, expected a positive number (a Rushton turbine has an S)" % z["njs_rpm"])
if not z["S"] > 0 or not z["solids_mass_percent"] > 0: sys.exit("zwietering S %r, solids %r" % (z["S"], z["solids_mass_percent"]))
' "$out" || fail "sweep.json"
[ -f "$out/sweep.csv" ] || fail "no sweep.csv"
lines=$(wc -l < "$out/sweep.csv")
[ "$lines" -eq 3 ] || fail "sweep.csv has $lines lines, expected 3 (header and 2 speeds)"
head -n 1 "$out/sweep.csv" | grep -q '^speed_rpm,fraction_suspended' || fail "sweep.csv header is '$(head -n 1 "$out/sweep.csv")'"
[ "$(cut -d, -f1 "$out/sweep.csv" | tail -n +2 | tr '\n' ' ')" = "60 120 " ] || fail "sweep.csv speeds: $(cut -d, -f1 "$out/sweep.csv" | tr '\n' ' ')"
[ -z "$(find "$out" -name '*.tmp*')" ] || fail "temporary files left behind"

# A second sweep into the same folder is refused without --overwrite and
# leaves it as it was.
before=$(cd "$out" && find . -type f -exec md5sum {} + | sort)
status=0
"$stirlb" sweep "$cases/valid_tank_beads.toml" --rpm 60:120:2 --steps 10 --backend cpu -o "$out" \
  > "$work/log2.txt" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "a sweep into a full folder exited with $status, expected 2"
grep -q -- "--overwrite" "$work/log2.txt" || fail "the refusal does not mention --overwrite: $(cat "$work/log2.txt")"
after=$(cd "$out" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail "the refused sweep changed the output folder"
echo "ok: sweep over 60 and 120 rpm, sweep.json, sweep.csv"
