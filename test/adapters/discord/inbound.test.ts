import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../../src/pipeline/index.js';
import { parseQuestion, stripBotMention, threadName } from '../../../src/adapters/discord/inbound.js';
import { parseRunButtonId, runButtonId } from '../../../src/adapters/discord/run-buttons.js';
import { discordSettings } from '../../../src/adapters/discord/discord-settings.js';
import { missingPermissions } from '../../../src/adapters/discord/permissions.js';
import { PermissionsBitField } from 'discord.js';

describe('inbound questions', () => {
  it('normalises whitespace and accepts a question', () => {
    expect(parseQuestion('  how is\n NVDA   doing? ')).toEqual({ ok: true, question: 'how is NVDA doing?' });
  });
  it.each([
    [undefined, 'Type a question'],
    [null, 'Type a question'],
    [42, 'Type a question'],
    ['   ', 'empty'],
    ['x'.repeat(MAX_QUESTION_CHARS + 1), 'too long'],
    ['?!', 'could not find a question'],
  ])('rejects %j with a reason', (raw, reason) => {
    const parsed = parseQuestion(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
  it('strips the bot mention (both forms) but not other mentions', () => {
    expect(stripBotMention('<@123> how is AMD <@!123> vs <@999>?', '123').replace(/\s+/g, ' ').trim()).toBe('how is AMD vs <@999>?');
  });
  it('makes thread names of 1–100 characters', () => {
    expect(threadName('<@1> NVDA vs SOX')).toBe('NVDA vs SOX');
    expect(threadName('a'.repeat(300)).length).toBeLessThanOrEqual(100);
    expect(threadName('<@1>')).toBe('marketdesk analysis');
  });
});

describe('run buttons', () => {
  it('round-trips custom ids and refuses anything else', () => {
    expect(parseRunButtonId(runButtonId('retry', 'abc_DEF-1'))).toEqual({ action: 'retry', runId: 'abc_DEF-1' });
    for (const bad of ['md:delete:abc', 'md:cancel:', 'md:cancel:a:b', 'xx:cancel:abc', 'md:cancel:../x', '']) expect(parseRunButtonId(bad)).toBeUndefined();
    expect(() => runButtonId('cancel', 'bad id')).toThrow(RangeError);
    expect(runButtonId('cancel', 'a'.repeat(64)).length).toBeLessThanOrEqual(100);
  });
});

describe('discord settings', () => {
  it('needs a token and a numeric application id, and normalises the API URL', () => {
    expect(() => discordSettings({ DISCORD_TOKEN: undefined, DISCORD_APPLICATION_ID: undefined, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: undefined })).toThrow(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
    expect(() => discordSettings({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'my-app', DISCORD_GUILD_ID: undefined, DISCORD_API_URL: undefined })).toThrow(/numeric/);
    expect(discordSettings({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456', DISCORD_GUILD_ID: undefined, DISCORD_API_URL: 'http://127.0.0.1:9/api/v10/' }).apiBase).toBe('http://127.0.0.1:9/api');
    expect(discordSettings({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456', DISCORD_GUILD_ID: undefined, DISCORD_API_URL: undefined }).apiBase).toBe('https://discord.com/api');
  });
});

describe('permissions', () => {
  it('lists what is missing in Discord wording, and nothing when permissions are unknown', () => {
    const perms = new PermissionsBitField(['ViewChannel', 'SendMessages', 'AttachFiles', 'EmbedLinks']);
    expect(missingPermissions(perms, 'new-thread')).toEqual(['Create Public Threads', 'Send Messages in Threads']);
    expect(missingPermissions(perms, 'in-channel')).toEqual([]);
    expect(missingPermissions(null, 'new-thread')).toEqual([]);
  });
});
