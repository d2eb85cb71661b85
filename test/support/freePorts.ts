import net from 'node:net';
import type { StoragePorts } from '../../src/host/storage/developmentStorageAccount';

/** Three ports nothing listens on: the system hands them out, then they are closed again. */
export async function freeStoragePorts(): Promise<StoragePorts> {
  const servers = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const [blob, queue, table] = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return { blob, queue, table };
}
