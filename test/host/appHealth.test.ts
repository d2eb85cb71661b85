import { DurableTestEnvironment } from '../../src/testing';
import { request } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

describe('GET /api/health', () => {
  test('answers 200 healthy while the durable client works and 503 unhealthy with the error when it does not', async () => {
    const env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
    try {
      const healthy = await request(`${env.url}/api/health`);
      expect(healthy.status).toBe(200);
      expect(healthy.body).toEqual({ status: 'healthy' });

      // The durable store going away is what an unhealthy durable client looks like.
      env.host.engine.store.close();
      const unhealthy = await request(`${env.url}/api/health`);
      expect(unhealthy.status).toBe(503);
      expect(unhealthy.body).toEqual({ status: 'unhealthy', error: expect.any(String) });
    } finally {
      await env.dispose();
    }
  });
});
