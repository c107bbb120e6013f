import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // Rendering the large version and running poppler over it takes a few seconds on 2 cores.
      testTimeout: 60_000,
    },
  }),
);
