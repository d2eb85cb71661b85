import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InstanceExistsError, InstanceNotFoundError, NotInStateError } from '../../src/host/durable/model/errors';
import { EventType, historyEvent } from '../../src/host/durable/model/history';
import { ACTIVE_STATUSES, type InstanceRecord } from '../../src/host/durable/model/instance';
import { executionStartedEvent, newInstanceRecord } from '../../src/host/durable/runtime/OrchestrationRuntimeState';
import type { OrchestrationChanges } from '../../src/host/durable/store/Store';
import { StoreInUseError } from '../../src/host/durable/store/sqlite/HostLock';
import { SqliteStore } from '../../src/host/durable/store/sqlite/SqliteStore';
import { SCHEMA_VERSION, StoreFileError } from '../../src/host/durable/store/sqlite/StoreFile';

const NOW = Date.UTC(2026, 0, 1);
const folders: string[] = [];

function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
  folders.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

function create(store: SqliteStore, instanceId: string, name = 'Work'): InstanceRecord {
  const instance = newInstanceRecord({ instanceId, name, input: null, now: NOW });
  return store.createInstance({ instance, started: executionStartedEvent(instance, NOW), visibleAt: NOW, conflictsWith: ACTIVE_STATUSES });
}

function completeChanges(instance: InstanceRecord, consumed: number[]): OrchestrationChanges {
  return {
    consumedMessageIds: consumed,
    instance: { ...instance, status: 'Completed', output: '"done"', completedAt: NOW, lastUpdatedAt: NOW },
    resetHistory: false,
    appendHistory: [historyEvent(EventType.OrchestratorStarted, NOW), historyEvent(EventType.ExecutionCompleted, NOW, { OrchestrationStatus: 'Completed', Result: '"done"' })],
    activities: [],
    messages: [],
    cancelledTimerIds: [],
    finished: true,
    startInstances: [],
  };
}

