export { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './create-slack-adapter.js';

export { markdownToMrkdwn } from './mrkdwn.js';
export { renderStatus } from './render-status.js';
