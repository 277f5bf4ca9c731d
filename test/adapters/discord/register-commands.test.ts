import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../../src/pipeline/index.js';
import { inviteUrl, registerCommands } from '../../../src/adapters/discord/register-commands.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-server.js';

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

describe('discord:register', () => {
  it('registers /analyze as guild commands when a guild is given, globally otherwise (bulk overwrite)', async () => {
    discord = await startFakeDiscord();
    const base = { token: discord.token, applicationId: discord.applicationId, apiBase: discord.apiUrl };
    await expect(registerCommands({ ...base, guildId: discord.state.guildId })).resolves.toEqual({ scope: 'guild', names: ['analyze', 'watch', 'digest', 'alert'] });
    await expect(registerCommands(base)).resolves.toEqual({ scope: 'global', names: ['analyze', 'watch', 'digest', 'alert'] });
    expect(discord.callsByRoute()).toEqual({ 'PUT /applications/:id/guilds/:id/commands': 1, 'PUT /applications/:id/commands': 1 });
    const [command] = discord.state.commands.get('global')!;
    expect(command).toMatchObject({ name: 'analyze', contexts: [0], options: [{ name: 'question', type: 3, required: true, min_length: 2, max_length: MAX_QUESTION_CHARS }] });
  });

  it('fails clearly with a bad token', async () => {
    discord = await startFakeDiscord();
    await expect(registerCommands({ token: 'nope', applicationId: discord.applicationId, apiBase: discord.apiUrl })).rejects.toThrow(/401|Unauthorized/);
  });

  it('builds an invite URL with the bot and commands scopes and the needed permissions', () => {
    const url = new URL(inviteUrl('123456'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const bits = BigInt(url.searchParams.get('permissions')!);
    for (const bit of [10n, 11n, 14n, 15n, 16n, 35n, 38n]) expect(bits & (1n << bit)).not.toBe(0n);
  });
});
