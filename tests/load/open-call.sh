#!/usr/bin/env bash
# npm run bench:open-call: the open-call benchmark (tests/load/open-call.ts) on PostgreSQL.
# With DATABASE_URL set it uses that server (in a fresh database it drops afterwards);
# otherwise it starts a throwaway cluster with .ci/pg-cluster.sh and removes it at the end.
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
node --import tsx tests/load/open-call.ts "$@" || rc=$?
exit "$rc"
