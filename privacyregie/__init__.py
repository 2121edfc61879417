"""Privacyregie: privacy governance for the social domain of Dutch municipalities."""

from .celery import app as celery_app

__all__ = ["celery_app"]
