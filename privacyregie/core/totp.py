"""TOTP codes for a hex key (used by demo tooling and tests; verification is django-otp's)."""

from django_otp.oath import TOTP


def totp_code(key_hex: str, at: float | None = None) -> str:
    """The TOTP code for a hex key, now or at a given UNIX time."""
    t = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    if at is not None:
        t.time = at
    return f"{t.token():06d}"
