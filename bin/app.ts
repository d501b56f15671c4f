import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { codeVersion } from '../lib/fs/codeVersion.ts';
import { loadDeploymentConfig } from '../lib/infra/deploymentConfig.ts';
import { EuClusterStack } from '../lib/infra/euClusterStack.ts';

/**
 * The CDK app: `npm run synth` / `npm run deploy`. The configuration comes from context `eucluster:config`
 * (the document) or `eucluster:configFile` (a path; default data/sample/pipeline.config.json). The account and
 * region are the CLI's (profile or environment); the stack itself is environment-agnostic.
 */
const app = new App();
const config = loadDeploymentConfig(app.node);

new EuClusterStack(app, 'EuClusterPipeline', {
  description:
    'EU cluster statistics: scheduled refresh from Eurostat and ECCP inputs into versioned snapshots',
  config,
  codeVersion: await codeVersion(),
});

// Any finding that is neither fixed nor acknowledged (with its reason, next to the resource) fails synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
