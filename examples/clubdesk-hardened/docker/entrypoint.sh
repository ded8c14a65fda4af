#!/bin/sh
# Prepare the container, then hand over to the CMD (gunicorn by default).
set -eu

python manage.py collectstatic --noinput --verbosity 0

if [ "${RUN_MIGRATIONS:-1}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
