import type { EntityRequest } from '../../model/EntityRequest';
import type { HistoryEvent } from '../../model/history';
import type { InstanceRecord, RuntimeStatus } from '../../model/instance';
import type { EntityRecord, InboxMessage } from '../Store';

export interface InstanceRow {
  instance_id: string;
  execution_id: string;
  name: string;
  version: string | null;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  parent_instance_id: string | null;
  parent_execution_id: string | null;
  parent_task_id: number | null;
  next_event_id: number;
  etag: number;
}

export function toInstance(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    executionId: row.execution_id,
    name: row.name,
    version: row.version,
    status: row.status,
    input: row.input,
    output: row.output,
    customStatus: row.custom_status,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    completedAt: row.completed_at,
    parentInstanceId: row.parent_instance_id,
    parentExecutionId: row.parent_execution_id,
    parentTaskId: row.parent_task_id,
    nextEventId: row.next_event_id,
  };
}

export function toInstanceRow(r: InstanceRecord, etag: number): InstanceRow {
  return {
    instance_id: r.instanceId,
    execution_id: r.executionId,
    name: r.name,
    version: r.version,
    status: r.status,
    input: r.input,
    output: r.output,
    custom_status: r.customStatus,
    created_at: r.createdAt,
    last_updated_at: r.lastUpdatedAt,
    completed_at: r.completedAt,
    parent_instance_id: r.parentInstanceId,
    parent_execution_id: r.parentExecutionId,
    parent_task_id: r.parentTaskId,
    next_event_id: r.nextEventId,
    etag,
  };
}

export interface EntityRow {
  entity_id: string;
  name: string;
  key: string;
  exists_flag: number;
  state: string | null;
  lock_owner: string | null;
  queue: string | null;
  last_modified: number;
  etag: number;
}

export function toEntity(row: EntityRow): EntityRecord {
  return {
    entityId: row.entity_id,
    name: row.name,
    key: row.key,
    exists: row.exists_flag === 1,
    state: row.state,
    lockOwner: row.lock_owner,
    queue: row.queue ? (JSON.parse(row.queue) as EntityRequest[]) : [],
    lastModified: row.last_modified,
  };
}

export function toEntityRow(e: EntityRecord, etag: number): EntityRow {
  return {
    entity_id: e.entityId,
    name: e.name,
    key: e.key,
    exists_flag: e.exists ? 1 : 0,
    state: e.state,
    lock_owner: e.lockOwner,
    queue: e.queue.length ? JSON.stringify(e.queue) : null,
    last_modified: e.lastModified,
    etag,
  };
}

export interface MessageRow {
  id: number;
  instance_id: string;
  execution_id: string | null;
  event: string;
  visible_at: number;
}

export function toMessage(r: MessageRow): InboxMessage {
  return { id: r.id, instanceId: r.instance_id, executionId: r.execution_id, event: JSON.parse(r.event) as HistoryEvent, visibleAt: r.visible_at };
}

/** Encodes the position after the last row of a page of instances. */
export function instancePageToken(row: InstanceRecord): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.instanceId])).toString('base64url');
}

export function decodeInstancePageToken(token: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new RangeError('The continuation token is not valid.');
}

