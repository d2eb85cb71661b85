import { DurableTestEnvironment } from '../../src/testing';
import { EventType } from '../../src/host/durable/model/history';
import { FIDELITY_APP } from '../support/fidelityApp';

describe('failure details, as durable-functions 3.5 reads them', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FIDELITY_APP });
  });

  afterAll(async () => {
    await env.dispose();
  });

  test('an activity failure with an ExceptionPropertiesProvider reaches the orchestrator as a TaskFailedError with its type, message, stack and nested properties', async () => {
    const id = await env.start('CatchTaskFailed');
    const { output } = await env.waitForCompletion(id);
    expect(output).toEqual({
      isTaskFailedError: true,
      name: 'TaskFailedError',
      message: 'PaymentError: card declined for 25',
      taskName: 'ChargeCard',
      failureDetails: {
        errorType: 'PaymentError',
        errorMessage: 'card declined for 25',
        properties: { code: 'E42', details: { retryable: false, limits: { daily: 100, currency: 'EUR' } } },
        hasStack: true,
        causedByPaymentError: true,
      },
    });
    const failed = env.getHistory(id).find((e) => e.EventType === EventType.TaskFailed)!;
    // The legacy fields stay readable: the reason carries the message, not the structured payload.
    expect(failed.Reason).toBe("Activity function 'ChargeCard' failed: card declined for 25");
    expect(failed.FailureDetails).toMatchObject({ ErrorType: 'PaymentError', ErrorMessage: 'card declined for 25', IsNonRetriable: false });
  });

  test('an error the provider leaves alone arrives as before: a plain Error of reason and details, no FailureDetails', async () => {
    const id = await env.start('CatchTaskFailed', 'PlainFailure');
    const { output } = await env.waitForCompletion(id);
    expect(output).toMatchObject({ isTaskFailedError: false, name: 'Error', message: expect.stringMatching(/^Activity function 'PlainFailure' failed: plain boom \n Error: plain boom/) });
    expect(env.getHistory(id).find((e) => e.EventType === EventType.TaskFailed)!.FailureDetails).toBeUndefined();
  });

  test('an uncaught TaskFailedError fails the instance with its FailureDetails: the output is "ErrorType: ErrorMessage", as the Durable Task Framework writes it', async () => {
    const id = await env.start('UncaughtTaskFailed');
    const status = await env.waitForCompletion(id);
    expect(status).toMatchObject({ runtimeStatus: 'Failed', output: 'PaymentError: card declined for 50' });
    const completed = env.getHistory(id).find((e) => e.EventType === EventType.ExecutionCompleted)!;
    expect(completed.FailureDetails).toMatchObject({ ErrorType: 'PaymentError', Properties: { code: 'E42' } });
  });

  test("a sub-orchestration's failure details, properties included, reach its parent's catch", async () => {
    const id = await env.start('CatchChildFailure');
    const { output } = await env.waitForCompletion(id);
    expect(output).toMatchObject({
      isTaskFailedError: true,
      message: 'PaymentError: card declined for 50',
      taskName: 'UncaughtTaskFailed',
      failureDetails: { errorType: 'PaymentError', properties: { code: 'E42', details: { limits: { daily: 100 } } } },
    });
  });

  test('an orchestrator that throws a plain error fails without FailureDetails, its output the extension’s message', async () => {
    const id = await env.start('ThrowsPlain');
    const status = await env.waitForCompletion(id);
    expect(status).toMatchObject({ runtimeStatus: 'Failed', output: "Orchestrator function 'ThrowsPlain' failed: orchestrator bug" });
    expect(env.getHistory(id).find((e) => e.EventType === EventType.ExecutionCompleted)!.FailureDetails).toBeUndefined();
  });

  test('the status API shows a failed instance’s output and the FailureDetails in its history', async () => {
    const id = await env.start('UncaughtTaskFailed');
    await env.waitForCompletion(id);
    const res = await fetch(`${env.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true&showHistoryOutput=true`);
    const body = (await res.json()) as { output: unknown; historyEvents: { EventType: string }[] };
    expect(body.output).toBe('PaymentError: card declined for 50');
    const failed = body.historyEvents.find((e: { EventType: string }) => e.EventType === 'TaskFailed');
    expect(failed).toMatchObject({ FunctionName: 'ChargeCard', FailureDetails: { ErrorType: 'PaymentError', Properties: { code: 'E42' } } });
    expect(body.historyEvents.at(-1)).toMatchObject({ EventType: 'ExecutionCompleted', OrchestrationStatus: 'Failed', FailureDetails: { ErrorType: 'PaymentError' } });
  });
});
