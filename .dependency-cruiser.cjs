/**
 * The project's import rules (README, "Development"), checked by `npm run depcheck` in CI.
 * The core (sources, metrics, snapshot building, …) is pure: it never imports the adapters, the orchestration,
 * the workflow steps or the infrastructure; the AWS SDK lives in lib/aws only; nothing imports in a cycle.
 */
const CORE =
  '^lib/(model|eurostat/parse|csv|classifications|metrics|clusters|policy|tables|snapshot|config|render|cooperation)/';
const OUTSIDE_CORE = '^lib/(fs|cli|aws|steps|infra|refresh|stores|streams|eurostat/fetch)/|^lambdas/|^bin/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle ties modules that should be able to change apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'The core imports nothing from the adapters, the orchestration, the workflow or the infrastructure.',
      from: { path: CORE },
      to: { path: OUTSIDE_CORE },
    },
    {
      name: 'core-has-no-io',
      severity: 'error',
      comment: 'The core touches no file system, network, process or AWS: adapters hand it streams and time.',
      from: { path: CORE },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer'],
        path: '^(node:)?(fs|fs/promises|http|https|net|child_process|os|dns|tls|dgram|cluster|worker_threads)$|node_modules/(@aws-sdk|aws-cdk-lib|axios)/',
      },
    },
    {
      name: 'aws-sdk-only-in-lib-aws',
      severity: 'error',
      comment: 'The AWS SDK is used through the adapters in lib/aws only.',
      from: { path: '^(lib|lambdas|bin)/', pathNot: '^lib/aws/' },
      to: { path: 'node_modules/@aws-sdk/' },
    },
    {
      name: 'cdk-only-in-infra',
      severity: 'error',
      comment: 'The CDK is the infrastructure: only lib/infra and the CDK app use it.',
      from: { path: '^(lib|lambdas|bin)/', pathNot: '^lib/infra/|^bin/app\\.ts$' },
      to: { path: 'node_modules/(aws-cdk-lib|constructs|cdk-nag)/' },
    },
    {
      name: 'ports-and-adapters-know-no-infra',
      severity: 'error',
      comment:
        'The storage ports, the adapters and the workflow steps run in Lambda and the CLI: they take the bucket ' +
        'keys from lib/model (bucketKeys.ts), never from the CDK folder, which imports them.',
      from: { path: '^lib/(stores|fs|aws|steps)/' },
      to: { path: '^lib/infra/' },
    },
    {
      name: 'adapters-know-no-orchestration',
      severity: 'error',
      comment:
        'The file-system and AWS adapters hand the orchestration what it reads (RawInput, the source state, ' +
        'both in lib/model); they never import lib/refresh, which composes them.',
      from: { path: '^lib/(fs|aws)/' },
      to: { path: '^lib/refresh/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '^(cdk\\.out|dist|out)/' },
  },
};
