import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Workspace packages export TypeScript sources under the "@werkstatt/source" condition.
 * Vitest gets them as aliases, so tests run the sources without a build step.
 */
function workspaceAliases() {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(path.join(root, group))) {
      let pkg: { name: string; exports?: Record<string, Record<string, string>> };
      try {
        pkg = JSON.parse(readFileSync(path.join(root, group, dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      for (const [sub, targets] of Object.entries(pkg.exports ?? {})) {
        const source = targets['@werkstatt/source'];
        if (!source) continue;
        const specifier = `${pkg.name}${sub.slice(1)}`.replace(/[/.]/g, (c) => `\\${c}`);
        aliases.push({
          find: new RegExp(`^${specifier}$`),
          replacement: path.join(root, group, dir, source),
        });
      }
    }
  }
  return aliases;
}

export const sharedConfig: ViteUserConfig = {
  resolve: { alias: workspaceAliases() },
};
