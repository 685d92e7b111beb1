"""gunicorn settings shared by `manage.py serve` and the Docker image.

Access logs are kept, but without the secrets some URLs carry (config/redact.py): invitation
links, password-reset links and calendar-feed addresses would let anyone who reads the logs
join a couple, take an account or read a person's rituals. gunicorn's own error log ("Error
handling request /...") gets the same filter.
"""

from gunicorn.glogging import Logger

from config.redact import RedactSecretsFilter, redact

accesslog = "-"
logger_class = "config.gunicorn.RedactingLogger"


class RedactingLogger(Logger):
    def __init__(self, cfg):
        super().__init__(cfg)
        self.error_log.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
