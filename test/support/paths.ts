import path from 'node:path';

/** The repository root: the function app the tests run (built into dist/ by `npm test`). */
export const APP_ROOT = path.resolve(__dirname, '..', '..');
