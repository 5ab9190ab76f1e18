#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#   .ci/with-pg.sh npm test
#   .ci/with-pg.sh npx vitest run server/src/features/proposals
# Starts a fresh cluster (see .ci/pg-cluster.sh), runs the command with
# DATABASE_URL=postgres://mesa@127.0.0.1:PORT/mesa, then stops the cluster and deletes its
# data whatever happens. Exits with the command's status.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
# shellcheck source=.ci/pg-cluster.sh
. "$(dirname "${BASH_SOURCE[0]}")/pg-cluster.sh"
trap stop_pg EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_pg
export DATABASE_URL="$PG_URL"
echo "[pg] DATABASE_URL=$DATABASE_URL" >&2
rc=0
"$@" || rc=$?
exit "$rc"
