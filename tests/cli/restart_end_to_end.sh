#!/usr/bin/env bash
# restart_end_to_end.sh STIRLB MPIEXEC CASE_DIR WORK_DIR
# What a batch job meets: a tank run on 2 ranks is sent SIGUSR1 (as Slurm's
# --signal does), writes a checkpoint and exits with code 3; the run resumes
# from it on 1 rank and completes. A damaged checkpoint is refused with exit
# code 2 and leaves the output folder as it was.
set -euo pipefail
stirlb=$1 mpiexec=$2 cases=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
out="$work/run"
fail() { echo "FAIL: $*"; cat "$work"/log*.txt 2>/dev/null || true; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1

# Many steps, so that the signal surely arrives before the end.
"$mpiexec" -n 2 --oversubscribe "$stirlb" run "$cases/valid_tank.toml" -o "$out" --steps 1000000 --backend cpu \
  > "$work/log1.txt" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -f "$out/fields.pvd" ] && break
  sleep 0.1
done
[ -f "$out/fields.pvd" ] || fail "the run did not start"
sleep 1
kill -USR1 $pid
status=0
wait $pid || status=$?
[ "$status" -eq 3 ] || fail "signalled run exited with $status, expected 3"
[ -f "$out/checkpoint.h5" ] || fail "no checkpoint.h5 after the signal"
step=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
if s["status"] != "checkpointed": sys.exit("status %r" % s["status"])
print(s["run"]["steps"])' "$out/summary.json") || fail "summary.json of the signalled run"
[ "$step" -gt 0 ] || fail "checkpoint at step $step"

# Resume on one rank, 20 steps further.
total=$((step + 20))
"$stirlb" run "$cases/valid_tank.toml" -o "$out" --steps "$total" --backend cpu --restart "$out/checkpoint.h5" \
  > "$work/log2.txt" 2>&1 || fail "resumed run exited with $?"
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
if s["status"] != "completed": sys.exit("status %r" % s["status"])
if s["run"]["steps"] != int(sys.argv[2]): sys.exit("steps %r" % s["run"]["steps"])' "$out/summary.json" "$total" ||
  fail "summary.json of the resumed run"
rows=$(($(wc -l < "$out/torque.csv") - 1))
[ "$rows" -eq "$total" ] || fail "torque.csv has $rows rows after the resumed run, expected $total"
grep -q "restarted from" "$work/log2.txt" || fail "no restart message"
# The series goes on: the first run's step 0 is still listed beside the new steps.
grep -q 'file="fields_00000000.pvti"' "$out/fields.pvd" || fail "the resumed run dropped the earlier steps from fields.pvd"
grep -q "fields_0*${total}.vti" "$out/fields.pvd" || fail "fields.pvd does not list the resumed run's last step"

# A truncated checkpoint: refused, nothing in the folder changes.
cp "$out/checkpoint.h5" "$work/broken.h5"
truncate -s 5000 "$work/broken.h5"
before=$(cd "$out" && find . -type f -exec md5sum {} + | sort)
status=0
"$stirlb" run "$cases/valid_tank.toml" -o "$out" --steps "$((total + 10))" --restart "$work/broken.h5" \
  > "$work/log3.txt" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "a truncated checkpoint gave exit code $status, expected 2"
grep -q "broken.h5" "$work/log3.txt" || fail "the error does not name the checkpoint"
after=$(cd "$out" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail "the refused restart changed the output folder"
[ -z "$(find "$out" -name '*.tmp*')" ] || fail "temporary files left behind"
echo "ok: checkpoint on signal, restart on another rank count, damaged checkpoint refused"
