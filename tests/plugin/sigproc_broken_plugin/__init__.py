"""A plugin whose import fails, for the error message test."""

raise RuntimeError("this plugin is broken on purpose")
