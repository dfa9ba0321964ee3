"""Every Block Kit piece in one namespace (`from bot.render import blocks as render`).

The code lives in:

- `bot.render.kit`: Slack's limits, action ids, escaping and cutting, sections, buttons, messages;
- `bot.render.values`: the typed button payload (`ButtonValue`) and its encode / decode;
- `bot.render.employee`: answers, "did you mean", escalation notes, help, relayed replies;
- `bot.render.home`: the App Home (a pocket card) and the topic modal it opens;
- `bot.render.hr`: the HR post, "Add to knowledge", knowledge problems, HR's summary;
- `bot.render.plain`: a message as plain text (the local terminal chat).
"""

from __future__ import annotations

from .employee import (  # noqa: F401
                       answer_message,
                       clarify_message,
                       escalated_message,
                       feedback_value,
                       forward_offer,
                       forwarded_message,
                       help_message,
                       mention,
                       relay_message,
                       section_message,
)
from .home import home_view, pocket_card, topic_modal  # noqa: F401
from .hr import (  # noqa: F401
                       hr_answered_message,
                       hr_message,
                       knowledge_actions,
                       problems_message,
                       problems_text,
                       selected_section,
                       summary_blocks,
                       summary_message,
)
from .kit import *  # noqa: F401,F403
from .kit import Message, clip, escape, split_mrkdwn  # noqa: F401
from .plain import as_text, mrkdwn_to_text  # noqa: F401
from .values import ButtonValue, decode_value, encode_value  # noqa: F401
