// (e) An activity whose result is 10 MiB; the orchestration returns its size and digest, so the
// checker knows the whole result arrived.
const crypto = require('node:crypto');
const df = require('durable-functions');

df.app.activity('BigResult', {
  handler: (input) => `result ${input.i} `.padEnd(1024, '.').repeat(input.kib),
});

df.app.orchestration('BigResultOrchestration', function* (context) {
  const result = yield context.df.callActivity('BigResult', context.df.getInput());
  return { length: result.length, sha256: crypto.createHash('sha256').update(result).digest('hex') };
});
