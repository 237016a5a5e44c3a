// The Step Functions and Lambda life cycle through the AWS SDK for JavaScript v3 against
// `tern serve`. Usage: node lifecycle.cjs ENDPOINT (with NODE_PATH pointing at the SDK's
// node_modules). Prints one line per check; exits 1 at the first failure.
const sfn = require('@aws-sdk/client-sfn');
const lambda = require('@aws-sdk/client-lambda');

const endpoint = process.argv[2];
const common = {
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
};
// StartSyncExecution's "sync-" host prefix: the SDK's switch for local endpoints.
const states = new sfn.SFNClient({ ...common, disableHostPrefix: true });
const functions = new lambda.LambdaClient(common);
const account = '123456789012';
const role = `arn:aws:iam::${account}:role/r`;

function check(what, ok, detail) {
  if (!ok) {
    console.log(`FAIL ${what}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

async function expectError(what, promise, name) {
  try {
    await promise;
    check(what, false, 'no error');
  } catch (e) {
    check(what, e.name === name, { name: e.name, message: e.message });
  }
}

async function main() {
  const definition = JSON.stringify({
    StartAt: 'P', States: { P: { Type: 'Pass', Result: { x: 1 }, End: true } },
  });
  const created = await states.send(new sfn.CreateStateMachineCommand({
    name: 'sdk-pass', definition, roleArn: role }));
  check('CreateStateMachine', created.stateMachineArn ===
    `arn:aws:states:us-east-1:${account}:stateMachine:sdk-pass` &&
    created.creationDate instanceof Date, created);

  const started = await states.send(new sfn.StartExecutionCommand({
    stateMachineArn: created.stateMachineArn, name: 'sdk-1', input: '{"a":1}' }));
  check('StartExecution', started.executionArn.endsWith(':execution:sdk-pass:sdk-1'), started);
  let described;
  for (let i = 0; i < 600; i++) {
    described = await states.send(new sfn.DescribeExecutionCommand({
      executionArn: started.executionArn }));
    if (described.status !== 'RUNNING') break;
  }
  check('DescribeExecution', described.status === 'SUCCEEDED' &&
    JSON.parse(described.output).x === 1 && described.stopDate instanceof Date &&
    described.redriveCount === 0, described);

  const history = await states.send(new sfn.GetExecutionHistoryCommand({
    executionArn: started.executionArn }));
  check('GetExecutionHistory', history.events.map((e) => e.type).join(',') ===
    'ExecutionStarted,PassStateEntered,PassStateExited,ExecutionSucceeded' &&
    history.events[0].timestamp instanceof Date, history.events);

  const listed = await states.send(new sfn.ListExecutionsCommand({
    stateMachineArn: created.stateMachineArn, statusFilter: 'SUCCEEDED' }));
  check('ListExecutions', listed.executions.length === 1 &&
    listed.executions[0].name === 'sdk-1', listed);

  const waiter = await states.send(new sfn.CreateStateMachineCommand({
    name: 'sdk-wait', roleArn: role, definition: JSON.stringify({
      StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } }) }));
  const waiting = await states.send(new sfn.StartExecutionCommand({
    stateMachineArn: waiter.stateMachineArn }));
  const stopped = await states.send(new sfn.StopExecutionCommand({
    executionArn: waiting.executionArn, error: 'E', cause: 'C' }));
  check('StopExecution', stopped.stopDate instanceof Date, stopped);

  const express = await states.send(new sfn.CreateStateMachineCommand({
    name: 'sdk-express', type: 'EXPRESS', definition, roleArn: role }));
  const sync = await states.send(new sfn.StartSyncExecutionCommand({
    stateMachineArn: express.stateMachineArn, input: '{}' }));
  check('StartSyncExecution', sync.status === 'SUCCEEDED' && sync.output === '{"x":1}', sync);

  await expectError('ExecutionDoesNotExist', states.send(new sfn.DescribeExecutionCommand({
    executionArn: `arn:aws:states:us-east-1:${account}:execution:sdk-pass:none` })),
  'ExecutionDoesNotExist');
  await expectError('TaskDoesNotExist', states.send(new sfn.SendTaskSuccessCommand({
    taskToken: 'nope', output: '{}' })), 'TaskDoesNotExist');

  const invoked = await functions.send(new lambda.InvokeCommand({
    FunctionName: 'echo', Payload: Buffer.from('{"sdk":true}'), LogType: 'Tail' }));
  check('Invoke', invoked.StatusCode === 200 && !invoked.FunctionError &&
    JSON.parse(Buffer.from(invoked.Payload).toString()).sdk === true &&
    invoked.ExecutedVersion === '$LATEST' && invoked.LogResult, invoked.StatusCode);
  const failed = await functions.send(new lambda.InvokeCommand({ FunctionName: 'boom' }));
  check('Invoke function error', failed.FunctionError === 'Unhandled', failed.FunctionError);
  await expectError('ResourceNotFoundException', functions.send(new lambda.InvokeCommand({
    FunctionName: 'missing' })), 'ResourceNotFoundException');
  const list = await functions.send(new lambda.ListFunctionsCommand({}));
  check('ListFunctions', list.Functions.some((f) => f.FunctionName === 'echo'), list);
  console.log('ALL OK');
}

main().catch((e) => {
  console.log(`FAIL unexpected: ${e.name}: ${e.message}`);
  process.exit(1);
});
