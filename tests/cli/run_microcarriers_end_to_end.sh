#!/usr/bin/env bash
# run_microcarriers_end_to_end.sh STIRLB MPIEXEC CASE_DIR WORK_DIR
# The small tank with 500 microcarrier parcels, 20 steps, on one rank and on
# two: the "microcarriers" block of summary.json, one suspension.csv row per
# output, the particle files listed as part 2 of fields.pvd (.vtp on one
# rank, .pvtp and a folder of pieces on two) holding all 500 parcels, no
# temporary files; and the two runs agree exactly (the particle tracking is
# meant to be bitwise independent of the rank count).
set -euo pipefail
stirlb=$1 mpiexec=$2 cases=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
readvtp="$here/read_vtp.py"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; cat "$work"/log*.txt 2>/dev/null || true; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
case_file="$cases/valid_tank_beads.toml"
parcels=500

# check_run OUT EXT: the outputs of one finished run; EXT is vtp or pvtp, the
# particle files the run should list.
check_run() {
  local out=$1 ext=$2
  [ -f "$out/summary.json" ] || fail "$out: no summary.json"
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
if s.get("status") != "completed": sys.exit("status is %r" % s.get("status"))
m = s.get("microcarriers")
if not isinstance(m, dict): sys.exit("summary.json has no \"microcarriers\" object")
for key in ("real_beads", "parcels", "parcels_at_end", "two_way_coupling", "wall_time_share", "final", "history"):
    if key not in m: sys.exit("microcarriers has no %r (keys: %s)" % (key, sorted(m)))
if m["parcels"] != n or m["parcels_at_end"] != n:
    sys.exit("parcels %r, parcels_at_end %r, expected %d" % (m["parcels"], m["parcels_at_end"], n))
if m["two_way_coupling"] is not False: sys.exit("two_way_coupling %r, expected false" % m["two_way_coupling"])
if not (isinstance(m["real_beads"], (int, float)) and m["real_beads"] > n):
    sys.exit("real_beads %r, expected more than the %d parcels" % (m["real_beads"], n))
if not (0 <= m["wall_time_share"] <= 1): sys.exit("wall_time_share %r outside [0, 1]" % m["wall_time_share"])
f = m["final"]
for key in ("fraction_suspended", "fraction_settled"):
    if not (isinstance(f.get(key), (int, float)) and 0 <= f[key] <= 1):
        sys.exit("final.%s is %r, expected a number in [0, 1]" % (key, f.get(key)))
if f.get("released") != n: sys.exit("final.released %r, expected %d (release_time = 0)" % (f.get("released"), n))
h = m["history"]
if not isinstance(h, list) or not h: sys.exit("history is empty")
if h[-1] != f: sys.exit("the last history entry differs from final")
' "$out/summary.json" "$parcels" || fail "$out/summary.json"

  # Outputs: one row of suspension.csv per field output listed in fields.pvd.
  [ -f "$out/fields.pvd" ] || fail "$out: no fields.pvd"
  local outputs rows
  outputs=$(grep -c 'part="0"' "$out/fields.pvd") || true
  [ "$outputs" -ge 3 ] || fail "$out/fields.pvd lists $outputs outputs, expected at least 3"
  [ -f "$out/suspension.csv" ] || fail "$out: no suspension.csv"
  head -n 1 "$out/suspension.csv" |
    grep -qx 'time_s,parcels,released,fraction_suspended,fraction_settled,cloud_height,homogeneity_cv,mean_height' ||
    fail "$out/suspension.csv header is '$(head -n 1 "$out/suspension.csv")'"
  rows=$(($(wc -l < "$out/suspension.csv") - 1))
  [ "$rows" -eq "$outputs" ] || fail "$out/suspension.csv has $rows rows, expected $outputs (one per output)"
  python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["microcarriers"]["history"]
if len(h) != int(sys.argv[2]): sys.exit("history has %d entries, expected %s" % (len(h), sys.argv[2]))
' "$out/summary.json" "$outputs" || fail "$out/summary.json history"

  # Part 2 of the series: one particle file per output, each present and
  # holding every parcel once.
  local files
  files=$(python3 -c '
import sys, xml.etree.ElementTree as ET
for d in ET.parse(sys.argv[1]).getroot().iter("DataSet"):
    if d.get("part") == "2": print(d.get("file"))
' "$out/fields.pvd") || fail "$out/fields.pvd does not parse"
  [ "$(wc -l <<<"$files")" -eq "$outputs" ] || fail "$out/fields.pvd lists $(wc -l <<<"$files") particle files for $outputs outputs"
  local f
  for f in $files; do
    [[ "$f" == fields_particles_*."$ext" ]] || fail "$out/fields.pvd lists particle file $f, expected fields_particles_*.$ext"
    [ -f "$out/$f" ] || fail "$out/fields.pvd lists $f, which does not exist"
    python3 "$readvtp" "$out/$f" id suspended Points | python3 -c '
import json, sys
d = json.load(sys.stdin)
n = int(sys.argv[1])
if d["points"] != n: sys.exit("%d points, expected %d" % (d["points"], n))
if sorted(d["id"]) != list(range(n)): sys.exit("the ids are not 0..%d, each once" % (n - 1))
if any(v not in (0, 1) for v in d["suspended"]): sys.exit("suspended is not 0 or 1")
# Inside the vessel (T = 0.3 m, H = 0.3 m, axis on x = y = 0, bottom at z = 0),
# up to the staircase of its lattice cells (dx = 8.3 mm).
for x, y, z in d["Points"]:
    if x * x + y * y > 0.165 ** 2 or not (-0.01 <= z <= 0.31):
        sys.exit("a parcel at (%g, %g, %g) is outside the liquid" % (x, y, z))
' "$parcels" || fail "$out/$f"
  done
  [ -n "$(find "$out" -maxdepth 1 -name "fields_particles_*.$ext")" ] || fail "$out: no fields_particles_*.$ext"
  [ -z "$(find "$out" -name '*.tmp*')" ] || fail "$out: temporary files left behind"
}

# (a) One rank.
"$stirlb" run "$case_file" -o "$work/one" --steps 20 --backend cpu > "$work/log1.txt" 2>&1 ||
  fail "the one-rank run exited with $?"
check_run "$work/one" vtp

# (b) Two ranks: a .pvtp with its pieces, and the same numbers.
"$mpiexec" --oversubscribe -np 2 "$stirlb" run "$case_file" -o "$work/two" --steps 20 --backend cpu \
  > "$work/log2.txt" 2>&1 || fail "the two-rank run exited with $?"
grep -q 'decomposition: 2 rank' "$work/log2.txt" || fail "the two-rank run did not run on 2 ranks"
check_run "$work/two" pvtp
[ -n "$(find "$work/two" -mindepth 2 -path '*fields_particles_*/*.vtp')" ] || fail "no folder of .vtp pieces beside the .pvtp"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["microcarriers"]
b = json.load(open(sys.argv[2]))["microcarriers"]
if a["final"] != b["final"]:
    sys.exit("final suspension metrics differ between 1 and 2 ranks:\n  1: %s\n  2: %s" % (a["final"], b["final"]))
if a["history"] != b["history"]: sys.exit("the suspension history differs between 1 and 2 ranks")
' "$work/one/summary.json" "$work/two/summary.json" || fail "rank independence"
cmp -s "$work/one/suspension.csv" "$work/two/suspension.csv" || fail "suspension.csv differs between 1 and 2 ranks"
# The parcels themselves, matched by id: the same positions and velocities.
last=$(ls "$work/one"/fields_particles_*.vtp | sort | tail -n 1)
last=$(basename "$last" .vtp)
python3 -c '
import json, subprocess, sys
def load(path):
    d = json.loads(subprocess.check_output([sys.executable, sys.argv[1], path, "id", "Points", "velocity_m_s"]))
    return {i: (x, v) for i, x, v in zip(d["id"], d["Points"], d["velocity_m_s"])}
a, b = load(sys.argv[2]), load(sys.argv[3])
differ = [i for i in a if a[i] != b.get(i)]
if differ: sys.exit("%d parcels differ between 1 and 2 ranks, e.g. id %d: %s vs %s" % (len(differ), differ[0], a[differ[0]], b.get(differ[0])))
' "$readvtp" "$work/one/$last.vtp" "$work/two/$last.pvtp" || fail "the last particle files of 1 and 2 ranks"
echo "ok: microcarriers on 1 and 2 ranks: summary, suspension.csv, particle series, rank-independent results"
