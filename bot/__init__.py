"""smpolicy: answers employees' questions about the social media guidelines."""

__version__ = "0.1.0"
