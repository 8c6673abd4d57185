// The Getting-started connector and its preview deployment, as a Pulumi TypeScript program.
//
// The resources come from the native provider commercetools-connect, which `pip install connect-as-code`
// puts on the virtualenv's PATH (pulumi-resource-commercetools-connect), through the TypeScript SDK
// generated into this repository's sdk/nodejs (`make sdk-nodejs` builds it). With that virtualenv active:
//
//   npm install
//   pulumi stack init dev
//   pulumi config set commercetools-connect:projectKey <your-project>    # or CTP_PROJECT_KEY
//   pulumi config set commercetools-connect:region europe-west1.gcp      # or CTP_REGION
//   pulumi config set commercetools-connect:clientId <id>                # or CTP_CLIENT_ID
//   pulumi config set --secret commercetools-connect:clientSecret <secret>   # or CTP_CLIENT_SECRET
//   pulumi config set --secret cartExtensionClientId <id of the client the application uses>
//   pulumi config set --secret cartExtensionClientSecret <its secret>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as connect from "@connect-as-code/commercetools-connect";

const config = new pulumi.Config();
const projectKey = config.get("projectKey") ?? "demo-project";
const region = config.get("region") ?? "europe-west1.gcp";
const connectorTag = config.get("connectorTag") ?? "0.0.0";

const connector = new connect.ConnectorStaged("connector", {
    key: "abc-first-connector",
    name: "Abc First Connector",
    description: "An example connector",
    creator: {
        title: "Mr",
        name: "John Doe",
        email: "john.doe@example.com",
        company: "abc",
        noOfContributors: 10,
    },
    repository: { url: "https://github.com/abc/first-connect-application.git", tag: connectorTag },
    supportedRegions: [region],
    privateProjects: [`${region}:${projectKey}`],
    previewable: true,
});

const deployment = new connect.Deployment("deployment", {
    key: "abc-first-connector-preview",
    connectorKey: connector.key,
    connectorVersion: connector.version,
    staged: true,
    region,
    configurations: {
        cartExtension: {
            standard: { CTP_PROJECT_KEY: projectKey, CTP_REGION: region },
            secured: {
                CTP_CLIENT_ID: config.requireSecret("cartExtensionClientId"),
                CTP_CLIENT_SECRET: config.requireSecret("cartExtensionClientSecret"),
                CTP_SCOPE: `manage_project:${projectKey}`,
            },
        },
    },
});

export const connectorKey = connector.key;
export const connectorStagedVersion = connector.version;
export const isPreviewable = connector.isPreviewable;
export const deploymentId = deployment.deploymentId;
export const deploymentStatus = deployment.status;
export const cartExtensionUrl = deployment.applications.apply((apps) => apps?.["cartExtension"]?.url);
