"""The one normalisation of user names, shared by login, lockout and storage.

Django authenticates, django-axes counts failed attempts and the database stores user
names all through ``normalise_username``, so every spelling that reaches the same account
(surrounding spaces, capitals, fullwidth or other Unicode compatibility variants,
invisible format characters) is one identity: a lockout of that account holds for every
variant. This module must never be bypassed by looking a user up on the raw form value.
"""

import unicodedata


def normalise_username(value) -> str:
    """The canonical form of a user name: NFKC, without format characters, trimmed, case-folded."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", text.strip().casefold())
