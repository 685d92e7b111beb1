"""Settings for the web servers tests/instance/test_beyond_one_machine.py starts.

Production's settings, except static files: the tests don't run collectstatic, so the
plain storage serves them by name (as tests/conftest.py does in-process).
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
