import type { Command } from 'commander';
import { type ApiCall, apiAction, withApiOptions } from './apiCommand';
import type { CliContext } from './CliContext';
import type { HistoryEventPayload, InstanceFilter, InstanceStatus } from './ManagementClient';
import { jsonText, pointInTime, positiveCount, statusList } from './optionValues';
import { duration, readableTime } from './readableTime';
import { fieldList, shortJson, textTable } from './textTable';

const PAGE_SIZE = 100;

interface ListOptions {
  status?: string[];
  name?: string;
  prefix?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  top: number;
}

function json(value: unknown): string {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2);
}

function countsByStatus(instances: InstanceStatus[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.runtimeStatus, (counts.get(i.runtimeStatus) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

/** Instances the API's filters and the name (which the API cannot filter on) select, up to `top`, across pages. */
async function listInstances(call: ApiCall<ListOptions>): Promise<{ instances: InstanceStatus[]; more: boolean }> {
  const { options, client } = call;
  const filter: InstanceFilter = { runtimeStatus: options.status, instanceIdPrefix: options.prefix, createdTimeFrom: options.createdAfter, createdTimeTo: options.createdBefore };
  const name = options.name?.toLowerCase();
  const instances: InstanceStatus[] = [];
  let token: string | undefined;
  do {
    const page = await client.queryInstances(filter, name ? PAGE_SIZE : Math.min(PAGE_SIZE, options.top - instances.length), token);
    token = page.continuationToken;
    for (const instance of page.items) {
      if (name && instance.name.toLowerCase() !== name) continue;
      if (instances.length === options.top) return { instances, more: true };
      instances.push(instance);
    }
  } while (token && instances.length < options.top);
  return { instances, more: token !== undefined };
}

/** One history event's cell: what it names and carries. */
function eventDetails(event: HistoryEventPayload): string {
  const parts: string[] = [];
  if (event.InstanceId) parts.push(`instance ${event.InstanceId}`);
  if (event.FireAt) parts.push(`fires ${readableTime(event.FireAt).replace(/ \(.*\)$/, '')}`);
  if (event.Reason) parts.push(`reason: ${shortJson(event.Reason, 80)}`);
  if (event.Input !== undefined && event.Input !== null) parts.push(`input ${shortJson(event.Input, 40)}`);
  if (event.Result !== undefined && event.Result !== null) parts.push(`result ${shortJson(event.Result, 40)}`);
  return parts.join('; ');
}

function historyTable(events: HistoryEventPayload[]): string {
  const start = events.length ? Date.parse(events[0].Timestamp) : 0;
  // In the extension's condensed history a completion names its function; in the full one its scheduling event does.
  const scheduled = new Map(events.filter((e) => e.EventId !== undefined && e.EventId >= 0 && e.Name).map((e) => [e.EventId, e.Name]));
  const rows = events.map((e) => {
    const ref = e.TaskScheduledId ?? e.TimerId;
    return [
      `+${duration(Date.parse(e.Timestamp) - start)}`,
      e.EventType,
      e.Name ?? (typeof e.FunctionName === 'string' ? e.FunctionName : undefined) ?? (ref !== undefined ? scheduled.get(ref) ?? '' : ''),
      e.EventId !== undefined && e.EventId >= 0 ? String(e.EventId) : ref !== undefined ? `→ ${ref}` : '',
      eventDetails(e),
    ];
  });
  return textTable(['AT', 'EVENT', 'NAME', 'ID', 'DETAILS'], rows);
}

function describeInstance(instance: InstanceStatus): string {
  const failed = instance.runtimeStatus === 'Failed';
  const fields: [string, string][] = [
    ['Instance', instance.instanceId],
    ['Name', instance.name],
    ['Status', instance.runtimeStatus],
    ['Created', readableTime(instance.createdTime)],
    ['Last updated', readableTime(instance.lastUpdatedTime)],
    ['Input', json(instance.input)],
    ['Custom status', json(instance.customStatus)],
    // A failure's output is its message; the stack is in the details.
    failed ? ['Failure', typeof instance.output === 'string' ? instance.output.split(/\s*\n/)[0] : json(instance.output)] : ['Output', json(instance.output)],
  ];
  const failure = failed ? instance.historyEvents?.filter((e) => e.Details || e.EventType.endsWith('Failed')).pop() : undefined;
  if (failure?.Details) fields.push(['Details', String(failure.Details)]);
  return fieldList(fields);
}

export function registerInstancesCommand(program: Command, context: CliContext): void {
  const instances = program.command('instances').description('list, inspect and steer orchestration instances through the management API');

  withApiOptions(
    instances
      .command('list')
      .description('list instances, with filters')
      .option('--status <statuses>', `runtime statuses, comma-separated (e.g. Running,Failed)`, statusList)
      .option('--name <name>', 'only this orchestration (matched here: the API has no name filter)')
      .option('--prefix <prefix>', 'instance ids that start with this')
      .option('--created-after <time>', 'created at or after: ISO 8601 or a time ago (30m, 2h, 7d)', (v) => pointInTime(v))
      .option('--created-before <time>', 'created at or before: ISO 8601 or a time ago', (v) => pointInTime(v))
      .option('--top <n>', 'show at most this many', positiveCount, 100),
  ).action(
    apiAction<ListOptions, []>(context, async (call) => {
      const { instances: found, more } = await listInstances(call);
      if (call.printJson(found)) return;
      if (!found.length) return call.print('No instance matches.\n');
      const rows = found.map((i) => [i.instanceId, i.name, i.runtimeStatus, readableTime(i.createdTime), readableTime(i.lastUpdatedTime)]);
      call.print(textTable(['INSTANCE', 'NAME', 'STATUS', 'CREATED', 'LAST UPDATED'], rows));
      call.print(`\n${found.length} instance${found.length === 1 ? '' : 's'}: ${countsByStatus(found)}.${more ? ` More match: pass --top ${call.options.top * 2} to see more.` : ''}\n`);
    }),
  );

  withApiOptions(
    instances
      .command('show')
      .description("one instance: status, input, output, custom status, failure; with --history, its history")
      .argument('<id>', 'the instance id')
      .option('--history', 'its history events as well'),
  ).action(
    apiAction<{ history?: boolean }, [string]>(context, async (call, id) => {
      let instance = await call.client.getInstance(id, { history: call.options.history });
      // A failure's details are in the history.
      if (!call.options.history && instance.runtimeStatus === 'Failed') instance = await call.client.getInstance(id, { history: true });
      const shown = call.options.history ? instance : { ...instance, historyEvents: undefined };
      if (call.printJson(shown)) return;
      call.print(describeInstance(instance));
      if (call.options.history) call.print(`\nHistory:\n${historyTable(instance.historyEvents ?? [])}`);
    }),
  );

  withApiOptions(
    instances
      .command('start')
      .description('start an orchestration')
      .argument('<name>', 'the orchestrator function')
      .option('--id <id>', 'the instance id (default: a new one)')
      .option('--input <json>', 'the input, as JSON', jsonText),
  ).action(
    apiAction<{ id?: string; input?: string }, [string]>(context, async (call, name) => {
      const started = await call.client.start(name, call.options.id, call.options.input);
      if (call.printJson(started)) return;
      call.print(`Started ${name}: instance ${started.id}.\nFollow it with: durable-host instances show ${started.id}\n`);
    }),
  );

  withApiOptions(
    instances
      .command('raise')
      .description('raise an event on an instance')
      .argument('<id>', 'the instance id')
      .argument('<event>', 'the event name')
      .option('--data <json>', 'the event data, as JSON', jsonText),
  ).action(
    apiAction<{ data?: string }, [string, string]>(context, async (call, id, event) => {
      await call.client.raiseEvent(id, event, call.options.data);
      if (call.printJson({ instanceId: id, event, accepted: true })) return;
      call.print(`Raised '${event}' on ${id} (accepted).\n`);
    }),
  );

  const operations = [
    ['terminate', 'Terminating', 'terminate a running instance'],
    ['suspend', 'Suspending', 'suspend a running instance (it keeps the events it receives)'],
    ['resume', 'Resuming', 'resume a suspended instance'],
    ['rewind', 'Rewinding', 'rewind a failed instance: its failed work runs again'],
  ] as const;
  for (const [operation, doing, description] of operations) {
    withApiOptions(
      instances.command(operation).description(description).argument('<id>', 'the instance id').option('--reason <reason>', 'why, kept with the instance'),
    ).action(
      apiAction<{ reason?: string }, [string]>(context, async (call, id) => {
        await call.client.operate(id, operation, call.options.reason);
        if (call.printJson({ instanceId: id, operation, accepted: true })) return;
        call.print(`${doing} ${id} (accepted).\n`);
      }),
    );
  }

  withApiOptions(
    instances
      .command('restart')
      .description('start an instance again with the same input, under a new id unless --same-id')
      .argument('<id>', 'the instance id')
      .option('--reason <reason>', 'why (sent along; the restart API keeps no reason)')
      .option('--same-id', 'keep the id (the instance must be finished)'),
  ).action(
    apiAction<{ reason?: string; sameId?: boolean }, [string]>(context, async (call, id) => {
      const restarted = await call.client.restart(id, !call.options.sameId, call.options.reason);
      if (call.printJson(restarted)) return;
      call.print(`Restarted ${id} as ${restarted.id}.\n`);
    }),
  );

  withApiOptions(
    instances
      .command('purge')
      .description('delete finished instances and their history: one by id, or all that match the filters')
      .argument('[id]', 'the instance id')
      .option('--status <statuses>', 'runtime statuses, comma-separated (only Completed, Failed and Terminated are purged)', statusList)
      .option('--created-after <time>', 'created at or after: ISO 8601 or a time ago', (v) => pointInTime(v))
      .option('--created-before <time>', 'created at or before: ISO 8601 or a time ago (30m, 2h, 7d)', (v) => pointInTime(v)),
  ).action(
    apiAction<{ status?: string[]; createdAfter?: Date; createdBefore?: Date }, [string | undefined]>(context, async (call, id) => {
      const { status, createdAfter, createdBefore } = call.options;
      const filtered = status !== undefined || createdAfter !== undefined || createdBefore !== undefined;
      if (id !== undefined && filtered) call.usageError('Give an instance id or filters, not both.');
      if (id === undefined && !filtered) call.usageError('Give an instance id, or at least one of --status, --created-after, --created-before.');
      const deleted = id !== undefined ? await call.client.purge(id) : await call.client.purgeWhere({ runtimeStatus: status, createdTimeFrom: createdAfter, createdTimeTo: createdBefore });
      if (call.printJson({ instancesDeleted: deleted })) return;
      call.print(`Purged ${deleted} instance${deleted === 1 ? '' : 's'}.\n`);
    }),
  );
}
