#!/usr/bin/env bash
# run_end_to_end.sh STIRLB CASE_DIR WORK_DIR
# Runs a small case end to end and checks what a user gets: the VTK series,
# summary.json with its key figures, no temporary files, and an existing
# output folder that is refused rather than overwritten.
set -euo pipefail
stirlb=$1 cases=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
out="$work/run"
"$stirlb" run "$cases/tiny_cavity.toml" -o "$out" --backend cpu > "$work/log.txt"
fail() { echo "FAIL: $*"; cat "$work/log.txt"; exit 1; }
[ -f "$out/summary.json" ] || fail "no summary.json"
[ -f "$out/fields.pvd" ] || fail "no fields.pvd"
n=$(ls "$out"/fields_*.vti | wc -l)
[ "$n" -eq 3 ] || fail "expected 3 .vti files (t = 0, 0.05, 0.1 s), found $n"
grep -q '"status": "completed"' "$out/summary.json" || fail "summary status"
grep -q '"mlups"' "$out/summary.json" || fail "summary has no MLUPs"
grep -q '"mass_drift_relative"' "$out/summary.json" || fail "summary has no mass drift"
grep -q 'velocity_m_s' "$out/fields_00000000.vti" || fail "no velocity_m_s array"
grep -q 'vtkZLibDataCompressor' "$out/fields_00000000.vti" || fail ".vti not compressed"
[ -z "$(find "$out" -name '.*tmp*')" ] || fail "temporary files left behind"
grep -q 'tau' "$work/log.txt" || fail "no unit report printed"
# A second run into the same folder must be refused and leave it untouched.
before=$(md5sum "$out/summary.json")
if "$stirlb" run "$cases/tiny_cavity.toml" -o "$out" --backend cpu 2> "$work/err.txt" >/dev/null; then
  fail "second run into an existing folder was not refused"
fi
grep -q -- '--overwrite' "$work/err.txt" || fail "refusal does not mention --overwrite"
[ "$before" = "$(md5sum "$out/summary.json")" ] || fail "existing summary.json was modified"
"$stirlb" run "$cases/tiny_cavity.toml" -o "$out" --backend cpu --overwrite > /dev/null || fail "--overwrite run failed"
echo "ok: end-to-end run, outputs and overwrite protection"
