// (a) An orchestration that returns on the first of a fast and two slow activities: the slow ones
// report later, to an instance that has finished (and that a client may have restarted or purged).
const df = require('durable-functions');

df.app.activity('RaceFast', { handler: (input) => input.marker });
df.app.activity('RaceSlow', { handler: (ms) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)) });

df.app.orchestration('RaceAny', function* (context) {
  const input = context.df.getInput();
  const fast = context.df.callActivity('RaceFast', input);
  const slow = input.slowMs.map((ms) => context.df.callActivity('RaceSlow', ms));
  const winner = yield context.df.Task.any([fast, ...slow]);
  return { marker: input.marker, winner: winner === fast ? 'fast' : 'slow' };
});
