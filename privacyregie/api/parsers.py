"""Request body parsers that guard the input boundary of the API.

They refuse, before any view sees the data: a body larger than
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413), and any string (value or key, at any depth)
with a control character, a DEL or a lone surrogate (400, naming the field). Tab,
newline and carriage return are allowed.
"""

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ValidationError

from privacyregie.core.validators import control_character_errors

from .exceptions import RequestTooLarge


def _check_size(parser_context):
    request = (parser_context or {}).get("request")
    if request is None:
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise RequestTooLarge()


def _check_text(data):
    plain = data
    if hasattr(data, "lists"):  # QueryDict
        plain = dict(data.lists())
    elif hasattr(data, "data") and hasattr(data, "files"):  # DataAndFiles (multipart)
        plain = dict(data.data.lists())
    errors = control_character_errors(plain)
    if errors:
        raise ValidationError(errors)
    return data


class GuardedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_size(parser_context)
        return _check_text(super().parse(stream, media_type, parser_context))


class GuardedFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_size(parser_context)
        return _check_text(super().parse(stream, media_type, parser_context))


class GuardedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _check_text(super().parse(stream, media_type, parser_context))
