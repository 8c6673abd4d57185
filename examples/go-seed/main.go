// The Getting-started connector and its preview deployment, as a Pulumi Go program.
//
// The resources come from the native provider commercetools-connect, which `pip install connect-as-code`
// puts on the virtualenv's PATH (pulumi-resource-commercetools-connect), through the Go SDK generated into
// this repository's sdk/go (go.mod replaces connect-as-code/sdk with that folder). With that virtualenv active:
//
//	pulumi stack init dev
//	pulumi config set commercetools-connect:projectKey <your-project>    # or CTP_PROJECT_KEY
//	pulumi config set commercetools-connect:region europe-west1.gcp      # or CTP_REGION
//	pulumi config set commercetools-connect:clientId <id>                # or CTP_CLIENT_ID
//	pulumi config set --secret commercetools-connect:clientSecret <secret>   # or CTP_CLIENT_SECRET
//	pulumi config set --secret cartExtensionClientId <id of the client the application uses>
//	pulumi config set --secret cartExtensionClientSecret <its secret>
//	pulumi up
package main

import (
	"fmt"

	connect "connect-as-code/sdk/go/commercetoolsconnect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		projectKey := orDefault(cfg.Get("projectKey"), "demo-project")
		region := orDefault(cfg.Get("region"), "europe-west1.gcp")
		connectorTag := orDefault(cfg.Get("connectorTag"), "0.0.0")

		connector, err := connect.NewConnectorStaged(ctx, "connector", &connect.ConnectorStagedArgs{
			Key:         pulumi.String("abc-first-connector"),
			Name:        pulumi.String("Abc First Connector"),
			Description: pulumi.String("An example connector"),
			Creator: connect.CreatorArgs{
				Title:            pulumi.String("Mr"),
				Name:             pulumi.String("John Doe"),
				Email:            pulumi.String("john.doe@example.com"),
				Company:          pulumi.String("abc"),
				NoOfContributors: pulumi.Int(10),
			},
			Repository: connect.RepositoryArgs{
				Url: pulumi.String("https://github.com/abc/first-connect-application.git"),
				Tag: pulumi.String(connectorTag),
			},
			SupportedRegions: pulumi.StringArray{pulumi.String(region)},
			PrivateProjects:  pulumi.StringArray{pulumi.String(fmt.Sprintf("%s:%s", region, projectKey))},
			Previewable:      pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		deployment, err := connect.NewDeployment(ctx, "deployment", &connect.DeploymentArgs{
			Key:              pulumi.String("abc-first-connector-preview"),
			ConnectorKey:     connector.Key.ToStringPtrOutput(),
			ConnectorVersion: connector.Version,
			Staged:           pulumi.Bool(true),
			Region:           pulumi.String(region),
			Configurations: connect.ApplicationConfigMap{
				"cartExtension": connect.ApplicationConfigArgs{
					Standard: pulumi.StringMap{
						"CTP_PROJECT_KEY": pulumi.String(projectKey),
						"CTP_REGION":      pulumi.String(region),
					},
					Secured: pulumi.StringMap{
						"CTP_CLIENT_ID":     cfg.RequireSecret("cartExtensionClientId"),
						"CTP_CLIENT_SECRET": cfg.RequireSecret("cartExtensionClientSecret"),
						"CTP_SCOPE":         pulumi.String("manage_project:" + projectKey),
					},
				},
			},
		})
		if err != nil {
			return err
		}

		ctx.Export("connectorKey", connector.Key)
		ctx.Export("connectorStagedVersion", connector.Version)
		ctx.Export("isPreviewable", connector.IsPreviewable)
		ctx.Export("deploymentId", deployment.DeploymentId)
		ctx.Export("deploymentStatus", deployment.Status)
		ctx.Export("cartExtensionUrl", deployment.Applications.MapIndex(pulumi.String("cartExtension")).MapIndex(pulumi.String("url")))
		return nil
	})
}

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}
