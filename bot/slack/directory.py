"""Who is who in Slack: Slack-id kinds, HR membership, users' languages, pseudonyms.

`slack_id_kind` is the one place that tells a user id from a channel id (the
renderers use it for mentions; `bot.knowledge` validates contacts' ids on its own).
`Directory` caches what it asks Slack: the HR channel's members (for `members_ttl`
seconds) and each user's locale.
"""

from __future__ import annotations

import logging
import time

from ..privacy import pseudonym
from .slackapi import hint, slack_error

log = logging.getLogger(__name__)

MAX_LOCALES = 10_000  # cached user languages before the cache starts over


def slack_id_kind(value: str | None) -> str | None:
    """'user' for a user id (U…, W…), 'channel' for a channel id (C…, G…), None for anything else."""
    if not value:
        return None
    if value[0] in "UW":
        return "user"
    if value[0] in "CG":
        return "channel"
    return None


class Directory:
    """HR membership and users' languages, asked from Slack through `client` and cached.

    Args:
        settings: hr_users and hr_channel are used.
        client: a `slack_sdk.WebClient` (or anything with conversations_members and users_info).
        pseudonym_key: the key of `alias` (`bot.privacy.resolve_key`).
        members_ttl: seconds the HR channel's member list is cached.
    """

    def __init__(self, settings, client, pseudonym_key: str, *, members_ttl: float = 300.0):
        self.settings = settings
        self.client = client
        self.pseudonym_key = pseudonym_key
        self.members_ttl = members_ttl
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._locales: dict[str, str] = {}

    def alias(self, user: str) -> str:
        """The keyed pseudonym of a Slack user id: what logs and keys carry instead of the id."""
        return pseudonym(user, self.pseudonym_key)

    def is_hr(self, user: str, channel: str | None = None) -> bool:
        """In SMPOLICY_HR_USERS, or a member of the HR channel (asked via conversations.members)."""
        if user in self.settings.hr_users:
            return True
        channel = channel or self.settings.hr_channel
        return bool(channel) and user in self.channel_members(channel)

    def channel_members(self, channel: str) -> frozenset[str]:
        cached = self._members.get(channel)
        if cached and time.monotonic() - cached[0] < self.members_ttl:
            return cached[1]
        members: set[str] = set()
        cursor = None
        try:
            while True:
                page = self.client.conversations_members(channel=channel, cursor=cursor, limit=1000)
                members.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except Exception as exc:
            log.error("could not list members of HR channel %s: %s%s; only SMPOLICY_HR_USERS count as HR",
                      channel, slack_error(exc), hint(slack_error(exc)))
            return frozenset()
        result = frozenset(members)
        self._members[channel] = (time.monotonic(), result)
        return result

    def user_language(self, user: str | None) -> str:
        """'nl' or 'en' from the user's Slack locale (Dutch when unknown)."""
        if not user:
            return "nl"
        if user not in self._locales:
            try:
                locale = self.client.users_info(user=user, include_locale=True)["user"].get("locale") or ""
            except Exception as exc:
                log.warning("could not read a user's locale (%s)", slack_error(exc))
                return "nl"
            if len(self._locales) > MAX_LOCALES:
                self._locales.clear()
            self._locales[user] = "en" if locale.lower().startswith("en") else "nl"
        return self._locales[user]
