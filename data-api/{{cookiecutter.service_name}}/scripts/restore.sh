#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into the database of {{ cookiecutter.service_name }},
# in one transaction: on any error nothing is restored. The database must be empty (a new one,
# or the old one dropped and created again) unless --clean is given.
set -euo pipefail

usage() {
    cat >&2 <<USAGE
Usage: scripts/restore.sh [--clean] FILE
  FILE     a dump of scripts/backup.sh (backups/{{ cookiecutter.service_name }}-<time>.dump)
  --clean  drop the objects of the dump that already exist before restoring them
Environment: DATABASE_URL, or libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
USAGE
    exit 2
}

clean=()
if [[ ${1:-} == --clean ]]; then
    clean=(--clean --if-exists)
    shift
fi
[[ $# -eq 1 ]] || usage
file=$1
[[ -f $file ]] || { echo "No such dump: $file" >&2; exit 2; }
# Reads the dump's table of contents: fails early on a file that is not a custom-format dump.
pg_restore --list "$file" >/dev/null
# Without --dbname pg_restore would print SQL instead of restoring: name libpq's database.
target=(--dbname "${PGDATABASE:-${PGUSER:-$(id -un)}}")
if [[ -n ${DATABASE_URL:-} ]]; then
    target=(--dbname "${DATABASE_URL/+asyncpg/}")
fi

if [[ -z ${clean[*]} ]]; then
    tables=$(psql "${target[@]}" --no-psqlrc --tuples-only --no-align --command \
        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
    if [[ $tables != 0 ]]; then
        echo "The database already has $tables tables: restore into an empty one, or pass --clean" >&2
        exit 1
    fi
fi
pg_restore "${target[@]}" "${clean[@]}" --no-owner --no-privileges --single-transaction \
    --exit-on-error "$file"
echo "Restored $file"
