"""Babel extraction method for the FAQ content files (registered as ``faq_yaml`` in pyproject.toml).

``pybabel extract -F babel.cfg`` calls :func:`extract_faq_yaml` for each ``faq/sections/*.yaml`` file, so that section
titles, questions and answers reach ``locales/messages.pot`` beside the strings of the Python code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

TRANSLATED_FIELDS = ("question", "answer")


def _mapping_items(node: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key.value, value


def extract_faq_yaml(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Yield ``(lineno, funcname, message, comments)`` for each translatable string of one section file."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for key, value in _mapping_items(root):
        if key == "section" and isinstance(value, yaml.ScalarNode):
            yield value.start_mark.line + 1, None, value.value, ["section title"]
        elif key == "entries" and isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                fields = dict(_mapping_items(entry))
                entry_id = fields["id"].value if isinstance(fields.get("id"), yaml.ScalarNode) else "?"
                for name in TRANSLATED_FIELDS:
                    node = fields.get(name)
                    if isinstance(node, yaml.ScalarNode) and node.value.strip():
                        text = node.value.strip()
                        yield node.start_mark.line + 1, None, text, [f"entry {entry_id}: {name}"]
