/**
 * The dispatcher for discord.js's REST client: an `Agent` from the very undici module instance @discordjs/rest
 * itself loads, so its requests never go through another undici's global dispatcher.
 *
 * Why: two undici majors are installed — 7.x hoisted (a peer dependency of @slack/socket-mode, ^7 || ^8) and 6.x
 * nested under discord.js and @discordjs/rest (^6.27). When undici 7 loads first (any process that imports the
 * Slack adapter, i.e. `npm start`), its lib/global.js installs its Agent as the global dispatcher under both
 * `Symbol.for('undici.globalDispatcher.2')` and the legacy `.1` that undici 6 reads. @discordjs/rest calls undici
 * 6's `request()` without a dispatcher, so the request ran on undici 7's Agent, whose body extraction does not
 * recognise the FormData a message with files is sent as: every chart upload failed with
 * `TypeError: action is not a function` (undici/lib/web/fetch/body.js). Messages without files still worked.
 *
 * Why not one undici through npm `overrides`: no single version satisfies both. Forcing 7 on discord.js fails the
 * same way even with undici 7's own Agent (its `request()` rejects Node 20's global FormData, which is what
 * @discordjs/rest builds), and forcing 6 on @slack/socket-mode breaks its declared peer range and the WebSocket
 * it builds on undici 7. Load order is no fix either: Slack and Discord run in one process.
 */
import { createRequire } from 'node:module';
import type { ClientOptions } from 'discord.js';

/** undici's Dispatcher as @discordjs/rest types it (discord.js does not re-export the type). */
export type RestDispatcher = NonNullable<NonNullable<ClientOptions['rest']>['agent']>;
type UndiciModule = { Agent: new () => RestDispatcher };

let undici: UndiciModule | undefined;

/**
 * The undici that discord.js's REST client loads: resolved the way Node resolves it for that code (discord.js →
 * its @discordjs/rest → its undici), nested or hoisted, whatever the install produced.
 */
export function restUndici(): UndiciModule {
  if (!undici) {
    const fromHere = createRequire(import.meta.url);
    const fromDiscordJs = createRequire(fromHere.resolve('discord.js'));
    const fromRest = createRequire(fromDiscordJs.resolve('@discordjs/rest'));
    undici = fromRest('undici') as UndiciModule;
  }
  return undici;
}

/** A keep-alive Agent for the REST client (undici's own defaults, as the global dispatcher had). */
export function createRestAgent(): RestDispatcher {
  const { Agent } = restUndici();
  return new Agent();
}
