"""Who is who in Slack: Slack-id kinds, HR membership, users' languages.

`slack_id_kind` is the one place that tells a user id from a channel id.
"""

from __future__ import annotations


def slack_id_kind(value: str | None) -> str | None:
    """'user' for a user id (U…, W…), 'channel' for a channel id (C…, G…), None for anything else."""
    if not value:
        return None
    if value[0] in "UW":
        return "user"
    if value[0] in "CG":
        return "channel"
    return None
