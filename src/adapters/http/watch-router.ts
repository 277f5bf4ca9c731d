/**
 * /api/watch: list and manage watchlists, digest schedules and alerts, and see the runs they produced. Mounted under
 * /api, so it has the API's bearer auth; the HTTP caller holds the API token and may manage every channel. Commands
 * go through the same WatchService as /watch, /digest and /alert on Slack and Discord.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { RunApi } from '../../pipeline/index.js';
import type { WatchService } from '../../watch/watch-service.js';
import type { WatchStore } from '../../watch/watch-store.js';
import { channelKey, channelRefSchema } from '../../watch/types.js';
import { sendError } from './http-error.js';

const commandBody = z.object({
  channel: channelRefSchema,
  command: z.enum(['watch', 'digest', 'alert']),
  text: z.string().max(500),
  user: z.string().max(200).default('api'),
});

export function createWatchRouter(deps: { store: WatchStore; service: WatchService; runs: RunApi }): Router {
  const router = Router();
  const { store } = deps;

  router.get('/', async (_req, res, next) => {
    try {
      const [watchlists, schedules, alerts, firings] = await Promise.all([store.listWatchlists(), store.listSchedules(), store.listAlerts(), store.listFirings(undefined, 100)]);
      res.json({ watchlists, schedules, alerts, firings: await withStatus(deps.runs, firings) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/commands', async (req, res, next) => {
    const parsed = commandBody.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    try {
      const { channel, command, text, user } = parsed.data;
      const reply = await deps.service.handleText(command, text, { channel, user, canPost: true });
      res.status(reply.ok ? 200 : 422).json(reply);
    } catch (error) {
      next(error);
    }
  });

  router.delete('/alerts/:id', async (req, res, next) => {
    try {
      if (!(await store.deleteAlert(req.params.id))) return sendError(res, 404, 'not_found', `no alert ${req.params.id}`);
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  router.get('/channels/:platform/:channel', async (req, res, next) => {
    const ref = channelRefSchema.safeParse({ platform: req.params.platform, channel: req.params.channel, ...(typeof req.query.team === 'string' ? { team: req.query.team } : {}) });
    if (!ref.success) return sendError(res, 400, 'bad_request', 'platform is slack, discord or http');
    try {
      const key = channelKey(ref.data);
      const [symbols, schedule, alerts, firings] = await Promise.all([store.getWatchlist(key), store.getSchedule(key), store.listAlerts(key), store.listFirings(key, 50)]);
      res.json({ channel: ref.data, symbols, schedule: schedule ?? null, alerts, firings: await withStatus(deps.runs, firings) });
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Each firing with the status of the run it started (the console links to /api/runs/:id). */
async function withStatus(runs: RunApi, firings: Awaited<ReturnType<WatchStore['listFirings']>>) {
  return Promise.all(firings.map(async (f) => ({ ...f, runStatus: f.runId ? ((await runs.getRun(f.runId))?.status ?? 'unknown') : null })));
}
