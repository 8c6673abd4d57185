"""A connector whose connect.yaml has ``inheritAs``: a global configuration and a generated API client."""

import pulumi

from connect_as_code import ConnectorStaged, Deployment

project_key = pulumi.Config("connect").require("projectKey")
connector = ConnectorStaged(
    "connector",
    key="inherit-connector",
    name="Inherit connector",
    creator={"email": "creator@example.com"},
    repository={"url": "https://github.com/abc/inherit-connector.git", "tag": "1.0.0"},
    supported_regions=["europe-west1.gcp"],
    private_projects=[f"europe-west1.gcp:{project_key}"],
    previewable=True,
)
deployment = Deployment(
    "preview",
    key="inherit-preview",
    connector=connector,
    region="europe-west1.gcp",
    global_configuration={"standard": {"FEATURE_FLAGS": "a,b"}, "secured": {"SHARED_SECRET": "shared-secret-value"}},
    configurations={"paymentService": {"secured": {"PSP_API_KEY": "psp-key-value"}}},
)
pulumi.export("apiClient", deployment.api_client)
pulumi.export("globalConfiguration", connector.global_configuration)
