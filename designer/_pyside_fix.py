"""Work around a reference-count bug of the installed PySide6 (6.12.0 on CPython 3.11).

Every call of a Qt method returning ``void`` (``setPos``, ``update``, ``removeItem``,
``processEvents`` …) *decrements* the reference count of ``None`` once more than it should.
After a few thousand such calls CPython aborts with
``Fatal Python error: none_dealloc: deallocating None``; a designer session makes millions.

Until PySide6 is fixed (or Python 3.12+, where ``None`` is immortal, is used) we raise the
reference count of ``None`` by a very large amount once at import. Only the count field changes;
``None`` is never freed anyway, so this is harmless.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def ensure_none_headroom() -> None:
    """Make sure ``None`` cannot reach a zero reference count (no-op on Python 3.12+)."""
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _HEADROOM:
        count.value += _HEADROOM


ensure_none_headroom()
