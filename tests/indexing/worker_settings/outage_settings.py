"""Settings of the worker process in the outage tests: the development settings, with the real lexical sink
made unwritable while a flag file exists (outage_sink)."""

from cms.settings.dev import *  # noqa: F403

INDEX_SINKS = ["outage_sink.SwitchableLexicalSink"]
