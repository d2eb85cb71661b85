// The benchmark's workloads: small functions, so the figures measure the host, not the app.
const df = require('durable-functions');

df.app.activity('Echo', { handler: (input) => input });

df.app.orchestration('HelloSequence5', function* (context) {
  const out = [];
  for (const city of ['Tokyo', 'Seattle', 'London', 'Paris', 'Cairo']) out.push(yield context.df.callActivity('Echo', city));
  return out;
});

df.app.orchestration('FanOutFanIn', function* (context) {
  const n = context.df.getInput();
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(context.df.callActivity('Echo', i));
  const results = yield context.df.Task.all(tasks);
  return results.length;
});

df.app.orchestration('Chain3', function* (context) {
  const a = yield context.df.callActivity('Echo', 1);
  const b = yield context.df.callActivity('Echo', a + 1);
  return yield context.df.callActivity('Echo', b + 1);
});

df.app.entity('BenchCounter', (context) => {
  context.df.setState(context.df.getState(() => 0) + context.df.getInput());
});
