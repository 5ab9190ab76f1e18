#!/usr/bin/env bash
# Runs a benchmark script (tests/load/*.ts) on the PostgreSQL server in DATABASE_URL, or, when it
# is unset, on a throwaway cluster (.ci/pg-cluster.sh) stopped and deleted afterwards.
#   bash tests/load/with-pg.sh tests/load/open-call.ts [ARGS...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ $# -eq 0 ]; then
  echo "usage: $0 SCRIPT.ts [ARGS...]" >&2
  exit 2
fi
if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=../../.ci/pg-cluster.sh
  . .ci/pg-cluster.sh
  trap stop_pg EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_pg
  export DATABASE_URL="$PG_URL"
fi
rc=0
node --import tsx "$@" || rc=$?
exit "$rc"
