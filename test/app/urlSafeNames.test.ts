import { checkEventName, checkInstanceId } from '../../functions/http/instanceId';

describe('instance ids and event names that travel in management URLs', () => {
  test("'%' is refused: the durable client puts ids into URLs without encoding, so %2e%2e would become ..", () => {
    expect(() => checkInstanceId('%2e%2e%2f')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => checkEventName('%E0%A4%A')).toThrow(expect.objectContaining({ status: 400 }));
  });

  test('ordinary names pass through unchanged', () => {
    expect(checkInstanceId('order-42')).toBe('order-42');
    expect(checkEventName('ApprovalReceived')).toBe('ApprovalReceived');
  });
});
