// (d) An activity that always fails, called with retry policies the SDK accepts but whose next
// attempt falls on a date that cannot exist. Each attempt is noted in FAULTS_LOG with its time.
const fs = require('node:fs');
const df = require('durable-functions');

df.app.activity('AlwaysFails', {
  handler: (input) => {
    if (process.env.FAULTS_LOG) fs.appendFileSync(process.env.FAULTS_LOG, `${input.id} ${Date.now()}\n`);
    throw new Error('AlwaysFails failed on purpose');
  },
});

function retryPolicy(variant) {
  if (variant === 'interval') return new df.RetryOptions(1e16, 3);
  const policy = new df.RetryOptions(100, 5);
  policy.backoffCoefficient = 1e308;
  return policy;
}

df.app.orchestration('HugeRetry', function* (context) {
  const input = context.df.getInput();
  return yield context.df.callActivityWithRetry('AlwaysFails', retryPolicy(input.variant), { id: input.id });
});
