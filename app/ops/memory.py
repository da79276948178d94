"""Giving memory back to the system once start-up work that is done with it has let it go.

glibc's allocator keeps freed memory inside the process for reuse; a worker that loaded something once for start-up
work and let it go (the catalog check's OpenCC converter, ~45 MB) would otherwise keep that memory resident for its
whole life. ``malloc_trim(0)`` returns it.
"""

from __future__ import annotations

import ctypes
import gc


def give_back_freed_memory() -> None:
    """Collect garbage, then return the heap's free memory to the system (glibc ``malloc_trim``; a no-op elsewhere)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # the process's own symbols, libc's among them (no ldconfig lookup)
    except (OSError, AttributeError):  # not glibc (musl, macOS): the memory stays in the process, reused by it
        pass
