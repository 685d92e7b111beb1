"""The host's upload limit, applied while the request body arrives.

Django would otherwise write a whole oversized upload to a temporary file before any form
could look at its size. This handler stops storing it at the limit (the rest of the body is
read and thrown away), and the form then says the file was too large.
"""

from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

TOO_LARGE = "_duet_upload_too_large"


class SizeLimitHandler(FileUploadHandler):
    """First in line: passes chunks on until a file passes the limit, then stops the upload."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.IMPORT_MAX_UPLOAD_BYTES:
            setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def limited_upload(view):
    """Put the limit in front of Django's handlers before anything reads the body (the CSRF
    check reads it too, so it is done here, after the handler is in place)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, SizeLimitHandler(request))
        return protected(request, *args, **kwargs)

    return wrapper


def was_too_large(request) -> bool:
    return getattr(request, TOO_LARGE, False)
