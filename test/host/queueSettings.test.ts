import { ConfigError } from '../../src/host/config/HostConfig';
import { parseQueueSettings } from '../../src/host/config/QueueSettings';

describe('host.json extensions.queues', () => {
  test('defaults: 16 at a time, a new batch at 8, polls at most 2 s apart locally, retried at once, poison after 5, base64', () => {
    expect(parseQueueSettings()).toEqual({
      batchSize: 16,
      newBatchThreshold: 8,
      maxPollingIntervalMs: 2000,
      visibilityTimeoutMs: 0,
      maxDequeueCount: 5,
      messageEncoding: 'base64',
    });
  });

  test('every setting is honoured, intervals written as TimeSpans', () => {
    expect(
      parseQueueSettings({ batchSize: 4, newBatchThreshold: 1, maxPollingInterval: '00:00:30', visibilityTimeout: '00:00:10', maxDequeueCount: 3, messageEncoding: 'none' }),
    ).toEqual({ batchSize: 4, newBatchThreshold: 1, maxPollingIntervalMs: 30_000, visibilityTimeoutMs: 10_000, maxDequeueCount: 3, messageEncoding: 'none' });
    expect(parseQueueSettings({ batchSize: 5 }).newBatchThreshold).toBe(2);
  });

  test('values the real host would refuse are a ConfigError naming the setting', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ batchSize: 33 }, /batchSize must be a whole number 1 to 32/],
      [{ batchSize: 0 }, /batchSize/],
      [{ maxDequeueCount: 0 }, /maxDequeueCount/],
      [{ maxPollingInterval: 'soon' }, /maxPollingInterval must be a TimeSpan/],
      [{ maxPollingInterval: '00:00:00.05' }, /at least 100 ms/],
      [{ visibilityTimeout: '-1' }, /visibilityTimeout/],
      [{ messageEncoding: 'utf8' }, /messageEncoding must be "base64" or "none"/],
    ];
    for (const [queues, message] of cases) {
      expect(() => parseQueueSettings(queues)).toThrow(ConfigError);
      expect(() => parseQueueSettings(queues)).toThrow(message);
    }
  });
});
