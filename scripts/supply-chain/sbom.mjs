#!/usr/bin/env node
// A CycloneDX 1.6 SBOM of what Werkstatt ships (see shipped.mjs): the workspace packages and every
// production dependency, with licence, registry URL, the lockfile's SHA-512 and the dependency
// graph, taken from pnpm's own resolution (`pnpm list`, `pnpm licenses list`) and pnpm-lock.yaml.
// Needs no network. pnpm 10 has no SBOM command and the general tools (cdxgen) read this workspace
// less exactly; when pnpm gains one, this script can give way to it.
//   node scripts/supply-chain/sbom.mjs [--out dist/sbom/werkstatt.cdx.json]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pnpmJson, root, shippedPackages } from './shipped.mjs';

const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist/sbom/werkstatt.cdx.json');

// The purl encodes the scope's @ (purl spec); the bom-ref keeps it readable, as other tools do.
const purl = (name, version) => `pkg:npm/${name.replace(/^@/, '%40')}@${encodeURIComponent(version)}`;
const packageRef = (name, version) => `pkg:npm/${name}@${version}`;

/** name@version → base64 SHA-512 from the lockfile's `packages:` section. */
function lockfileIntegrity() {
  const lock = readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8');
  const section = lock.slice(lock.indexOf('\npackages:'), lock.indexOf('\nsnapshots:'));
  const integrity = new Map();
  for (const m of section.matchAll(
    /^ {2}'?([^'\s]+@[^'\s]+?)'?:\n {4}resolution: \{integrity: sha512-([A-Za-z0-9+/=]+)\}/gm,
  )) {
    integrity.set(m[1], m[2]);
  }
  return integrity;
}

/** A pnpm licence string as CycloneDX: an SPDX id, an expression, or a name. */
function licenses(license) {
  if (!license || /^unknown$/i.test(license)) return undefined;
  if (/[\s()]/.test(license)) return [{ expression: license.replace(/^\((.*)\)$/, '$1') }];
  if (/^[A-Za-z0-9.+-]+$/.test(license)) return [{ license: { id: license } }];
  return [{ license: { name: license } }];
}

const licenseInfo = new Map();
for (const [license, packages] of Object.entries(pnpmJson(['licenses', 'list', '--prod']))) {
  for (const pkg of packages) {
    for (const version of pkg.versions) licenseInfo.set(`${pkg.name}@${version}`, { ...pkg, license });
  }
}
const integrity = lockfileIntegrity();
const projects = pnpmJson(['list', '--prod', '--depth', 'Infinity']);
const projectRef = (name) => `werkstatt:${name}`;

// `pnpm list` prints a repeated subtree once and marks later copies `deduped`: gather every
// package's own dependencies first, from whichever copy has them.
const packageDeps = new Map();
function gather(deps) {
  for (const [name, dep] of Object.entries(deps ?? {})) {
    if (!dep.version.startsWith('link:')) {
      const key = `${name}@${dep.version}`;
      packageDeps.set(
        key,
        Object.assign(packageDeps.get(key) ?? {}, dep.dependencies, dep.optionalDependencies),
      );
    }
    gather(dep.dependencies);
    gather(dep.optionalDependencies);
  }
}
for (const project of projects) {
  gather(project.dependencies);
  gather(project.optionalDependencies);
}

const components = new Map();
const dependsOn = new Map();
function visit(parentRef, deps) {
  for (const [name, dep] of Object.entries(deps ?? {})) {
    // Optional dependencies for other platforms are in the lockfile but not installed.
    if (dep.path && !existsSync(dep.path)) continue;
    const workspace = dep.version.startsWith('link:');
    const ref = workspace ? projectRef(name) : packageRef(name, dep.version);
    dependsOn.get(parentRef).add(ref);
    if (workspace || dependsOn.has(ref)) continue;
    dependsOn.set(ref, new Set());
    const info = licenseInfo.get(`${name}@${dep.version}`);
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
    const hash = integrity.get(`${name}@${dep.version}`);
    components.set(ref, {
      type: 'library',
      'bom-ref': ref,
      ...(scope ? { group: scope } : {}),
      name: scope ? name.slice(scope.length + 1) : name,
      version: dep.version,
      ...(info?.description ? { description: info.description } : {}),
      ...(licenses(info?.license) ? { licenses: licenses(info.license) } : {}),
      purl: purl(name, dep.version),
      ...(hash ? { hashes: [{ alg: 'SHA-512', content: Buffer.from(hash, 'base64').toString('hex') }] } : {}),
      externalReferences: [
        ...(dep.resolved ? [{ type: 'distribution', url: dep.resolved }] : []),
        ...(info?.homepage ? [{ type: 'website', url: info.homepage }] : []),
      ],
    });
    visit(ref, packageDeps.get(`${name}@${dep.version}`));
  }
}
for (const project of projects) {
  const ref = projectRef(project.name);
  if (!dependsOn.has(ref)) dependsOn.set(ref, new Set());
  components.set(ref, {
    type: project.path.includes(`${path.sep}apps${path.sep}`) ? 'application' : 'library',
    'bom-ref': ref,
    name: project.name,
    version: project.version,
    properties: [{ name: 'werkstatt:workspace-path', value: path.relative(root, project.path) }],
  });
  visit(ref, project.dependencies);
  visit(ref, project.optionalDependencies);
}

const git = (...args) => {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
};
const commit = git('rev-parse', 'HEAD');
const shipped = shippedPackages();
const bom = {
  $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  serialNumber: `urn:uuid:${randomUUID()}`,
  version: 1,
  metadata: {
    timestamp: new Date().toISOString(),
    lifecycles: [{ phase: 'build' }],
    tools: {
      components: [
        {
          type: 'application',
          name: 'pnpm',
          version: execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim(),
        },
        { type: 'application', name: 'werkstatt-sbom', description: 'scripts/supply-chain/sbom.mjs' },
      ],
    },
    component: {
      type: 'application',
      'bom-ref': 'werkstatt',
      name: 'werkstatt',
      ...(commit ? { version: git('describe', '--tags', '--always') ?? commit } : {}),
      ...(commit ? { properties: [{ name: 'werkstatt:git-commit', value: commit }] } : {}),
    },
  },
  components: [...components.values()].sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref'])),
  dependencies: [
    { ref: 'werkstatt', dependsOn: shipped.map(projectRef) },
    ...[...dependsOn]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, refs]) => ({ ref, dependsOn: [...refs].sort() })),
  ],
};

mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
const libraries = bom.components.filter((c) => c.purl);
console.log(
  `Wrote ${path.relative(root, out)}: ${shipped.join(', ')} and ${libraries.length} npm packages ` +
    `(${libraries.filter((c) => !c.hashes).length} without hash, ${libraries.filter((c) => !c.licenses).length} without licence)`,
);
