/** An ephemeral reply through a click's or a command's response_url; a failure is logged, never thrown. */
import type { RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { slackErrorText } from './run-session.js';

export async function safeRespond(respond: RespondFn, text: string, logger: Logger): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    logger.warn({ err: slackErrorText(error) }, 'slack: respond failed');
  }
}
