from datetime import timedelta

from privacyregie.core.jobs import job


@job("detect_suspicious_access", every=timedelta(hours=1))
def _detect_suspicious_access():
    from .services import run_all

    return run_all()
