import { replaySafeLogger } from '../../src/extension';

function fakeContext(isReplaying: boolean) {
  return {
    df: { isReplaying },
    trace: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
  };
}

const levels = ['trace', 'debug', 'info', 'warn', 'error'] as const;

describe('replaySafeLogger', () => {
  test.each(levels)('%s reaches the context when the orchestrator is not replaying', (level) => {
    const context = fakeContext(false);
    replaySafeLogger(context)[level]('order', 42);
    expect(context[level]).toHaveBeenCalledWith('order', 42);
  });

  test.each(levels)('%s stays silent while the orchestrator replays', (level) => {
    const context = fakeContext(true);
    replaySafeLogger(context)[level]('order', 42);
    expect(context[level]).not.toHaveBeenCalled();
  });

  test('follows isReplaying as it changes during one execution', () => {
    const context = fakeContext(true);
    const log = replaySafeLogger(context);
    log.info('replayed step');
    context.df.isReplaying = false;
    log.info('new step');
    expect(context.info).toHaveBeenCalledTimes(1);
    expect(context.info).toHaveBeenCalledWith('new step');
  });

  test('calls the log method on the context itself', () => {
    const context = fakeContext(false);
    replaySafeLogger(context).warn('careful');
    expect(context.warn.mock.contexts[0]).toBe(context);
  });
});
