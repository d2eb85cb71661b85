// (b), (c) A short chain of activities carrying a small payload, as an ordinary workload.
const df = require('durable-functions');

df.app.activity('ChainStep', { handler: (input) => ({ ...input, steps: input.steps + 1 }) });

df.app.orchestration('Chain', function* (context) {
  let value = { ...context.df.getInput(), steps: 0 };
  for (let i = 0; i < 3; i++) value = yield context.df.callActivity('ChainStep', value);
  return { id: value.id, steps: value.steps };
});

// (g) An orchestration that completes in its first episode: a few pages per instance, so a burst of them
// fits between two WAL checkpoints (which sync even with synchronous=NORMAL).
df.app.orchestration('Greeting', function* (context) {
  return `Hello ${context.df.getInput().id}`;
});
