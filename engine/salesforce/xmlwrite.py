"""A tiny deterministic XML writer in Salesforce's layout (4-space indent, escaped quotes)."""

from __future__ import annotations

NAMESPACE = "http://soap.sforce.com/2006/04/metadata"
INDENT = "    "


class E:
    """An element: a tag with either text or child elements (None children are skipped)."""

    __slots__ = ("tag", "text", "children")

    def __init__(self, tag: str, *content: object) -> None:
        self.tag = tag
        self.text: str | None = None
        self.children: list[E] = []
        for item in content:
            if item is None:
                continue
            if isinstance(item, E):
                self.children.append(item)
            elif isinstance(item, str):
                self.text = item
            else:  # an iterable of elements
                self.children.extend(c for c in item if c is not None)  # type: ignore[union-attr]


def escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _write(element: E, depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    if element.children:
        out.append(f"{pad}<{element.tag}>")
        for child in element.children:
            _write(child, depth + 1, out)
        out.append(f"{pad}</{element.tag}>")
    elif element.text:
        out.append(f"{pad}<{element.tag}>{escape(element.text)}</{element.tag}>")
    else:
        out.append(f"{pad}<{element.tag}></{element.tag}>" if element.text == "" else f"{pad}<{element.tag}/>")


def to_xml(root: E) -> str:
    """The document text: XML declaration, the root in the metadata namespace, final newline."""
    lines: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root.tag} xmlns="{NAMESPACE}">']
    for child in root.children:
        _write(child, 1, lines)
    lines.append(f"</{root.tag}>")
    return "\n".join(lines) + "\n"
