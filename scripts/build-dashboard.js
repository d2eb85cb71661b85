// Builds the dashboard (dashboard/) into dist/dashboard: one bundled, minified app.js (Preact and the
// pages), styles.css and index.html. The host serves these files; nothing is fetched from a CDN.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'dashboard');
const out = path.join(root, 'dist', 'dashboard');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
esbuild.buildSync({
  entryPoints: [path.join(source, 'src', 'main.tsx')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'styles.css']) fs.copyFileSync(path.join(source, file), path.join(out, file));
const size = fs.readdirSync(out).reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
console.log(`dashboard: ${fs.readdirSync(out).length} files, ${(size / 1024).toFixed(1)} KiB in dist/dashboard`);
