import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const RESTATE_SERVER_VERSION = '1.7.12';
/** restate-sdk from 1.15 needs Node 22; the bench runs on Node 20. */
export const RESTATE_SDK_VERSION = '1.14.5';

/** Restate lives here, outside the project's node_modules, so that `npm install` stays lean (gitignored). */
export const RESTATE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'bench', '.peer', 'restate');

export interface RestateInstall {
  serverBinary: string;
  nodeModules: string;
}

/** Restate's server and SDK, installed into RESTATE_DIR on first use. */
export async function installRestate(): Promise<RestateInstall> {
  const installed = findInstall(RESTATE_DIR);
  if (installed) return installed;
  console.log(`installing Restate ${RESTATE_SERVER_VERSION} (sdk ${RESTATE_SDK_VERSION}) into ${path.relative(process.cwd(), RESTATE_DIR)} (first use, about 220 MB)...`);
  // npm installs into a folder of its own, renamed when complete, so an interrupted install is never taken for one.
  const staging = `${RESTATE_DIR}.installing-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const dependencies = { '@restatedev/restate-server': RESTATE_SERVER_VERSION, '@restatedev/restate-sdk': RESTATE_SDK_VERSION };
    const manifest = { name: 'restate-bench-peer', private: true, description: 'Installed by the bench (bench/peers/restate); not part of the project.', dependencies };
    fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    // --ignore-scripts blocks @scarf/scarf's install script (install analytics pulled in by restate-server).
    await promisify(execFile)('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`npm install failed: ${(error.stderr || error.message).trim().split('\n').slice(-5).join(' | ')}`);
    });
    if (!findInstall(staging)) throw new Error(`npm installed no restate-server binary for ${os.platform()}-${os.arch()}`);
    // Another bench run may have finished first; then its copy stays.
    if (!findInstall(RESTATE_DIR)) {
      fs.rmSync(RESTATE_DIR, { recursive: true, force: true });
      fs.renameSync(staging, RESTATE_DIR);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return findInstall(RESTATE_DIR)!;
}

function findInstall(dir: string): RestateInstall | undefined {
  const nodeModules = path.join(dir, 'node_modules');
  const version = (name: string) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(nodeModules, name, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  // Where restate-server's own launcher looks for the binary of this platform.
  const serverBinary = path.join(nodeModules, '@restatedev', `restate-server-${os.platform()}-${os.arch()}`, 'bin', 'restate-server');
  const complete =
    version('@restatedev/restate-server') === RESTATE_SERVER_VERSION && version('@restatedev/restate-sdk') === RESTATE_SDK_VERSION && fs.existsSync(serverBinary);
  return complete ? { serverBinary, nodeModules } : undefined;
}
