import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      globalSetup: ['./test/support/global-setup.ts'],
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Each file gets its own database; two workers keep the 2-core machine busy without thrashing.
      maxWorkers: 2,
    },
  }),
);
