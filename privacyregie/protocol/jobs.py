"""Scheduled job: remind owners of actions on bottlenecks once their due date has passed (deduplicated)."""

from datetime import timedelta

from privacyregie.core.jobs import job

from .services import remind_overdue_actions


@job("protocol_overdue_actions", every=timedelta(hours=6))
def overdue_actions():
    return remind_overdue_actions()
