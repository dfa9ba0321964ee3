"""HR's knowledge folder (split into modules in the next commit)."""

from .load import *  # noqa: F403
from .load import _LineLoader, os  # noqa: F401
