"""What the two providers share inside the provider process.

- :mod:`.provider`: :class:`~.provider.ConnectProvider` (the base of both providers), the settings and
  the API clients of the process, the :class:`~.provider.Runtime` seam the provider-layer tests swap,
  and the write helpers (create or adopt, one re-read on a conflict);
- :mod:`.ownership`: what a resource may take over and delete;
- :mod:`.reports`: how a wait that failed or ran out reads;
- :mod:`.timeouts`: the waits' deadlines, as resource inputs.

Nothing here is pickled into the state: the state refers to the providers by their modules,
``connect_as_code.connector_staged`` and ``connect_as_code.deployment``.
"""
