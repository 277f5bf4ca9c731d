/**
 * Requests as Slack sends them to an app: signed with the v0 scheme (HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * with the signing secret, hex, in X-Slack-Signature; the timestamp in X-Slack-Request-Timestamp), events as JSON,
 * slash commands and block actions form-encoded (actions as one `payload` field holding JSON).
 */
import { createHmac, randomBytes } from 'node:crypto';

export type SignedPostOptions = {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a bad signature). */
  secretOverride?: string;
  /** X-Slack-Retry-Num / X-Slack-Retry-Reason, as on a redelivery. */
  retryNum?: number;
};

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export class SlackRequests {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    readonly team = 'T0FAKE',
    readonly botUserId = 'U0BOT',
  ) {}

  async post(rawBody: string, contentType: string, options: SignedPostOptions = {}): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secretOverride ?? this.secret, timestamp, rawBody),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(this.url, { method: 'POST', headers, body: rawBody });
  }

  /** The Events API `event_callback` envelope Slack wraps every event in. */
  private envelope(eventId: string, event: Record<string, unknown>) {
    return {
      token: 'legacy-verification-token',
      team_id: this.team,
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.team, user_id: this.botUserId, is_bot: true, is_enterprise_install: false }],
      event,
    };
  }

  /** An Events API envelope around an app_mention. Returns the response and the envelope (for redelivery). */
  async mention(
    input: { text: string; channel?: string; user?: string; ts?: string; thread_ts?: string; eventId?: string },
    options: SignedPostOptions = {},
  ): Promise<{ response: Response; body: string; eventId: string; ts: string }> {
    const ts = input.ts ?? `1759990000.${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`;
    const eventId = input.eventId ?? newEventId();
    const envelope = this.envelope(eventId, {
      type: 'app_mention',
      user: input.user ?? 'U0ALICE',
      text: `<@${this.botUserId}> ${input.text}`,
      ts,
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
      channel: input.channel ?? 'C0MARKETS',
      event_ts: ts,
      client_msg_id: `msg-${eventId}`,
      team: this.team,
    });
    const body = JSON.stringify(envelope);
    return { response: await this.post(body, 'application/json', options), body, eventId, ts };
  }

  /** Any Events API event (message, assistant_thread_started, …) in a signed envelope. */
  async event(event: Record<string, unknown>, options: SignedPostOptions & { eventId?: string } = {}): Promise<{ response: Response; eventId: string }> {
    const eventId = options.eventId ?? newEventId();
    const envelope = this.envelope(eventId, event);
    return { response: await this.post(JSON.stringify(envelope), 'application/json', options), eventId };
  }

  /** A person's message in a thread (`message.channels`, or `message.im` in an assistant thread when channel starts with D). */
  async threadMessage(input: { text: string; channel: string; thread_ts?: string; user?: string }, options: SignedPostOptions = {}): Promise<{ response: Response; eventId: string; ts: string }> {
    const ts = `1759990001.${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`;
    const im = input.channel.startsWith('D');
    const sent = await this.event(
      { type: 'message', user: input.user ?? 'U0ALICE', text: input.text, ts, ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}), channel: input.channel, channel_type: im ? 'im' : 'channel', event_ts: ts, client_msg_id: `msg-${ts}`, team: this.team },
      options,
    );
    return { ...sent, ts };
  }

  /** The user opened a thread with the app (AI-app surface). */
  assistantThreadStarted(input: { channel: string; thread_ts: string; user?: string }): Promise<{ response: Response; eventId: string }> {
    return this.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: input.user ?? 'U0ALICE', context: {}, channel_id: input.channel, thread_ts: input.thread_ts },
      event_ts: input.thread_ts,
    });
  }

  async command(input: { text: string; command?: string; channel?: string; user?: string; responseUrl: string; triggerId?: string }, options: SignedPostOptions = {}): Promise<Response> {
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.team,
      team_domain: 'fake',
      channel_id: input.channel ?? 'C0MARKETS',
      channel_name: 'markets',
      user_id: input.user ?? 'U0ALICE',
      user_name: 'alice',
      command: input.command ?? '/analyze',
      text: input.text,
      api_app_id: 'A0FAKE',
      is_enterprise_install: 'false',
      response_url: input.responseUrl,
      trigger_id: input.triggerId ?? `${Date.now()}.${randomBytes(4).toString('hex')}`,
    });
    return this.post(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A block_actions payload for a click on `actionId` (button or feedback_buttons) in a message. */
  async click(
    input: { actionId: string; value: string; type?: 'button' | 'feedback_buttons'; channel?: string; messageTs?: string; user?: string; responseUrl: string; blocks?: unknown[] },
    options: SignedPostOptions = {},
  ): Promise<Response> {
    const payload = {
      type: 'block_actions',
      user: { id: input.user ?? 'U0ALICE', username: 'alice', team_id: this.team },
      api_app_id: 'A0FAKE',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: input.messageTs ?? '1', channel_id: input.channel ?? 'C0MARKETS', is_ephemeral: false },
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      team: { id: this.team, domain: 'fake' },
      channel: { id: input.channel ?? 'C0MARKETS', name: 'markets' },
      message: { type: 'message', ts: input.messageTs ?? '1', text: '', ...(input.blocks ? { blocks: input.blocks } : {}) },
      response_url: input.responseUrl,
      actions: [
        {
          type: input.type ?? 'button',
          action_id: input.actionId,
          block_id: 'b1',
          value: input.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }
}

const newEventId = (): string => `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
