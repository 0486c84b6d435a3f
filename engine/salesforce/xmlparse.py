"""Safe XML reading for Salesforce metadata: a small node tree with line numbers.

Metadata files come from anywhere (a colleague, a public repository), so they are parsed with
defusedxml and any DTD is refused before entities could be expanded or fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser
from xml.etree.ElementTree import ParseError

MAX_FILE_BYTES = 20 * 1024 * 1024
ENTITY_MESSAGE = "the file declares XML entities (DTD); refused for safety"


class MetadataError(Exception):
    """A metadata file that cannot be read at all (unsafe, malformed, not an orchestration)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        where = self.path or "<xml>"
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}")


@dataclass
class Node:
    """One XML element: tag without namespace, its own text, children, 1-based start line."""

    tag: str
    line: int
    children: list["Node"] = field(default_factory=list)
    raw_text: str = ""

    @property
    def text(self) -> str:
        """The element's text, surrounding whitespace removed."""
        return self.raw_text.strip()

    def all(self, tag: str) -> list["Node"]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> "Node | None":
        return next((c for c in self.children if c.tag == tag), None)

    def text_of(self, tag: str) -> str | None:
        """Stripped text of the first child ``tag``; None when the child is absent."""
        child = self.first(tag)
        return child.text if child is not None else None

    def bool_of(self, tag: str) -> bool | None:
        value = self.text_of(tag)
        if value is None:
            return None
        return value.lower() == "true"


class _Builder:
    """Parser target that records the line where each element starts."""

    def __init__(self) -> None:
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Node] = []
        self.root: Node | None = None

    def start(self, tag: str, attrib: dict) -> None:
        line = self.parser.parser.CurrentLineNumber if self.parser is not None else 0
        node = Node(tag.rsplit("}", 1)[-1], line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].raw_text += text

    def close(self) -> Node | None:
        return self.root


def parse_bytes(data: bytes, path: str | Path | None = None) -> Node:
    """Parse ``data`` into a Node tree; raises MetadataError for unsafe or malformed XML."""
    if len(data) > MAX_FILE_BYTES:
        raise MetadataError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; refused", path)
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise MetadataError(ENTITY_MESSAGE, path, getattr(exc, "line", None)) from None
    except defusedxml.DefusedXmlException as exc:  # any other refusal
        raise MetadataError(f"refused for safety: {exc}", path) from None
    except ParseError as exc:
        head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head:
            raise MetadataError("the file is empty", path) from None
        if not head.startswith(b"<"):
            raise MetadataError("not XML; expected Salesforce flow metadata (*.flow-meta.xml)", path, 1) from None
        line = exc.position[0] if getattr(exc, "position", None) else None
        reason = str(exc).split(":")[0]
        raise MetadataError(f"not well-formed XML ({reason})", path, line) from None
    if root is None:
        raise MetadataError("the file holds no XML element", path)
    return root


def parse_file(path: str | Path) -> Node:
    """Read and parse a metadata file; raises MetadataError (also for unreadable files)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise MetadataError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; refused", p)
        data = p.read_bytes()
    except IsADirectoryError:
        raise MetadataError("is a folder, not a file", p) from None
    except FileNotFoundError:
        raise MetadataError("no such file", p) from None
    except OSError as exc:
        raise MetadataError(f"cannot read the file ({exc.strerror or exc})", p) from None
    return parse_bytes(data, p)
