"""Where the Pulumi Python SDK's dynamic-provider support falls short, and what we do about it.

Each module adjusts one behaviour and names the upstream report it works around:

- :mod:`.host_pool`: the dynamic-provider host serves calls from 4 threads; widened so every resource
  waits at once (no upstream report found; pulumi/pulumi#5455 asks for providers in other forms);
- :mod:`.host_diffs`: the host drops a provider's detailed diff (pulumi/pulumi#3080);
- :mod:`.host_messages`: providers have no logging API (pulumi/pulumi#6065) and errors arrive after the
  host's traceback;
- :mod:`.pickle_guard`: ``serialize_provider`` wraps the pickler once more per resource (since
  pulumi/pulumi#9656);
- :mod:`.outputs` (program side): an output whose value is None shows as unknown in a preview
  (pulumi/pulumi#13806).

Nothing on disk is patched. The native provider (``connect_as_code.native``) is served by the SDK's
provider server instead of this host, and uses only :func:`.host_diffs.take_recorded`.
"""
