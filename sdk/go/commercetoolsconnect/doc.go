// commercetools Connect connectors and deployments, waited on until they are ready.
package commercetoolsconnect
