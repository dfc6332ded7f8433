"""Work around environment defects that would stop sentence-transformers from importing.

The project's dependency tree (unstructured -> unstructured-inference -> timm -> torchvision) pulls the PyPI
torchvision wheel, which is built against CUDA, while torch is the CPU build. Importing that torchvision raises
``RuntimeError: operator torchvision::nms does not exist`` and transformers imports it eagerly whenever it is
installed, so the text-only embedder would fail for a vision package it never uses.
"""

from __future__ import annotations

import importlib.util
import sys


def hide_broken_torchvision() -> bool:
    """Mark torchvision as absent when it is installed but cannot load; return True when it was hidden.

    ``sys.modules[name] = None`` is the documented way to make ``import name`` raise ImportError, and
    ``importlib.util.find_spec`` then returns None, which is what transformers checks for availability.
    """
    if "torchvision" in sys.modules:
        return sys.modules["torchvision"] is None
    if importlib.util.find_spec("torchvision") is None:
        return False
    try:
        import torchvision  # noqa: F401
    except (RuntimeError, ImportError, OSError):
        for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
            del sys.modules[name]
        sys.modules["torchvision"] = None  # type: ignore[assignment]
        return True
    return False
