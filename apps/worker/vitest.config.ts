import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      globalSetup: ['./test/support/global-setup.ts'],
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // Reliability tests start worker processes; two files at a time keep the 2-core machine responsive.
      maxWorkers: 2,
    },
  }),
);
