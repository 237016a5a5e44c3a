// Node.js fixtures of the workers tests.
let calls = 0;
exports.echo = async (event) => event;
exports.info = async (event, context) => {
  calls += 1;
  return {
    calls,
    pid: process.pid,
    functionName: context.functionName,
    awsRequestId: context.awsRequestId,
    memoryLimitInMB: context.memoryLimitInMB,
    remaining: context.getRemainingTimeInMillis(),
    env: process.env,
  };
};
exports.callback = (event, context, callback) => callback(null, { via: 'callback', event });
exports.throws = async () => {
  const err = new TypeError('bad input');
  throw err;
};
exports.hogs = async (event) => {
  const blocks = [];
  for (let i = 0; i < (event.megabytes || 400); i++) blocks.push(Buffer.alloc(1024 * 1024, 1));
  await new Promise((r) => setTimeout(r, 30000));
  return blocks.length;
};
