import { defineActivity, defineOrchestration, replaySafeLogger, retryPolicy } from '../../src/extension';
import {
  performUnreliableWork,
  readUnreliableWorkInput,
  UnreliableWorkInput,
  UnreliableWorkResult,
} from './unreliableWork';

const unreliableRetry = retryPolicy({ attempts: 3, firstInterval: '5s' });

const UnreliableActivity = defineActivity<UnreliableWorkInput, UnreliableWorkResult>(
  'UnreliableActivity',
  performUnreliableWork,
);

// No catch: once the retries are spent the orchestration fails with the activity's error.
defineOrchestration<UnreliableWorkInput | undefined, UnreliableWorkResult>(
  'ReliableOrchestration',
  function* (context, input) {
    // A bad input fails here at once rather than after retrying an activity that cannot succeed.
    const work = readUnreliableWorkInput(input ?? { key: context.df.instanceId });
    replaySafeLogger(context).info(`Calling UnreliableActivity for key "${work.key}" with up to 3 attempts.`);
    return yield* UnreliableActivity.callWithRetry(context, unreliableRetry, work);
  },
);
