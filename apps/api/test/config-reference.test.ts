import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from '../src/cli/write-config-reference.js';

describe('docs/configuration.md', () => {
  it('is what the config schemas of the API and the worker give (run `pnpm config:reference`)', async () => {
    // Rendering also fails on a variable without a .describe().
    expect(await readFile(CONFIG_REFERENCE_PATH, 'utf8')).toBe(renderConfigReference());
  });

  it('lists the variables a production start needs', async () => {
    const reference = await readFile(CONFIG_REFERENCE_PATH, 'utf8');
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_PRIVATE_KEY',
      'LINK_SECRET',
      'SMTP_URL',
      'MAIL_FROM',
      'APP_URL',
    ]) {
      expect(reference).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    }
  });
});
