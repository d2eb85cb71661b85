// The soak's order workflow: each activity notes every execution in SOAK_LOG, so a run can count them across crashes.
const fs = require('node:fs');
const df = require('durable-functions');

function note(activity, input) {
  if (process.env.SOAK_LOG) fs.appendFileSync(process.env.SOAK_LOG, `${input.orderId} ${activity}\n`);
}

df.app.activity('SoakValidate', { handler: (order) => (note('SoakValidate', order), { ...order, valid: true }) });
df.app.activity('SoakPay', { handler: (order) => (note('SoakPay', order), `TXN-${order.orderId}`) });
df.app.activity('SoakShip', { handler: (order) => (note('SoakShip', order), `TRK-${order.orderId}`) });

df.app.orchestration('SoakOrder', function* (context) {
  const order = yield context.df.callActivity('SoakValidate', context.df.getInput());
  const payment = yield context.df.callActivity('SoakPay', order);
  const tracking = yield context.df.callActivity('SoakShip', order);
  return { orderId: order.orderId, payment, tracking, status: 'Completed' };
});
