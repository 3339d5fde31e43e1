#!/usr/bin/env bash
# bench/halo_scaling.sh [STIRLB] [STEPS]
# Strong and weak scaling on this machine's ranks, with the halo's share of
# the step, from PETSc's log events (stirlb run --profile). One OpenMP
# thread per rank, ranks bound to cores, so that 1 and 2 ranks compare the
# same hardware. Prints a Markdown table for bench/RESULTS.md.
#   strong: the demo tank (immersed boundary included) on 1 and 2 ranks;
#   weak:   a fully periodic 64^3 box per rank (the most halo per cell);
#   transport: the weak box on 2 ranks through MPI neighbours and PetscSF.
set -euo pipefail
cd "$(dirname "$0")/.."
stirlb=${1:-build/stirlb}
steps=${2:-200}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # label ranks case extra-args...
  local label=$1 ranks=$2 case_file=$3
  shift 3
  mpirun -n "$ranks" --oversubscribe --bind-to core "$stirlb" run "$case_file" -o "$work/out" --overwrite \
    --steps "$steps" --backend cpu --profile "$@" > "$work/log.txt" 2>&1
  python3 - "$label" "$ranks" "$work/log.txt" "$work/out/summary.json" <<'PY'
import json, re, sys
label, ranks, log, summary = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
events = {}
for line in open(log):
    m = re.match(r"^(CollideStream|HaloPack|HaloWait|ImmersedBound)\s+\d+\s+[\d.]+\s+([\d.e+-]+)", line)
    if m: events[m.group(1)] = float(m.group(2))  # max over ranks
s = json.load(open(summary))
wall = s["run"]["wall_time_s"]
halo = events.get("HaloPack", 0) + events.get("HaloWait", 0)
print(f"| {label} | {ranks} | {s['lattice']['total_cells']} | {s['run']['mlups']:.2f} | {wall:.2f} | "
      f"{events.get('CollideStream', 0):.2f} | {halo:.2f} ({100 * halo / wall:.1f} %) | "
      f"{events.get('ImmersedBound', 0):.2f} | {s['run']['load_imbalance_max_over_mean']:.3f} |")
PY
}

echo "| run | ranks | cells | MLUPs/s | wall s | collide-stream s | halo s (share) | IB s | imbalance |"
echo "|---|---|---|---|---|---|---|---|---|"
run "strong: demo tank" 1 cases/demo_tank.toml
run "strong: demo tank" 2 cases/demo_tank.toml
run "weak: periodic box 64^3/rank" 1 bench/cases/weak_box_1.toml
run "weak: periodic box 64^3/rank" 2 bench/cases/weak_box_2.toml
run "transport mpi, box" 2 bench/cases/weak_box_2.toml --halo mpi
run "transport petsc-sf, box" 2 bench/cases/weak_box_2.toml --halo petsc-sf
