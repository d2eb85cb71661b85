// Restate's side of workloads (a) and (d): handlers doing what bench/app's orchestrations do, each step a journaled ctx.run.
// Plain JS, run with NODE_PATH at bench/.peer/restate/node_modules, so the project itself never depends on Restate.
const http2 = require('node:http2');
const restate = require('@restatedev/restate-sdk');

const echo = (value) => () => value;

const bench = restate.service({
  name: 'bench',
  handlers: {
    helloSequence5: async (ctx) => {
      const out = [];
      for (const city of ['Tokyo', 'Seattle', 'London', 'Paris', 'Cairo']) out.push(await ctx.run('Echo', echo(city)));
      return out;
    },
    chain3: async (ctx) => {
      const a = await ctx.run('Echo', echo(1));
      const b = await ctx.run('Echo', echo(a + 1));
      return await ctx.run('Echo', echo(b + 1));
    },
  },
});

// What endpoint.listen() does, but on loopback only (listen() binds every interface).
const server = http2.createServer(restate.endpoint().bind(bench).http2Handler());
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
