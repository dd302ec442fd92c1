import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Timer } from '@azure/functions';
import { teamsOutboxTimerHandler } from '../../../../functions/notifications/teamsOutboxTimer';
import { startAzurite, type RunningAzurite } from '../../../../sandbox/emulators/azurite';
import { createTeamsSink, TEAMS_SINK_PATH, type TeamsSink } from '../../../../sandbox/emulators/teams/teamsSink';
import { createTableClient } from '../../../../shared/azure/tables/createTableClient';
import { TeamsOutbox } from '../../../../shared/azure/tables/teamsOutbox';
import { adaptiveCard, paragraph } from '../../../../shared/core/cards/cardFrame';
import { testContext } from '../../../support/handlerFakes';

/** The timer handler over a real outbox table (Azurite) and a Teams Workflows stand-in, both on 127.0.0.1. */
let azurite: RunningAzurite;
let directory: string;
let server: Server;
let sink: TeamsSink;
let webhookUrl: string;
let tables = 0;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'azurite-outbox-timer-'));
  azurite = await startAzurite({ location: directory, silent: true });
  sink = createTeamsSink();
  server = createServer((request, response) => {
    if (!sink.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${TEAMS_SINK_PATH}/sig-secret?api-version=1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await azurite?.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => {
  sink.clear();
  sink.setAvailability({ available: true });
});

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;
const failure = { attempts: 4, status: 503, error: 'Teams answered HTTP 503' };
const outbox = () => new TeamsOutbox(createTableClient({ connectionString: azurite.connectionString }, `outboxtimer${Date.now()}${(tables += 1)}`));
const handlerOver = (queue: TeamsOutbox) => teamsOutboxTimerHandler({ settings: { teamsWebhookUrl: webhookUrl, teamsOutboxRetryDelay: 60_000 }, teamsOutbox: () => queue });

describe('teamsOutboxTimer', () => {
  it('delivers a due card to Teams, empties the outbox and logs the pass without the webhook URL', async () => {
    const queue = outbox();
    const past = new Date(Date.now() - 60_000);
    await queue.enqueue(adaptiveCard([paragraph('drift on vnet-a')]), 'drift on vnet-a', failure, past, past);
    const { context, logs } = testContext();
    await handlerOver(queue)(timer, context);
    expect(sink.messages().map((message) => JSON.stringify(message))).toEqual([expect.stringContaining('drift on vnet-a')]);
    expect(await queue.list()).toEqual([]);
    expect(logs).toContainEqual(expect.stringMatching(/^information: Teams outbox: 1 due, 1 delivered, 0 rescheduled, 0 given up/));
    expect(logs.join('\n')).not.toContain('sig-secret');
  });

  it('keeps the card for a later pass while Teams is down', async () => {
    const queue = outbox();
    const past = new Date(Date.now() - 60_000);
    await queue.enqueue(adaptiveCard([paragraph('drift on vnet-b')]), 'drift on vnet-b', failure, past, past);
    sink.setAvailability({ available: false, status: 503 });
    const { context, logs } = testContext();
    await handlerOver(queue)(timer, context);
    expect(sink.messages()).toEqual([]);
    expect(await queue.list()).toEqual([expect.objectContaining({ summary: 'drift on vnet-b', state: 'pending', retries: 1 })]);
    expect(logs).toContainEqual(expect.stringMatching(/^information: Teams outbox: 1 due, 0 delivered, 1 rescheduled/));
    expect(logs.join('\n')).not.toContain('sig-secret');
  });

  it('says nothing when nothing is due', async () => {
    const { context, logs } = testContext();
    await handlerOver(outbox())(timer, context);
    expect(logs.filter((line) => line.includes('Teams outbox:'))).toEqual([]);
  });
});
