import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 120_000,
    // DynamoDB Local and s3rver, on free ports, for the storage and end-to-end tests.
    globalSetup: ['tests/setup/localServers.ts'],
  },
});
