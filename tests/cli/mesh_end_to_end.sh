#!/usr/bin/env bash
# mesh_end_to_end.sh STIRLB CASE_DIR WORK_DIR
# Meshes the small tank case and checks what a user gets: the geometry series
# (.pvd, cell types as .vti, impeller surface as .vtp), resolution.json with
# the resolution the case asks for, and an existing output folder that is
# refused rather than overwritten.
set -euo pipefail
stirlb=$1 cases=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
out="$work/mesh"
fail() { echo "FAIL: $*"; cat "$work/log.txt" 2>/dev/null || true; exit 1; }
"$stirlb" mesh "$cases/valid_tank.toml" -o "$out" > "$work/log.txt" 2>&1 || fail "mesh exited with $?"
[ -f "$out/geometry.pvd" ] || fail "no geometry.pvd"
[ -n "$(find "$out" -maxdepth 1 -name '*.vti')" ] || fail "no .vti (cell types)"
[ -n "$(find "$out" -maxdepth 1 -name '*.vtp')" ] || fail "no .vtp (impeller surface)"
[ -f "$out/resolution.json" ] || fail "no resolution.json"
grep -q 'cell_type' "$out"/*.vti || fail "no cell_type array in the .vti"
# valid_tank.toml asks for 12 cells per impeller diameter.
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
n = r["cells_per_impeller_diameter"]
sys.exit(0 if abs(n - 12) < 1e-6 else "cells_per_impeller_diameter is %r, expected 12" % n)
' "$out/resolution.json" || fail "resolution.json"
[ -z "$(find "$out" -name '*.tmp*')" ] || fail "temporary files left behind"
grep -q 'cells per impeller' "$work/log.txt" || fail "no resolution report printed"
# A second mesh into the same folder must be refused and leave it untouched.
listing=$(cd "$out" && ls -l --time-style=+%s.%N)
sums=$(cd "$out" && md5sum ./*)
set +e
"$stirlb" mesh "$cases/valid_tank.toml" -o "$out" > /dev/null 2> "$work/err.txt"
code=$?
set -e
[ "$code" -eq 2 ] || fail "second mesh into an existing folder exited with $code, expected 2: $(cat "$work/err.txt")"
grep -q -- '--overwrite' "$work/err.txt" || fail "refusal does not mention --overwrite: $(cat "$work/err.txt")"
[ "$listing" = "$(cd "$out" && ls -l --time-style=+%s.%N)" ] || fail "the output folder changed"
[ "$sums" = "$(cd "$out" && md5sum ./*)" ] || fail "existing files were modified"
"$stirlb" mesh "$cases/valid_tank.toml" -o "$out" --overwrite > /dev/null || fail "--overwrite mesh failed"
[ -f "$out/geometry.pvd" ] && [ -f "$out/resolution.json" ] || fail "--overwrite mesh left no outputs"
echo "ok: mesh of a tank, outputs and overwrite protection"
