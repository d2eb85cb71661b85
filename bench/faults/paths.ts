import path from 'node:path';

/** The repository, seen from dist/bench/faults. */
const REPO = path.resolve(__dirname, '..', '..', '..');

export const HOST_CLI = path.join(REPO, 'dist', 'src', 'host', 'cli.js');
export const SOAK_SCRIPT = path.join(REPO, 'dist', 'bench', 'soak.js');
/** The fault scripts' own function app (plain JavaScript, loaded by the host as users' apps are). */
export const FAULTS_APP = path.join(REPO, 'bench', 'faults', 'app');
