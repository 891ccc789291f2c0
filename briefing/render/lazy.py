"""Modules loaded on first use: stand-ins put in `sys.modules` for a while, so that an import made
then does not load a module that is rarely needed."""
from __future__ import annotations

import contextlib
import importlib
import sys
import types


@contextlib.contextmanager
def deferred(*names: str):
    """While the block runs, stand-ins for the modules `names` (those not loaded yet) that import
    the real module on first use; functions taken from them by `from module import name` import it
    when called. Once the block ends, the stand-ins are no longer found by `import`, so any other
    import gets the real modules."""
    placed = []
    for name in names:
        if name in sys.modules:
            continue
        stand_in = types.ModuleType(name)
        stand_in.__getattr__ = _deferred_attribute(name)  # type: ignore[attr-defined]
        sys.modules[name] = stand_in
        placed.append((name, stand_in))
    try:
        yield
    finally:
        for name, stand_in in placed:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def _deferred_attribute(module: str):
    """A module `__getattr__`: attributes of the real module, which is imported then. Functions
    taken by `from module import name` while the module is deferred import it when called."""
    def attribute(name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            return getattr(importlib.import_module(module), name)(*args, **kwargs)

        call.__name__ = name
        return call

    return attribute


def lazy_module(name: str, user: str):
    """A stand-in for module `name` in sys.modules whose attributes are the real module's,
    imported on first use; the real one then takes its place in sys.modules and in module
    `user`, which imports it as `name`."""
    stand_in = types.ModuleType(name)

    def real():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        module = importlib.import_module(name)
        if getattr(sys.modules.get(user), name, None) is stand_in:
            setattr(sys.modules[user], name, module)
        return module

    def attribute(attr: str):
        return getattr(real(), attr)

    stand_in.__getattr__ = attribute  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    return stand_in
