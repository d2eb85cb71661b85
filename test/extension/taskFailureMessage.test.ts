import * as df from 'durable-functions';
import { taskFailureMessage } from '../../src/extension';

describe('taskFailureMessage', () => {
  test('reads the original message from a TaskFailedError', () => {
    const error = new df.TaskFailedError({
      errorType: 'Error',
      errorMessage: 'Payment declined: card refused',
      isNonRetriable: false,
      isCausedBy: () => false,
    });
    expect(error.message).toBe('Error: Payment declined: card refused');
    expect(taskFailureMessage(error)).toBe('Payment declined: card refused');
  });

  test('takes the reason from a "reason \\n details" error and drops the runtime prefix', () => {
    const error = new Error("Activity function 'ProcessPaymentActivity' failed: Payment declined: card refused \n Error: at x.js:1");
    expect(taskFailureMessage(error)).toBe('Payment declined: card refused');
  });

  test('passes a plain message through', () => {
    expect(taskFailureMessage(new Error('boom'))).toBe('boom');
    expect(taskFailureMessage('just text')).toBe('just text');
  });
});
