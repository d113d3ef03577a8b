#!/usr/bin/env bash
# Dumps the database of {{ cookiecutter.service_name }} (pg_dump custom format, compressed) into
# BACKUP_DIR, then deletes the oldest dumps beyond BACKUP_KEEP (and, when set, those older
# than BACKUP_KEEP_DAYS). Restore one with scripts/restore.sh.
set -euo pipefail

usage() {
    cat >&2 <<USAGE
Usage: scripts/backup.sh
Environment:
  DATABASE_URL      postgresql://USER:PASSWORD@HOST:5432/DATABASE; unset: libpq's PGHOST,
                    PGPORT, PGUSER, PGPASSWORD, PGDATABASE (or ~/.pgpass)
  BACKUP_DIR        folder of the dumps (default: backups)
  BACKUP_KEEP       dumps kept, newest first (default: 14)
  BACKUP_KEEP_DAYS  also delete dumps older than this many days (default: unset)
USAGE
    exit 2
}

[[ $# -eq 0 ]] || usage
dir=${BACKUP_DIR:-backups}
keep=${BACKUP_KEEP:-14}
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_KEEP must be a whole number above 0" >&2; exit 2; }
[[ -z ${BACKUP_KEEP_DAYS:-} || $BACKUP_KEEP_DAYS =~ ^[1-9][0-9]*$ ]] \
    || { echo "BACKUP_KEEP_DAYS must be a whole number above 0" >&2; exit 2; }
# libpq does not know SQLAlchemy's driver suffix (postgresql+asyncpg://).
target=()
if [[ -n ${DATABASE_URL:-} ]]; then
    target=(--dbname "${DATABASE_URL/+asyncpg/}")
fi

mkdir -p "$dir"
file="$dir/{{ cookiecutter.service_name }}-$(date -u +%Y%m%dT%H%M%SZ).dump"
# Written under a temporary name: an interrupted dump never looks like a complete one.
pg_dump "${target[@]}" --format=custom --compress=6 --file "$file.partial"
mv "$file.partial" "$file"
echo "Backed up to $file ($(du -h "$file" | cut -f1))"

# The names sort by time: everything before the newest BACKUP_KEEP goes.
mapfile -t dumps < <(find "$dir" -maxdepth 1 -name '{{ cookiecutter.service_name }}-*.dump' | sort -r)
for old in "${dumps[@]:keep}"; do
    rm -- "$old"
    echo "Deleted $old (more than $keep dumps)"
done
if [[ -n ${BACKUP_KEEP_DAYS:-} ]]; then
    find "$dir" -maxdepth 1 -name '{{ cookiecutter.service_name }}-*.dump' -mtime "+$BACKUP_KEEP_DAYS" \
        -not -path "$file" -print -delete
fi
