import path from 'node:path';

/** A fixture app whose functions exercise what the Durable extension does beyond the samples: failure details, versions, callHttp, tracing, disabled functions. */
export const FIDELITY_APP = path.join(__dirname, '..', 'fixtures', 'fidelity-app');
