import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { APP_ROOT } from '../support/paths';

// The Node.js versions Azure Functions v4 runs Node apps on (20, 22, 24): the project says so in
// package.json "engines", and every package it installs, dev tools included, must allow each of them,
// so that `npm install` prints no EBADENGINE warning on any.
const SUPPORTED_MAJORS = [20, 22, 24];

const pkg = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest release of `major` that "engines" allows, and a later one of the same major. */
function versionsOf(major: number): string[] {
  const part = new semver.Range(pkg.engines.node).set.map((comparators) => comparators.map((c) => c.value).join(' ')).find((p) => semver.intersects(p, `${major}.x`));
  if (!part) throw new Error(`package.json "engines" (${pkg.engines.node}) leaves out Node.js ${major}.`);
  return [semver.minVersion(part)!.version, `${major}.99.0`];
}

describe('the Node.js versions the project supports', () => {
  test('package.json "engines" allows each major Azure Functions v4 runs, and the Node.js running this test', () => {
    for (const major of SUPPORTED_MAJORS) expect(versionsOf(major).every((v) => semver.satisfies(v, pkg.engines.node))).toBe(true);
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  test.each(SUPPORTED_MAJORS)('every installed package allows the oldest and a late Node.js %i that "engines" allows', (major) => {
    const refusing: string[] = [];
    for (const [where, info] of Object.entries(lock.packages)) {
      const node = Array.isArray(info.engines) ? undefined : info.engines?.node;
      if (!where || !node) continue;
      for (const version of versionsOf(major)) {
        if (!semver.satisfies(version, node, { includePrerelease: true })) refusing.push(`${where.replace(/^.*node_modules\//, '')}@${info.version} wants node ${node}, not ${version}`);
      }
    }
    expect(refusing).toEqual([]);
  });
});