describe('the store decides what commits', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore(':memory:');
  });
  afterEach(() => store.close());

  test('a fetched instance is locked until it is completed or abandoned', () => {
    create(store, 'a');
    expect(store.fetchOrchestrationWorkItems(NOW, 10).map((i) => i.instanceId)).toEqual(['a']);
    expect(store.hasVisibleWork(NOW)).toBe(false);
  });

  test('an abandoned item can be fetched again at once', () => {
    create(store, 'b');
    const [item] = store.fetchOrchestrationWorkItems(NOW, 1);
    store.abandonOrchestrationWorkItem(item);
    expect(store.fetchOrchestrationWorkItems(NOW, 1).map((i) => i.instanceId)).toEqual(['b']);
  });

  test('a completion for an instance that was started again meanwhile is refused, and the new start survives', () => {
    const first = create(store, 'r');
    const [item] = store.fetchOrchestrationWorkItems(NOW, 1);
    store.completeOrchestrationWorkItems([{ item, changes: completeChanges(first, item.messages.map((m) => m.id)) }]);
    // A late message (an entity's answer, say) reaches the finished instance; while its episode runs, a client starts the id again.
    store.addEntityMessages([{ entityId: 'r', event: historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: 0 }), now: NOW }]);
    const [late] = store.fetchOrchestrationWorkItems(NOW, 1);
    const second = create(store, 'r');
    const outcome = store.completeOrchestrationWorkItems([{ item: late, changes: { ...completeChanges(late.instance!, late.messages.map((m) => m.id)), instance: late.instance } }]);
    expect(outcome).toEqual(['stale']);
    const now = store.getInstance('r')!;
    expect(now.executionId).toBe(second.executionId);
    expect(now.status).toBe('Pending');
    // The new run's ExecutionStarted is still there to be fetched.
    const [fresh] = store.fetchOrchestrationWorkItems(NOW, 1);
    expect(fresh.messages.some((m) => m.event.EventType === EventType.ExecutionStarted && m.executionId === second.executionId)).toBe(true);
  });

  test('a completion for an instance purged meanwhile is refused: the purge is not undone', () => {
    const first = create(store, 'p');
    const [item] = store.fetchOrchestrationWorkItems(NOW, 1);
    store.completeOrchestrationWorkItems([{ item, changes: completeChanges(first, item.messages.map((m) => m.id)) }]);
    store.addEntityMessages([{ entityId: 'p', event: historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: 0 }), now: NOW }]);
    const [late] = store.fetchOrchestrationWorkItems(NOW, 1);
    expect(store.purgeInstance('p')).toBe(1);
    expect(store.completeOrchestrationWorkItems([{ item: late, changes: { ...completeChanges(late.instance!, []), instance: late.instance } }])).toEqual(['stale']);
    expect(store.getInstance('p')).toBeUndefined();
  });

  test('of completions in one transaction, the stale one is refused and the others apply', () => {
    const a = create(store, 'g-a');
    const b = create(store, 'g-b');
    const items = store.fetchOrchestrationWorkItems(NOW, 10);
    const itemA = items.find((i) => i.instanceId === 'g-a')!;
    const itemB = items.find((i) => i.instanceId === 'g-b')!;
    store.abandonOrchestrationWorkItem(itemB);
    expect(
      store.completeOrchestrationWorkItems([
        { item: itemA, changes: completeChanges(a, itemA.messages.map((m) => m.id)) },
        { item: itemB, changes: completeChanges(b, itemB.messages.map((m) => m.id)) },
      ]),
    ).toEqual(['committed', 'stale']);
    expect(store.getInstance('g-a')!.status).toBe('Completed');
    expect(store.getInstance('g-b')!.status).toBe('Pending');
  });

  test('an abandoned item with a retry time stays invisible until then', () => {
    create(store, 'later');
    const [item] = store.fetchOrchestrationWorkItems(NOW, 1);
    store.abandonOrchestrationWorkItem(item, NOW + 5_000);
    expect(store.fetchOrchestrationWorkItems(NOW + 4_999, 1)).toEqual([]);
    expect(store.nextWakeAt(NOW)).toBe(NOW + 5_000);
    expect(store.fetchOrchestrationWorkItems(NOW + 5_000, 1).map((i) => i.instanceId)).toEqual(['later']);
  });

  test("an activity's result is dropped when its lease ran out and the item was leased again", () => {
    const instance = create(store, 'act');
    const [item] = store.fetchOrchestrationWorkItems(NOW, 1);
    store.completeOrchestrationWorkItems([
      {
        item,
        changes: {
          ...completeChanges(instance, item.messages.map((m) => m.id)),
          instance: { ...instance, status: 'Running' },
          finished: false,
          activities: [{ instanceId: 'act', executionId: instance.executionId, taskId: 0, name: 'Slow', input: null, visibleAt: NOW }],
        },
      },
    ]);
    const [first] = store.fetchActivityWorkItems(NOW, 1, 1_000);
    const [second] = store.fetchActivityWorkItems(NOW + 1_000, 1, 1_000);
    expect(second.id).toBe(first.id);
    const result = (id: number) => ({ instanceId: 'act', executionId: instance.executionId, event: historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: id, Result: '1' }), visibleAt: NOW });
    expect(store.completeActivityWorkItems([{ item: first, result: result(0) }])).toEqual(['stale']);
    expect(store.completeActivityWorkItems([{ item: second, result: result(0) }])).toEqual(['committed']);
  });

  test('client operations answer domain errors: unknown, exists, not in state', () => {
    create(store, 'busy');
    expect(() => create(store, 'busy')).toThrow(InstanceExistsError);
    expect(() => store.addEvent('nobody', historyEvent(EventType.EventRaised, NOW, { Name: 'x' }), ACTIVE_STATUSES, 'raiseEvent', NOW)).toThrow(InstanceNotFoundError);
    expect(() => store.addEvent('busy', historyEvent(EventType.GenericEvent, NOW), ['Failed'], 'rewind', NOW)).toThrow(NotInStateError);
    expect(() => store.purgeInstance('nobody')).toThrow(InstanceNotFoundError);
  });

  test('a purge by id takes an instance in any state, as the Azure Storage provider does, and its waiting work with it', () => {
    create(store, 'running-purge');
    expect(store.hasVisibleWork(NOW)).toBe(true);
    expect(store.purgeInstance('running-purge')).toBe(1);
    expect(store.getInstance('running-purge')).toBeUndefined();
    expect(store.fetchOrchestrationWorkItems(NOW, 10).map((i) => i.instanceId)).not.toContain('running-purge');
  });
});

