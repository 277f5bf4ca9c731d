/**
 * The run REST API under /api: start, list, snapshot, events (SSE), artifacts, cancel.
 * Input is validated with zod; unknown or malformed run ids are 404 (ids are opaque, never paths).
 */
import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { EventListener, RunApi, RunState } from '../../pipeline/index.js';
import { HttpError, sendError } from './http-error.js';
import { eventsUrl, runUrl, runView } from './run-view.js';
import type { SseHub } from './sse-hub.js';

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export type RunsRouterDeps = {
  readonly runs: RunApi;
  readonly sse: SseHub;
  readonly maxQuestionChars: number;
  /** Applied to POST /api/runs only. */
  readonly startLimiter: RequestHandler;
  readonly isDraining: () => boolean;
};

const startBody = z.object({ question: z.string({ error: 'question must be a string' }) });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const lastEventId = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export function createRunsRouter(deps: RunsRouterDeps): Router {
  const { runs, sse } = deps;
  const router = express.Router();

  const requireRun = async (req: Request): Promise<RunState> => {
    const runId = String(req.params.id);
    const state = RUN_ID.test(runId) ? await runs.getRun(runId) : undefined;
    if (!state) throw new HttpError(404, 'run_not_found', 'no run with this id');
    return state;
  };

  router.post('/runs', deps.startLimiter, async (req, res) => {
    if (deps.isDraining()) throw new HttpError(503, 'shutting_down', 'the server is shutting down; retry shortly', { 'Retry-After': '5' });
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'send the question as JSON: {"question": "..."}');
    const parsed = startBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', 'body must be {"question": string}');
    const question = parsed.data.question.trim();
    if (question === '') throw new HttpError(400, 'invalid_question', 'question is empty');
    if (question.length > deps.maxQuestionChars)
      throw new HttpError(400, 'question_too_long', `question is ${question.length} characters; the limit is ${deps.maxQuestionChars}`);
    const started = await runs.startRun({ question, source: { platform: 'http' } });
    res.status(202).location(runUrl(started.runId)).json({ id: started.runId, url: runUrl(started.runId), eventsUrl: eventsUrl(started.runId) });
  });

  router.get('/runs', async (req, res) => {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_request', 'limit must be an integer between 1 and 200');
    const summaries = await runs.listRuns(query.data.limit);
    res.json({ runs: summaries.map((summary) => ({ ...summary, id: summary.runId, url: runUrl(summary.runId) })) });
  });

  router.get('/runs/:id', async (req, res) => {
    res.json(runView(await requireRun(req)));
  });

  router.get('/runs/:id/events', async (req, res) => {
    const state = await requireRun(req);
    const raw = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    let after = 0;
    if (raw !== undefined && raw.trim() !== '') {
      const parsed = lastEventId.safeParse(raw.trim());
      if (!parsed.success) throw new HttpError(400, 'invalid_last_event_id', 'Last-Event-ID must be a non-negative integer (an event seq)');
      after = parsed.data;
    }
    // A finished run the client has seen to the end: 204 tells EventSource clients to stop reconnecting.
    if (state.done && after === state.lastSeq) {
      res.status(204).end();
      return;
    }
    // A client ahead of what this process knows (it saw events that a crash lost) still gets the end: replay the
    // terminal event, else it would show the run running forever (issue 14, failure 3).
    if (state.done && after > state.lastSeq) after = state.lastSeq - 1;
    const runId = state.runId;
    sse.open(req, res, runId, after, (afterSeq: number, listener: EventListener) => runs.subscribe(runId, afterSeq, listener));
  });

  router.get('/runs/:id/artifacts/:name', async (req, res) => {
    const state = await requireRun(req);
    const name = String(req.params.name);
    // Only what the run announced as an artifact is served (the run directory also holds events.jsonl).
    const found = ARTIFACT_NAME.test(name) ? await runs.getArtifact(state.runId, name) : undefined;
    if (!found) throw new HttpError(404, 'artifact_not_found', 'this run has no artifact with this name');
    const { artifact, bytes } = found;
    res
      .status(200)
      .set({ 'Content-Type': artifact.mime, 'Cache-Control': 'private, max-age=86400, immutable', 'Content-Disposition': `inline; filename="${name}"` })
      .send(bytes);
  });

  const cancel: RequestHandler = async (req, res) => {
    const state = await requireRun(req);
    if (state.done) throw new HttpError(409, 'run_finished', `the run already ended (${state.status})`);
    if (!(await runs.cancelRun(state.runId, 'api'))) throw new HttpError(409, 'run_finished', 'the run already ended');
    res.status(202).json({ id: state.runId, status: 'cancelling', url: runUrl(state.runId) });
  };
  router.delete('/runs/:id', cancel);
  router.post('/runs/:id/cancel', cancel);

  router.use((_req, res) => sendError(res, 404, 'not_found', 'no such API endpoint'));
  return router;
}
