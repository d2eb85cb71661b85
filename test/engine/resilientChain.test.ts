import { TableClient } from '@azure/data-tables';
import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';
import { type TestAzurite, startTestAzurite } from '../support/azurite';
import { APP_ROOT } from '../support/paths';

function scheduled(env: DurableTestEnvironment, id: string): string[] {
  return env
    .getHistory(id)
    .filter((e) => e.EventType === EventType.TaskScheduled)
    .map((e) => e.Name!);
}

describe('ResilientChainOrchestration with its checkpoint in Table Storage (Azurite)', () => {
  let azurite: TestAzurite;
  let env: DurableTestEnvironment;
  let table: TableClient;

  const checkpointOf = async (chainId: string) => {
    const { processingStage, processingStatus, lastProcessedId, lastUpdated } = await table.getEntity<Record<string, unknown>>('ResilientChainOrchestration', chainId);
    return { processingStage, processingStatus, lastProcessedId, lastUpdated };
  };

  beforeAll(async () => {
    azurite = await startTestAzurite();
    // The app reads its table connection from here, as it reads AzureWebJobsStorage in Azure.
    process.env.AzureWebJobsStorage = azurite.connectionString;
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
    table = TableClient.fromConnectionString(azurite.connectionString, 'WorkflowCheckpoints', { allowInsecureConnection: true });
  });

  afterAll(async () => {
    await env?.dispose();
    await azurite?.stop();
    delete process.env.AzureWebJobsStorage;
  });

  test('a chain that fails at ActivityTwo says so in its checkpoint; started again it passes through ActivityOne and resumes at ActivityTwo', async () => {
    await env.start('ResilientChainOrchestration', { failAt: 'ActivityTwo' }, { instanceId: 'chain-1' });
    const failed = await env.waitForCompletion('chain-1');
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.output).toMatch(/ActivityTwo failed on purpose for chain chain-1/);
    expect(scheduled(env, 'chain-1')).toEqual(['LoadChainCheckpointActivity', 'ActivityOne', 'ActivityTwo']);
    expect(await checkpointOf('chain-1')).toEqual({
      processingStage: 'ActivityTwo',
      processingStatus: 'Failed',
      lastProcessedId: 'chain-1:ActivityOne',
      lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    await env.start('ResilientChainOrchestration', undefined, { instanceId: 'chain-1' });
    const resumed = await env.waitForCompletion('chain-1');
    expect(resumed.runtimeStatus).toBe('Completed');
    expect(resumed.output).toEqual({ chainId: 'chain-1', lastProcessedId: 'chain-1:ActivityThree', ran: ['ActivityTwo', 'ActivityThree'], passedThrough: ['ActivityOne'] });
    expect(scheduled(env, 'chain-1')).toEqual(['LoadChainCheckpointActivity', 'ActivityTwo', 'ActivityThree']);
    expect(await checkpointOf('chain-1')).toMatchObject({ processingStage: 'ActivityThree', processingStatus: 'Completed', lastProcessedId: 'chain-1:ActivityThree' });
  });

  test('a chain keyed by chainId resumes under a new instance id, and one that finished starts over from ActivityOne', async () => {
    await env.start('ResilientChainOrchestration', { chainId: 'nightly', failAt: 'ActivityThree' }, { instanceId: 'nightly-run-1' });
    expect((await env.waitForCompletion('nightly-run-1')).runtimeStatus).toBe('Failed');

    await env.start('ResilientChainOrchestration', { chainId: 'nightly' }, { instanceId: 'nightly-run-2' });
    expect((await env.waitForCompletion('nightly-run-2')).output).toMatchObject({ ran: ['ActivityThree'], passedThrough: ['ActivityOne', 'ActivityTwo'] });

    await env.start('ResilientChainOrchestration', { chainId: 'nightly' }, { instanceId: 'nightly-run-3' });
    expect((await env.waitForCompletion('nightly-run-3')).output).toMatchObject({ ran: ['ActivityOne', 'ActivityTwo', 'ActivityThree'], passedThrough: [] });
  });
});
