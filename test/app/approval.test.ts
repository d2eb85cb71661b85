import { isApproved } from '../../functions/orders/approvalDecision';
import { readApprovalSettings } from '../../functions/orders/approvalSettings';

describe('readApprovalSettings', () => {
  test('defaults to a threshold of 10000 and a 72 hour timeout', () => {
    expect(readApprovalSettings({})).toEqual({ threshold: 10000, timeoutMs: 72 * 60 * 60 * 1000 });
  });

  test('reads ORDER_APPROVAL_THRESHOLD and ORDER_APPROVAL_TIMEOUT', () => {
    expect(readApprovalSettings({ ORDER_APPROVAL_THRESHOLD: '500', ORDER_APPROVAL_TIMEOUT: '30s' })).toEqual({
      threshold: 500,
      timeoutMs: 30_000,
    });
  });

  test('names the setting that holds a bad threshold', () => {
    expect(() => readApprovalSettings({ ORDER_APPROVAL_THRESHOLD: 'lots' })).toThrow(/ORDER_APPROVAL_THRESHOLD .*"lots"/);
  });

  test('names the setting that holds a bad timeout', () => {
    expect(() => readApprovalSettings({ ORDER_APPROVAL_TIMEOUT: 'a while' })).toThrow(
      /ORDER_APPROVAL_TIMEOUT: Invalid duration "a while"/,
    );
  });
});

describe('isApproved', () => {
  test('approves only an explicit { approved: true }', () => {
    expect(isApproved({ approved: true })).toBe(true);
  });

  test.each([{ approved: false }, { approved: 'yes' }, {}, null, undefined, true])('treats %p as a rejection', (payload) => {
    expect(isApproved(payload)).toBe(false);
  });
});
