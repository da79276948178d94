"""Giving memory back to the system once start-up work that is done with it has let it go.

glibc's allocator keeps freed memory inside the process for reuse; a worker that loaded something once for start-up
work and let it go (the catalog check's OpenCC converter, ~45 MB) would otherwise keep that memory resident for its
whole life. ``malloc_trim(0)`` returns it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def give_back_freed_memory() -> None:
    """Collect garbage, then return the heap's free memory to the system (glibc ``malloc_trim``; a no-op elsewhere)."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, macOS): the memory stays in the process, reused by it
        pass
