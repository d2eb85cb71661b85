#!/usr/bin/env node
// Drops a message on a storage queue the way the Functions host reads it (base64-encoded), so that
// QueueTriggeredStarter starts the order workflow. Without a message it sends an example order.
// Usage: node scripts/enqueue-order.js ['{"orderId":"o-1","items":[{"productId":"p-1","quantity":1,"price":50}],"amount":50}'] [--queue orders]
// The connection is AzureWebJobsStorage from the environment, else from local.settings.json.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');
const { QueueClient } = require('@azure/storage-queue');

function connectionString() {
  if (process.env.AzureWebJobsStorage) return process.env.AzureWebJobsStorage;
  const file = path.resolve(__dirname, '..', 'local.settings.json');
  const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) : {};
  const value = settings.Values && settings.Values.AzureWebJobsStorage;
  if (!value) throw new Error('Set AzureWebJobsStorage (or put it in local.settings.json "Values").');
  return value;
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { queue: { type: 'string', default: 'orders' } } });
  const orderId = `o-${randomUUID().slice(0, 8)}`;
  const text = positionals[0] ?? JSON.stringify({ orderId, customerId: 'c-7', items: [{ productId: 'p-1', quantity: 2, price: 25 }], amount: 50 });
  const queue = new QueueClient(connectionString(), values.queue);
  await queue.createIfNotExists();
  const sent = await queue.sendMessage(Buffer.from(text).toString('base64'));
  process.stdout.write(`Sent message ${sent.messageId} to queue '${values.queue}': ${text}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
