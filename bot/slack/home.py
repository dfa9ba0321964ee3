"""The App Home: publishing the pocket card, and opening a topic from it in a modal.

Listeners take bolt's arguments by name and are registered in `bot.slack.app` (ack
first, this work lazily after). A topic's button carries the viewer's language and
the section id (`ButtonValue`), so opening the modal needs no Slack call before
`views.open` (its `trigger_id` is valid for 3 seconds). Logs name no employee.
"""

from __future__ import annotations

import logging

from ..render import home as render_home
from ..render import hr
from ..render.values import ButtonValue
from .directory import Directory
from .hr_actions import HrActions
from .slackapi import slack_error

log = logging.getLogger(__name__)


def is_home_tab(event: dict) -> bool:
    return event.get("tab", "home") == "home"


class Home:
    """The App Home tab and its topic browser."""

    def __init__(self, settings, engine, client, directory: Directory, hr_actions: HrActions):
        self.settings = settings
        self.engine = engine
        self.client = client
        self.directory = directory
        self.hr_actions = hr_actions

    def on_home_opened(self, event: dict) -> None:
        """The App Home in the viewer's language; HR users see their summary on top, in the HR language."""
        user = event["user"]
        language = self.directory.user_language(user)
        top = None
        if self.directory.is_hr(user):
            try:
                top = hr.summary_blocks(self.hr_actions.summary(), self.engine.knowledge, self.settings.hr_language)
            except Exception:
                log.exception("could not compute the HR summary for the App Home")
        self.client.views_publish(user_id=user, view=render_home.home_view(self.engine.knowledge, language, top=top))
        log.info("home published hr=%s", top is not None)

    def on_open_topic(self, body: dict, action: dict) -> None:
        """A topic's button on the App Home: its rule, do's, don'ts and contact in a modal."""
        value = ButtonValue.decode(action.get("value")) or ButtonValue()
        section_id = value.section or ""
        view = render_home.topic_modal(self.engine.knowledge, section_id, value.lang)
        try:
            self.client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except Exception as exc:  # an expired trigger or a refused view: the click only costs the modal
            log.warning("topic %s: could not open the modal (%s)", section_id[:60], slack_error(exc))
            return
        log.info("topic opened section=%s", section_id[:60])
