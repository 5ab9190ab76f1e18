#!/usr/bin/env bash
# npm run bench:export: the export benchmark (tests/load/export-bench.ts) on PostgreSQL.
# With DATABASE_URL set it uses that server (fresh databases it drops afterwards); otherwise it
# starts a throwaway cluster with .ci/pg-cluster.sh and removes it at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
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
node --import tsx tests/load/export-bench.ts "$@" || rc=$?
exit "$rc"
