#!/usr/bin/env node
// Builds the deployable Function App: every entry file bundled by esbuild into one index.js, with
// host.json and a production package.json, as <out>/app/ and <out>/app.zip (default out: .package).
// Usage: node scripts/package.js [--out DIR]   (npm run package type-checks first, then runs this)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const AdmZip = require('adm-zip');
const esbuild = require('esbuild');
const fg = require('fast-glob');

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = 'index.js';
// The Node worker injects this module; the bundle must leave its require to the worker.
const WORKER_PROVIDED = ['@azure/functions-core'];
// Packages esbuild cannot bundle (native addons, requires computed at run time) go here: they stay
// plain requires and ship as dependencies at their installed versions. Everything bundles today.
const UNBUNDLED = [];
// Never deployed: the local host and the tests. A bundle reaching them means the library imports the host.
const NEVER_DEPLOYED = /^(src\/host|src\/testing|test)\//;

/** Bundles the app at `root` into `outDir`; returns what it wrote. */
async function packageApp({ root = ROOT, outDir = path.join(ROOT, '.package') } = {}) {
  const pkg = readJson(path.join(root, 'package.json'));
  const entries = sourceEntries(root, pkg.main);
  const appDir = path.join(outDir, 'app');
  const zipFile = path.join(outDir, 'app.zip');
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.rmSync(zipFile, { force: true });
  fs.mkdirSync(appDir, { recursive: true });

  const { metafile } = await esbuild.build({
    // One bundle for all entry files: separate bundles would each get their own copy of module state
    // (registered orchestration names, service registry, telemetry client).
    stdin: {
      contents: entries.map((file) => `require(${JSON.stringify('./' + file)});`).join('\n'),
      resolveDir: root,
      sourcefile: 'function-app.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(appDir, BUNDLE),
    external: [...WORKER_PROVIDED, ...UNBUNDLED],
    minify: true,
    // Function and class names stay readable in stack traces sent to Application Insights.
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });

  const inputs = Object.keys(metafile.inputs);
  const leaked = inputs.filter((input) => NEVER_DEPLOYED.test(input));
  if (leaked.length) {
    throw new Error(`The bundle pulls in ${leaked.join(', ')}: the local host and the tests are never deployed (the library must not import the host).`);
  }

  fs.copyFileSync(path.join(root, 'host.json'), path.join(appDir, 'host.json'));
  writeJson(path.join(appDir, 'package.json'), {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    private: true,
    license: pkg.license,
    main: BUNDLE,
    engines: pkg.engines,
    dependencies: Object.fromEntries(UNBUNDLED.map((name) => [name, installedVersion(root, name)])),
  });
  fs.writeFileSync(path.join(appDir, 'THIRD_PARTY_NOTICES.txt'), thirdPartyNotices(root, inputs));

  const dropped = applyFuncignore(root, appDir);
  const zip = new AdmZip();
  zip.addLocalFolder(appDir);
  zip.writeZip(zipFile);

  const files = fg.sync('**/*', { cwd: appDir, dot: true, onlyFiles: true }).sort().map((file) => ({ file, bytes: fs.statSync(path.join(appDir, file)).size }));
  return { appDir, zipFile, entries, files, dropped, appBytes: files.reduce((sum, f) => sum + f.bytes, 0), zipBytes: fs.statSync(zipFile).size };
}

/** The TypeScript sources behind package.json's `main` (a glob over the compiled `dist/`), in load order. */
function sourceEntries(root, main) {
  const match = typeof main === 'string' ? /^(?:\.\/)?dist\/(.+)\.js$/.exec(main) : null;
  if (!match) throw new Error(`package.json "main" must name compiled files under dist/ (like dist/functions/*/index.js), not ${JSON.stringify(main)}.`);
  const entries = fg.sync(`${match[1]}.ts`, { cwd: root, onlyFiles: true }).sort();
  if (!entries.length) throw new Error(`No source file matches ${match[1]}.ts for package.json "main" (${main}).`);
  return entries;
}

/** Removes from the package what .funcignore excludes (gitignore rules: `dir`, `*.ext`, `a/b`, `!keep`); returns it. */
function applyFuncignore(root, appDir) {
  const file = path.join(root, '.funcignore');
  if (!fs.existsSync(file)) return [];
  const excluded = new Set();
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/\/+$/, '');
    // A slash inside the pattern anchors it at the root; otherwise it matches at any depth.
    const base = pattern.includes('/') ? pattern.replace(/^\/+/, '') : `**/${pattern}`;
    for (const match of fg.sync([base, `${base}/**`], { cwd: appDir, dot: true, onlyFiles: true })) {
      if (negated) excluded.delete(match);
      else excluded.add(match);
    }
  }
  for (const match of excluded) fs.rmSync(path.join(appDir, match));
  return [...excluded].sort();
}

/** Name, version and license of every package in the bundle, with each license text once, as the licenses ask. */
function thirdPartyNotices(root, inputs) {
  const packageDirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packageDirs.add(match[1]);
  }
  const packagesByText = new Map();
  for (const dir of packageDirs) {
    const pkg = readJson(path.join(root, dir, 'package.json'));
    const licenseFile = fs.readdirSync(path.join(root, dir)).find((name) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(name));
    const text = licenseFile ? fs.readFileSync(path.join(root, dir, licenseFile), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    const names = packagesByText.get(text) ?? new Set();
    names.add(`${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown license'})`);
    packagesByText.set(text, names);
  }
  const sections = [...packagesByText.entries()]
    .map(([text, names]) => `${[...names].sort().join('\n')}\n\n${text}`)
    .sort();
  return `This package bundles the following third-party software.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

function installedVersion(root, name) {
  return readJson(path.join(root, 'node_modules', name, 'package.json')).version;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function size(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? path.join(ROOT, '.package'));
  const result = await packageApp({ outDir });
  const shown = (file) => (file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), file) : file);
  const lines = [`Packaged ${result.entries.join(', ')} into ${shown(result.appDir)}:`];
  for (const { file, bytes } of result.files) lines.push(`  ${file.padEnd(28)} ${size(bytes).padStart(10)}`);
  if (result.dropped.length) lines.push(`  (left out by .funcignore: ${result.dropped.join(', ')})`);
  lines.push(`App folder: ${size(result.appBytes)}; zip: ${size(result.zipBytes)} (${shown(result.zipFile)})`);
  process.stdout.write(lines.join('\n') + '\n');
}

module.exports = { packageApp };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`Packaging failed: ${error.message}\n`);
    process.exit(1);
  });
}
