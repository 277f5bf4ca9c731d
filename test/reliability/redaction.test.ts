/**
 * Issue 14, failure 4, in-process: configured secret values are cut out of log lines wherever they appear (not
 * only under known field names) and out of every run event, whatever a tool or model error quoted.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRedactor, secretValues } from '../../src/secrets.js';
import type { SynthesisModel } from '../../src/pipeline/synthesize/synthesis-model.js';
import { memoryArtifacts, testLogger } from '../helpers/tool-fixtures.js';

const KEY = 'fk-echoed-0123456789abcdef';

describe('secret redaction', () => {
  it('finds the secrets among the settings by name, ignoring short values', () => {
    expect(secretValues({ OPENAI_API_KEY: KEY, SLACK_BOT_TOKEN: 'xoxb-123456789', DISCORD_TOKEN: 'short', PORT: 3000, HOST: '127.0.0.1' }).sort()).toEqual([KEY, 'xoxb-123456789'].sort());
    const r = createRedactor([KEY]);
    expect(r.text(`a ${KEY} b ${KEY}`)).toBe('a [redacted] b [redacted]');
    const data = { error: { message: `bad ${KEY}` }, list: [KEY, 1], same: 'x' };
    expect(r.value(data)).toEqual({ error: { message: 'bad [redacted]' }, list: ['[redacted]', 1], same: 'x' });
    const clean = { a: 'nothing here' };
    expect(r.value(clean)).toBe(clean); // no copy when nothing changes
  });

  it('cuts a configured key out of every log line, message, error and nested field (LOG_LEVEL=debug)', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((written += String(chunk)), done()) });
    const logger = createLogger({ level: 'debug', destination: sink, secrets: [KEY] });
    logger.debug({ body: `{"error":"invalid key ${KEY}"}` }, `upstream said ${KEY}`);
    logger.error({ err: new Error(`400: ${KEY} is not valid`) }, 'call failed');
    expect(written.split('\n').filter(Boolean)).toHaveLength(2);
    expect(written).toContain('[redacted]');
    expect(written).not.toContain(KEY);
  });

  it('cuts it out of every run event when a model error quotes it', async () => {
    const leaky: SynthesisModel = {
      id: 'leaky',
      async synthesize() {
        throw new Error(`upstream 422: {"detail":"key ${KEY} has no access"}`);
      },
    } as unknown as SynthesisModel;
    const app = createApp(loadConfig({ OPENAI_API_KEY: KEY }), { logger: testLogger, artifacts: memoryArtifacts(), synthesis: leaky, random: () => 0 });
    const { runId, done } = await app.pipeline.startRun({ question: `NVDA vs SPY YTD (my key is ${KEY})`, source: { platform: 'test' } });
    const state = await done;
    expect(state.status).toBe('failed');
    const events = JSON.stringify(await app.pipeline.getEvents(runId));
    expect(events).toContain('[redacted]');
    expect(events).not.toContain(KEY);
  });
});
