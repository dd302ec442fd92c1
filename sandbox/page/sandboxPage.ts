import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TeamsSink } from '../emulators/teams/teamsSink';
import { pageAssets } from './pageAssets';
import { projectRoot } from '../paths';

export const PAGE_STATE_PATH = '/_sandbox/page/state.json';

export interface SandboxPageOptions {
  readonly teamsSink: Pick<TeamsSink, 'messages'>;
  /** The JSON of GET /api/compliance. */
  readonly getCompliance: () => Promise<unknown>;
  /** The JSON of GET /api/posture (cluster egress posture); the section is left out without it. */
  readonly getPosture?: () => Promise<unknown>;
  /** The JSON listing rule requests (the page shows the open ones). */
  readonly getRuleRequests: () => Promise<unknown>;
  /** The JSON of GET /api/teams-outbox (cards Teams did not take: pending and given up); absent = not shown. */
  readonly getTeamsOutbox?: () => Promise<unknown>;
  /** Where the browser sends approve/reject; '' = same origin as the page. */
  readonly functionsBaseUrl: string;
  /** x-ms-client-principal header value (base64 JSON) of a sandbox approver. */
  readonly approverClientPrincipal?: string;
  /** Function keys for the approve and reject functions (authLevel function), sent as x-functions-key. */
  readonly functionKeys?: { readonly approve?: string; readonly reject?: string };
  readonly pollIntervalInMs?: number;
  readonly projectRoot?: string;
}

export interface SandboxPage {
  /** Serves GET / and the page's assets and state; returns false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/** The sandbox's root page: Teams messages rendered as cards, compliance state, open rule requests. */
export function createSandboxPage(options: SandboxPageOptions): SandboxPage {
  const assets = pageAssets(options.projectRoot ?? projectRoot());
  const config = {
    functionsBaseUrl: options.functionsBaseUrl.replace(/\/+$/, ''),
    approverClientPrincipal: options.approverClientPrincipal,
    functionKeys: options.functionKeys ?? {},
    pollIntervalInMs: options.pollIntervalInMs ?? 3000,
  };

  async function state(): Promise<unknown> {
    const getTeamsOutbox = options.getTeamsOutbox;
    const [compliance, ruleRequests, teamsOutbox] = await Promise.all([
      settle(options.getCompliance),
      settle(options.getRuleRequests),
      getTeamsOutbox ? settle(getTeamsOutbox) : Promise.resolve(undefined),
    ]);
    const posture = options.getPosture ? { posture: await settle(options.getPosture) } : {};
    return { config, messages: options.teamsSink.messages(), compliance, ruleRequests, ...posture, ...(teamsOutbox === undefined ? {} : { teamsOutbox }) };
  }

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      if (path === PAGE_STATE_PATH) {
        void state().then((body) => send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body)));
        return true;
      }
      const asset = assets.get(path);
      if (!asset) return false;
      readFile(asset.file).then(
        (content) => send(res, 200, asset.contentType, content),
        (error: Error) => send(res, 500, 'text/plain; charset=utf-8', `Cannot read ${asset.file}: ${error.message}`),
      );
      return true;
    },
  };
}

/** One failing source must not blank the page: its slot shows the error instead. */
async function settle(get: () => Promise<unknown>): Promise<unknown> {
  try {
    return await get();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
