"""gunicorn settings shared by `manage.py serve` and the Docker image.

Access logs are kept, but without the secrets some URLs carry: invitation links and
password-reset links would let anyone who reads the logs join a couple or take an account.
"""

from gunicorn.glogging import Logger

from config.redact import redact

accesslog = "-"
logger_class = "config.gunicorn.RedactingLogger"


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
