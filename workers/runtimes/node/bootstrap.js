// tern's Lambda runtime client for Node.js (no dependencies).
//
// Started by tern as `node bootstrap.js` in the function's code folder, with the environment
// variables Lambda sets. It loads the handler named by _HANDLER ("file.export", the file
// relative to LAMBDA_TASK_ROOT: .js, .cjs or .mjs), then loops on the Runtime API: GET /next,
// call the handler (async, promise-returning, or callback style), POST the JSON result to
// /response or the error to /error. A load failure is posted to /init/error and the process
// exits.
//
// Error documents have Lambda's Node.js shape: {"errorType", "errorMessage", "trace": [...]}.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const { pathToFileURL } = require('url');

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const [HOST, PORT] = [API.slice(0, API.lastIndexOf(':')), Number(API.slice(API.lastIndexOf(':') + 1))];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port: PORT, method, path: '/2018-06-01' + urlPath, agent, headers: headers || {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function post(urlPath, document, errorType) {
  const body = Buffer.from(document, 'utf8');
  const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  const res = await request('POST', urlPath, body, headers);
  if (res.status >= 500) process.exit(1);  // the Runtime API asks the runtime to exit
}

function errorDocument(err) {
  if (err instanceof Error) {
    return JSON.stringify({
      errorType: err.name || 'Error',
      errorMessage: err.message,
      trace: String(err.stack || '').split('\n'),
    });
  }
  return JSON.stringify({ errorType: 'string', errorMessage: String(err), trace: [] });
}

class LoadError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

async function loadHandler(taskRoot, handlerName) {
  const dot = handlerName.lastIndexOf('.');
  if (dot <= 0) throw new LoadError('Runtime.MalformedHandlerName', `Bad handler ${handlerName}`);
  const moduleName = handlerName.slice(0, dot);
  const exportPath = handlerName.slice(dot + 1).split('.');
  const base = path.resolve(taskRoot, moduleName);
  let mod;
  const file = ['.js', '.cjs', '.mjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) {
    throw new LoadError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  try {
    mod = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  } catch (err) {
    if (err instanceof SyntaxError) throw new LoadError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`);
    throw err;
  }
  let handler = mod;
  for (const part of exportPath) handler = handler == null ? undefined : handler[part];
  if (typeof handler !== 'function') {
    throw new LoadError('Runtime.HandlerNotFound', `${handlerName} is undefined or not exported`);
  }
  return handler;
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
  if (headers['lambda-runtime-client-context']) context.clientContext = JSON.parse(headers['lambda-runtime-client-context']);
  if (headers['lambda-runtime-cognito-identity']) context.identity = JSON.parse(headers['lambda-runtime-cognito-identity']);
  if (headers['lambda-runtime-aws-tenant-id']) context.tenantId = headers['lambda-runtime-aws-tenant-id'];
  return context;
}

// Calls the handler and settles on its promise, or on its callback for (event, context, callback).
function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err); else resolve(result);
    };
    try {
      const out = handler(event, context, callback);
      if (out && typeof out.then === 'function') out.then((r) => callback(null, r), (e) => callback(e === undefined || e === null ? new Error(String(e)) : e));
      else if (handler.length < 3) callback(null, out);
    } catch (err) {
      callback(err);
    }
  });
}

let currentRequestId = null;

async function main() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  let handler;
  try {
    handler = await loadHandler(taskRoot, process.env._HANDLER || '');
  } catch (err) {
    console.error(`${err.name}: ${err.message}`);
    await post('/runtime/init/error', errorDocument(err), err.name || 'Runtime.Unknown');
    process.exit(1);
  }
  process.on('uncaughtException', async (err) => {
    console.error('Uncaught Exception', err);
    if (currentRequestId) await post(`/runtime/invocation/${currentRequestId}/error`, errorDocument(err), err.name);
    process.exit(129);
  });
  for (;;) {
    const next = await request('GET', '/runtime/invocation/next');
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    const trace = next.headers['lambda-runtime-trace-id'];
    if (trace) process.env._X_AMZN_TRACE_ID = trace; else delete process.env._X_AMZN_TRACE_ID;
    const base = `/runtime/invocation/${requestId}`;
    let event;
    try {
      event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
    } catch (err) {
      await post(base + '/error', JSON.stringify({ errorType: 'Runtime.UnmarshalError', errorMessage: err.message, trace: [] }), 'Runtime.UnmarshalError');
      continue;
    }
    let result;
    try {
      result = await callHandler(handler, event, makeContext(next.headers));
    } catch (err) {
      console.error('Invoke Error', err instanceof Error ? err.stack : String(err));
      await post(base + '/error', errorDocument(err), err && err.name ? err.name : 'Error');
      currentRequestId = null;
      continue;
    }
    let payload;
    try {
      payload = result === undefined ? 'null' : JSON.stringify(result);
    } catch (err) {
      await post(base + '/error', JSON.stringify({ errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${err.message}`, trace: [] }), 'Runtime.MarshalError');
      currentRequestId = null;
      continue;
    }
    await post(base + '/response', payload);
    currentRequestId = null;
  }
}

main().catch((err) => {
  console.error('tern runtime client failed:', err);
  process.exit(1);
});
