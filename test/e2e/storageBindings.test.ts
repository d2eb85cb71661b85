import { BlobServiceClient } from '@azure/storage-blob';
import { TableClient } from '@azure/data-tables';
import path from 'node:path';
import { type TestAzurite, peekQueue, startTestAzurite } from '../support/azurite';
import { type HostProcess, eventually, request, startHostProcess, tempDir } from '../support/hostProcess';

const APP = path.join(__dirname, '..', 'fixtures', 'bindings-app');

describe('storage bindings through the Azure SDKs against Azurite, and bindings the host does not implement', () => {
  let azurite: TestAzurite;
  let host: HostProcess;
  let api: string;

  beforeAll(async () => {
    azurite = await startTestAzurite();
    host = await startHostProcess({ dataDir: tempDir('e2e-bindings-'), scriptRoot: APP, env: { AzureWebJobsStorage: azurite.connectionString } });
    api = `${host.url}/api`;
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    await azurite?.stop();
  });

  test('a blob output binding writes what the function sets, at the path its route names; a blob input binding reads it back as bytes', async () => {
    expect((await request(`${api}/files/report.txt`, { method: 'PUT', body: 'quarterly numbers', headers: { 'content-type': 'text/plain' } })).status).toBe(201);
    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('uploads').getBlobClient('report.txt');
    expect((await blob.downloadToBuffer()).toString()).toBe('quarterly numbers');
    const read = await request(`${api}/files/report.txt`);
    expect([read.status, read.text]).toEqual([200, 'bytes:quarterly numbers']);
    expect((await request(`${api}/files/nothing.txt`)).status).toBe(404);
  });

  test('queue and table outputs: an array is one message per element and one entity per element; table inputs read one entity or a page of a partition', async () => {
    const notes = [
      { id: 'n1', text: 'buy milk' },
      { id: 'n2', text: 'call bob' },
      { id: 'n3', text: 'ship it' },
    ];
    expect((await request(`${api}/notes`, { body: notes })).status).toBe(202);
    const table = TableClient.fromConnectionString(azurite.connectionString, 'Notes', { allowInsecureConnection: true });
    expect(await table.getEntity('notes', 'n2')).toMatchObject({ partitionKey: 'notes', rowKey: 'n2', text: 'call bob' });
    const one = await request(`${api}/notes/n3`);
    expect(one.body).toMatchObject({ PartitionKey: 'notes', RowKey: 'n3', text: 'ship it', Timestamp: expect.any(String) });
    expect((await request(`${api}/notes/n9`)).status).toBe(404);
    const page = await request(`${api}/notes`);
    expect(page.body.map((n: { RowKey: string }) => n.RowKey)).toEqual(['n1', 'n2']);

    // The queue trigger takes the three messages; its return value goes to the blob each message's id names.
    const copies = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('copies');
    const copied = await eventually(async () => {
      if (!(await copies.exists())) return undefined;
      const names: string[] = [];
      for await (const item of copies.listBlobsFlat()) names.push(item.name);
      return names.length === 3 ? names.sort() : undefined;
    }, 20_000, 'three copies');
    expect(copied).toEqual(['n1.txt', 'n2.txt', 'n3.txt']);
    expect((await copies.getBlobClient('n2.txt').downloadToBuffer()).toString()).toBe('copied: call bob');
    expect(await peekQueue(azurite.queues, 'notes')).toEqual([]);
  });

  test('a binding expression with no value fails the invocation with the reason', async () => {
    expect((await request(`${api}/bad/x`)).status).toBe(500);
    await eventually(async () => (/Error while handling parameter '\w+' \(blob, in\) of function 'BadPath': No value for named parameter 'missing'/.test(host.output()) ? true : undefined));
  });

  test('a binding the host does not implement is named at start, and its function fails instead of pretending to succeed', async () => {
    expect(host.output()).toMatch(/The function 'SendToServiceBus' has a binding this host does not implement: '\w+' \(serviceBus, out\)\. Run it in Azure or under func start; here its invocations fail\./);
    const res = await request(`${api}/servicebus`, { body: {} });
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('supposedly');
  });
});
