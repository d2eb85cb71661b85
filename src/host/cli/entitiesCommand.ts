import type { Command } from 'commander';
import { apiAction, withApiOptions } from './apiCommand';
import type { CliContext } from './CliContext';
import type { EntityPayload } from './ManagementClient';
import { jsonText, positiveCount } from './optionValues';
import { readableTime } from './readableTime';
import { shortJson, textTable } from './textTable';

const PAGE_SIZE = 100;

export function registerEntitiesCommand(program: Command, context: CliContext): void {
  const entities = program.command('entities').description('list, read and signal durable entities through the management API');

  withApiOptions(
    entities
      .command('list')
      .description('list entities with their state')
      .option('--name <name>', 'only entities of this name')
      .option('--top <n>', 'show at most this many', positiveCount, 100),
  ).action(
    apiAction<{ name?: string; top: number }, []>(context, async (call) => {
      const { name, top } = call.options;
      const found: EntityPayload[] = [];
      let token: string | undefined;
      do {
        const page = await call.client.queryEntities({ name, fetchState: true, pageSize: Math.min(PAGE_SIZE, top - found.length) }, token);
        found.push(...page.items.slice(0, top - found.length));
        token = page.continuationToken;
      } while (token && found.length < top);
      if (call.printJson(found)) return;
      if (!found.length) return call.print('No entity matches.\n');
      const rows = found.map((e) => [e.entityId.name, e.entityId.key, readableTime(e.lastOperationTime), shortJson(e.state)]);
      call.print(textTable(['ENTITY', 'KEY', 'LAST OPERATION', 'STATE'], rows));
      call.print(`\n${found.length} entit${found.length === 1 ? 'y' : 'ies'}.${token ? ` More match: pass --top ${top * 2} to see more.` : ''}\n`);
    }),
  );

  withApiOptions(
    entities.command('show').description("an entity's state").argument('<name>', 'the entity name').argument('<key>', 'the entity key'),
  ).action(
    apiAction<object, [string, string]>(context, async (call, name, key) => {
      const state = await call.client.getEntity(name, key);
      if (call.printJson(state)) return;
      call.print(`${JSON.stringify(state, null, 2)}\n`);
    }),
  );

  withApiOptions(
    entities
      .command('signal')
      .description('signal an operation to an entity (it runs soon after, in order)')
      .argument('<name>', 'the entity name')
      .argument('<key>', 'the entity key')
      .argument('<operation>', 'the operation')
      .option('--input <json>', "the operation's input, as JSON", jsonText),
  ).action(
    apiAction<{ input?: string }, [string, string, string]>(context, async (call, name, key, operation) => {
      await call.client.signalEntity(name, key, operation, call.options.input);
      if (call.printJson({ entityId: { name, key }, operation, accepted: true })) return;
      call.print(`Signalled '${operation}' to ${name}/${key} (accepted).\n`);
    }),
  );
}
