#!/usr/bin/env bash
# bench/particles.sh [STIRLB] [STEPS] [PAIR...]
# Two-way coupling, its cost and its effect. Each PAIR names two cases,
# bench/cases/microcarriers_PAIR_one_way.toml and ..._two_way.toml, identical
# but for two_way_coupling; both run for the same STEPS (default 1300) on one
# rank, OpenMP threads as the environment sets them. Pairs (default: both):
#   dilute  the demo tank with 0.3 g/L Cytodex 1, uniform start, 40,000 parcels
#   3gpl    the demo tank with 3 g/L, settled start, 40,000 parcels
# Prints a Markdown table for bench/RESULTS.md: wall time, the particles'
# share of it (summary.json microcarriers.wall_time_share: field halo, move,
# two-way deposit and migration, timed around ParticleCloud::advance), the
# power number over the averaging window (tank.power_number), and the
# suspension metrics at the end (microcarriers.final). A run that diverges is
# reported as such, with the step it reached.
set -euo pipefail
cd "$(dirname "$0")/.."
stirlb=${1:-build/stirlb}
steps=${2:-1300}
shift $(( $# < 2 ? $# : 2 ))
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(dilute 3gpl)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| case | coupling | status | steps | parcels | wall s | MLUPs/s | particle s (share) | particle ms/step | IB share | Np (mean +- std) | released | suspended | settled | mean height / H | cloud height / H | homogeneity CV |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for pair in "${pairs[@]}"; do
  one="bench/cases/microcarriers_${pair}_one_way.toml" two="bench/cases/microcarriers_${pair}_two_way.toml"
  # The two cases must differ in nothing but the coupling (and their names).
  strip() { grep -v -e '^#' -e '^name = ' -e '^description = ' -e '^two_way_coupling = ' "$1"; }
  if ! diff <(strip "$one") <(strip "$two") > /dev/null; then
    echo "$one and $two differ in more than two_way_coupling" >&2
    exit 1
  fi
  for coupling in one_way two_way; do
    out="$work/${pair}_$coupling"
    # A diverged run exits non-zero but still writes summary.json.
    "$stirlb" run "bench/cases/microcarriers_${pair}_$coupling.toml" -o "$out" --overwrite --steps "$steps" \
      --backend cpu > "$work/log.txt" 2>&1 || true
    if [ ! -f "$out/summary.json" ]; then
      cat "$work/log.txt" >&2
      exit 1
    fi
    python3 - "$pair" "$coupling" "$out/summary.json" <<'PY'
import json, sys
pair, coupling, path = sys.argv[1:4]
s = json.load(open(path))
run, m, tank = s["run"], s["microcarriers"], s["tank"]
f = m.get("final", {})
np_ = tank.get("power_number") or {}
ok = lambda v: isinstance(v, (int, float))  # NaN is written as null
np_text = f"{np_['mean']:.3f} +- {np_['std']:.3f}" if ok(np_.get("mean")) and ok(np_.get("std")) else "n/a"
def metric(key, fmt):
    return format(f[key], fmt) if ok(f.get(key)) else "n/a"
print(f"| {pair} | {coupling.replace('_', '-')} | {s.get('status', '?')} | {run['steps']} | {m['parcels']} | "
      f"{run['wall_time_s']:.1f} | {run['mlups']:.2f} | {m['wall_time_s']:.1f} ({100 * m['wall_time_share']:.1f} %) | "
      f"{1e3 * m['wall_time_s'] / max(run['steps'], 1):.2f} | "
      f"{100 * run['immersed_boundary_share']:.1f} % | {np_text} | {metric('released', 'd')} | "
      f"{metric('fraction_suspended', '.3f')} | {metric('fraction_settled', '.3f')} | {metric('mean_height', '.4f')} | "
      f"{metric('cloud_height', '.4f')} | {metric('homogeneity_cv', '.3f')} |")
PY
  done
done
