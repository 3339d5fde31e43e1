#!/usr/bin/env bash
# run_tank_end_to_end.sh STIRLB CASE_DIR WORK_DIR
# Runs the small tank case for 20 steps and checks the tank outputs: the
# "tank" block of summary.json, one torque.csv row per step and the turning
# impeller surface next to the fields.
set -euo pipefail
stirlb=$1 cases=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
out="$work/run"
fail() { echo "FAIL: $*"; cat "$work/log.txt" 2>/dev/null || true; exit 1; }
"$stirlb" run "$cases/valid_tank.toml" -o "$out" --steps 20 --backend cpu > "$work/log.txt" 2>&1 ||
  fail "run exited with $?"
[ -f "$out/summary.json" ] || fail "no summary.json"
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
if s.get("status") != "completed": sys.exit("status is %r" % s.get("status"))
t = s.get("tank")
if not isinstance(t, dict): sys.exit("summary.json has no \"tank\" object")
if not isinstance(t.get("tip_speed_m_s"), (int, float)) or t["tip_speed_m_s"] <= 0:
    sys.exit("tank.tip_speed_m_s missing or not positive: %r" % t.get("tip_speed_m_s"))
' "$out/summary.json" || fail "summary.json"
[ -f "$out/torque.csv" ] || fail "no torque.csv"
lines=$(wc -l < "$out/torque.csv")
[ "$lines" -eq 21 ] || fail "torque.csv has $lines lines, expected 21 (header and 20 steps)"
head -n 1 "$out/torque.csv" | grep -q '^time_s,' || fail "torque.csv has no header"
[ -n "$(find "$out" -maxdepth 1 -name 'fields_surface_*.vtp')" ] || fail "no fields_surface_*.vtp"
[ -z "$(find "$out" -name '*.tmp*')" ] || fail "temporary files left behind"
echo "ok: tank run, summary, torque history and impeller surface"
