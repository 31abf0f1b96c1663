"""WSGI entry point: ``zeren.wsgi:application`` for waitress, gunicorn or uWSGI."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeren.settings")

application = get_wsgi_application()
