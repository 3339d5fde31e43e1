#!/usr/bin/env bash
# expect_error.sh EXIT_CODE REGEX -- COMMAND...
# Passes if COMMAND exits with EXIT_CODE and its stderr matches REGEX: bad
# input must be refused with a message that names the problem, not a crash.
set -u
want_code=$1 pattern=$2
shift 3
err=$("$@" 2>&1 >/dev/null)
code=$?
if [ "$code" -ne "$want_code" ]; then
  echo "expected exit code $want_code, got $code; stderr was:"; echo "$err"; exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$err"; then
  echo "stderr does not match /$pattern/:"; echo "$err"; exit 1
fi
echo "ok: exit $code, stderr: $err"
