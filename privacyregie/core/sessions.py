"""A bounded session: the serializer refuses to store more than ``SESSION_MAX_BYTES``.

Large data (an import preview, a file) never belongs in the session: every later request
reads and writes the whole session. Keep it server-side (``core.files.stage``) and put only
its token in the session. This module never truncates a session silently; it refuses.
"""

from django.conf import settings
from django.core.signing import JSONSerializer

DEFAULT_MAX_BYTES = 64 * 1024


class SessionTooLarge(ValueError):
    pass


class BoundedJSONSerializer(JSONSerializer):
    def dumps(self, obj):
        data = super().dumps(obj)
        limit = getattr(settings, "SESSION_MAX_BYTES", DEFAULT_MAX_BYTES)
        if len(data) > limit:
            raise SessionTooLarge(f"session data of {len(data)} bytes exceeds SESSION_MAX_BYTES ({limit})")
        return data
