"""Listeners: how a layer above hears of a write made in a layer below without the lower
layer importing it (docs/architecture.md, "A rule from above, without importing upwards").

The lower layer owns a `Listeners` and announces each write inside that write's
transaction; the upper layer registers a function in its `AppConfig.ready`. A listener
that raises rolls the whole write back: the write and what its listeners record happen
together or not at all.
"""


class Listeners:
    """The functions registered to hear of one kind of write, called in registration order."""

    def __init__(self):
        self._listeners = []

    def register(self, listener):
        """Add `listener` (once: registering it again changes nothing)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unregister(self, listener):
        if listener in self._listeners:
            self._listeners.remove(listener)

    def announce(self, *args, **kwargs):
        """Call every listener with the write; an exception goes up to the caller, whose
        transaction then rolls back."""
        for listener in list(self._listeners):
            listener(*args, **kwargs)
