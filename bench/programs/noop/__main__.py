"""``count`` no-op dynamic resources with the inputs of this project's resources, secrets included.

The yardstick for ``preview_ratio``: the engine, the program and one provider process, without any of
this project's work.
"""

import pulumi
from noop import Noop

config = pulumi.Config()
for i in range(config.require_int("count")):
    Noop(
        f"noop-{i}",
        key=f"noop-{i}",
        connector_key="bench-declared",
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
                "secured": pulumi.Output.secret({"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "bench-secret"}),
            }
        },
    )
