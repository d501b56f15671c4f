import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // The tests' servers are on loopback: never through a developer's proxy.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_PROXY: '127.0.0.1,localhost' },
    hookTimeout: 120_000,
    // DynamoDB Local and s3rver, on free ports, for the storage and end-to-end tests.
    globalSetup: ['tests/setup/localServers.ts'],
  },
});
