"""WSGI entry point (gunicorn cms.wsgi). Defaults to the production settings, which refuse to start unconfigured;
the demo and development (manage.py, make run) set cms.settings.dev explicitly."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()
