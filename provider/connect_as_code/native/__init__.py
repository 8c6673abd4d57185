"""The native Pulumi provider ``commercetools-connect``: the same resources for every Pulumi language.

A thin adapter over the dynamic providers (:mod:`connect_as_code.deployment`,
:mod:`connect_as_code.connector_staged`): :mod:`.fields` is the one table of resource properties, from
which :mod:`.schema` builds the package schema and :mod:`.values` translates the engine's property
values (camelCase) to the inputs and outputs the providers use (snake_case) and back; :mod:`.provider`
serves them through the Pulumi SDK's native provider interface; :mod:`.server` is the plugin's entry
point, ``pulumi-resource-commercetools-connect``.
"""

PACKAGE = "commercetools-connect"
"""The package name: resource type tokens are ``commercetools-connect:index:<Type>``."""
