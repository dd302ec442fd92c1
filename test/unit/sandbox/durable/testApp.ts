// A small durable app registered through the real durable-functions/@azure/functions APIs (loaded by harness.ts).
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

export const attemptsByKey = new Map<string, number>();

df.app.activity('Echo', { handler: (input: unknown) => `${String(input)}-done` });
df.app.activity('Double', { handler: (input: number) => input * 2 });
df.app.activity('Flaky', {
  handler: (key: string) => {
    const attempts = (attemptsByKey.get(key) ?? 0) + 1;
    attemptsByKey.set(key, attempts);
    if (attempts < 3) throw new Error(`flaky attempt ${attempts}`);
    return `ok after ${attempts}`;
  },
});
df.app.activity('AlwaysFails', { handler: () => { throw new Error('always broken'); } });

df.app.orchestration('SingleActivity', function* (context) {
  return yield context.df.callActivity('Echo', context.df.getInput());
});
df.app.orchestration('FanOut', function* (context) {
  const inputs = context.df.getInput() as number[];
  const results = (yield context.df.Task.all(inputs.map((n) => context.df.callActivity('Double', n)))) as number[];
  return results.reduce((sum, n) => sum + n, 0);
});
df.app.orchestration('TimerThenDone', function* (context) {
  const delayInMs = (context.df.getInput() as number | undefined) ?? 100;
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + delayInMs));
  return 'timer-fired';
});
df.app.orchestration('WaitApproval', function* (context) {
  context.df.setCustomStatus({ stage: 'waiting' });
  const approval = yield context.df.waitForExternalEvent('approval');
  return { approval };
});
df.app.orchestration('DelayedWait', function* (context) {
  yield context.df.callActivity('Echo', 'first');
  return yield context.df.waitForExternalEvent('approval');
});
df.app.orchestration('RetryFlaky', function* (context) {
  return yield context.df.callActivityWithRetry('Flaky', new df.RetryOptions(20, 3), context.df.getInput());
});
df.app.orchestration('RetryExhausted', function* (context) {
  try {
    yield context.df.callActivityWithRetry('AlwaysFails', new df.RetryOptions(10, 2), null);
    return 'unexpected';
  } catch (error) {
    const after = yield context.df.callActivity('Echo', 'after');
    return { caught: (error as Error).message, after };
  }
});
df.app.orchestration('Parent', function* (context) {
  const first = yield context.df.callSubOrchestrator('SingleActivity', 'child-a');
  const second = yield context.df.callSubOrchestrator('SingleActivity', 'child-b', 'fixed-child-id');
  return [first, second];
});
df.app.orchestration('Counter', function* (context) {
  const n = context.df.getInput() as number;
  yield context.df.callActivity('Double', n);
  if (n < 3) {
    context.df.continueAsNew(n + 1);
    return undefined;
  }
  return n;
});
df.app.orchestration('ReplayLogging', function* (context) {
  if (!context.df.isReplaying) context.log('REPLAY-SAFE-MARKER');
  yield context.df.callActivity('Echo', 'a');
  yield context.df.callActivity('Echo', 'b');
  return 'logged';
});
df.app.orchestration('Forever', function* (context) {
  yield context.df.waitForExternalEvent('never');
});
df.app.orchestration('Throws', function* (context) {
  yield context.df.callActivity('Echo', 'x');
  throw new Error('boom');
});
df.app.orchestration('CallsMissing', function* (context) {
  return yield context.df.callActivity('NoSuchActivity', 1);
});

app.http('DurableStart', {
  route: 'start/{name}/{id?}',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const client = df.getClient(context);
    const instanceId = await client.startNew(request.params.name ?? '', { instanceId: request.params.id, input: await request.json() });
    return client.createCheckStatusResponse(request, instanceId);
  },
});

app.http('DurableOps', {
  route: 'ops',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const client = df.getClient(context);
    const { op, id, data } = (await request.json()) as { op: string; id: string; data?: unknown };
    try {
      switch (op) {
        case 'status': return { jsonBody: await client.getStatus(id) };
        case 'raise': await client.raiseEvent(id, 'approval', data); return { jsonBody: 'raised' };
        case 'terminate': await client.terminate(id, 'stop it'); return { jsonBody: 'terminated' };
        case 'list': return { jsonBody: await client.getStatusAll() };
        case 'purge': return { jsonBody: await client.purgeInstanceHistory(id) };
        case 'start': return { jsonBody: await client.startNew('Forever', { instanceId: id }) };
        default: return { status: 400 };
      }
    } catch (error) {
      return { status: 500, jsonBody: { error: (error as Error).message } };
    }
  },
});
