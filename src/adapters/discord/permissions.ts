/**
 * What the bot needs where it answers (developers/topics/threads "Permissions"): starting a thread from a message
 * needs Create Public Threads, posting in a thread needs Send Messages in Threads (Send Messages has no effect
 * there), and the answer needs Attach Files (chart) and Embed Links (chart embed). Checked up front so a person
 * gets a clear reply instead of silence; a 50013 from the API is still handled where calls are made.
 */
import { DiscordAPIError, PermissionsBitField, type PermissionsString } from 'discord.js';

export type AnswerPlace = 'new-thread' | 'in-thread' | 'in-channel';

const REQUIRED: Record<AnswerPlace, PermissionsString[]> = {
  'new-thread': ['ViewChannel', 'CreatePublicThreads', 'SendMessagesInThreads', 'AttachFiles', 'EmbedLinks'],
  'in-thread': ['ViewChannel', 'SendMessagesInThreads', 'AttachFiles', 'EmbedLinks'],
  'in-channel': ['ViewChannel', 'SendMessages', 'AttachFiles', 'EmbedLinks'],
};

/** The permissions the invite URL should grant (README); Read Message History lets replies quote the question. */
export const INVITE_PERMISSIONS = new PermissionsBitField([...new Set([...Object.values(REQUIRED).flat(), 'ReadMessageHistory' as const])]);

/** "CreatePublicThreads" → "Create Public Threads", as Discord's settings name them. */
export function permissionLabel(name: PermissionsString): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ In /g, ' in ');
}

/** Human names of what is missing; empty when everything is there or when permissions are unknown. */
export function missingPermissions(permissions: Readonly<PermissionsBitField> | null | undefined, place: AnswerPlace): string[] {
  if (!permissions) return [];
  return REQUIRED[place].filter((name) => !permissions.has(name, true)).map(permissionLabel);
}

/** Discord's "Missing Permissions" (50013) and "Missing Access" (50001). */
export function isPermissionError(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === 50013 || error.code === 50001);
}
