import type { QueueMessageEncoding } from '../../config/QueueSettings';
import type { TypedData } from '../../worker/typedData';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a queue trigger needs of a received (or hand-made) message. */
export interface QueueMessageFacts {
  messageId: string;
  dequeueCount: number;
  insertedOn: Date;
  expiresOn: Date;
  nextVisibleOn: Date;
  popReceipt: string;
}

export class MessageEncodingError extends Error {}

/** The message's text as the function gets it: decoded from base64 unless host.json says `messageEncoding: none`. */
export function decodeMessageText(text: string, encoding: QueueMessageEncoding): string {
  if (encoding === 'none') return text;
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new MessageEncodingError(
      'the message is not base64-encoded, which host.json (extensions.queues.messageEncoding, default "base64") asks for; ' +
        'send it base64-encoded or set messageEncoding to "none"',
    );
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

// Strings go as JSON strings so that an id like "123" is not read back as a number.
const text = (value: string): TypedData => ({ json: JSON.stringify(value) });
const time = (value: Date): TypedData => text(value.toISOString());

/** The trigger metadata the Functions host sends with a queue message; the library camel-cases the names. */
export function queueTriggerMetadata(message: QueueMessageFacts, body: string): Record<string, TypedData> {
  return {
    QueueTrigger: { string: body },
    Id: text(message.messageId),
    DequeueCount: { int: message.dequeueCount },
    InsertionTime: time(message.insertedOn),
    ExpirationTime: time(message.expiresOn),
    NextVisibleTime: time(message.nextVisibleOn),
    PopReceipt: text(message.popReceipt),
  };
}