describe('the store file', () => {
  test('a second store on the same file is refused, naming the PID and URL of the first', () => {
    const file = path.join(tempFolder(), 'Hub.sqlite');
    const first = new SqliteStore(file);
    first.setOwnerUrl('http://localhost:7123');
    try {
      let error: unknown;
      try {
        new SqliteStore(file).close();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreInUseError);
      expect((error as Error).message).toContain(`PID ${process.pid}`);
      expect((error as Error).message).toContain('http://localhost:7123');
    } finally {
      first.close();
    }
    // Once the first is closed, the file is free again.
    new SqliteStore(file).close();
  });

  test('a 0-byte store file is refused as damaged, with how to recover', () => {
    const file = path.join(tempFolder(), 'Hub.sqlite');
    fs.writeFileSync(file, '');
    expect(() => new SqliteStore(file)).toThrow(/empty \(0-byte\) file.*move it aside/s);
  });

  test('a store with a damaged page is refused at start', () => {
    const file = path.join(tempFolder(), 'Hub.sqlite');
    const store = new SqliteStore(file);
    for (let i = 0; i < 200; i++) create(store, `i-${i}`);
    store.close();
    // Scribble over a page in the middle of the file.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
    fs.closeSync(fd);
    expect(() => new SqliteStore(file)).toThrow(StoreFileError);
    expect(() => new SqliteStore(file)).toThrow(/damaged/);
  });

  test('a write-ahead log without its store means the store was deleted under a host: refused', () => {
    const dir = tempFolder();
    const file = path.join(dir, 'Hub.sqlite');
    fs.writeFileSync(`${file}-wal`, Buffer.alloc(1024, 1));
    expect(() => new SqliteStore(file)).toThrow(/missing but its write-ahead log/);
  });

  test('a store made by the first schema (no version) is migrated forward and keeps its instances', () => {
    const file = path.join(tempFolder(), 'SamplesHub.sqlite');
    fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'stores', 'schema-0.sqlite'), file);
    const store = new SqliteStore(file);
    try {
      expect(store.openedAtVersion).toBe(0);
      expect(store.getInstance('done-1')!.status).toBe('Completed');
      expect(store.getInstance('waiting-1')!.status).toBe('Running');
      expect(store.getEntity('@samplecounter@c1')!.state).toBe('5');
      expect(store.readHistory('done-1').some((e) => e.EventType === EventType.ExecutionCompleted)).toBe(true);
    } finally {
      store.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  test('a store written by a newer build is refused', () => {
    const file = path.join(tempFolder(), 'Hub.sqlite');
    new SqliteStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(file)).toThrow(/newer than this durable-host understands/);
  });

  test('deleting the store file while it is open is noticed and reported once', async () => {
    const file = path.join(tempFolder(), 'Hub.sqlite');
    const lost: string[] = [];
    const store = new SqliteStore(file, { onLost: (message) => lost.push(message) });
    try {
      create(store, 'before');
      fs.rmSync(file);
      const deadline = Date.now() + 3_000;
      while (!lost.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatch(/was deleted while the host ran/);
      expect(() => create(store, 'after')).toThrow(/deleted/);
    } finally {
      store.close();
    }
  });
});
