"""Local development and the embedded default setup (README's first command)."""

from .base import *  # noqa: F403

DEBUG = True
