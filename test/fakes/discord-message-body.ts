/**
 * Reads and validates a message body the way Discord does: JSON or multipart (`payload_json` + `files[n]`),
 * content ≤ 2000 characters, ≤ 10 embeds totalling ≤ 6000 characters, ≤ 5 action rows of ≤ 5 components with
 * `custom_id` 1–100 characters, and no empty messages. Errors use Discord's codes (50035 Invalid Form Body,
 * 50006 Cannot send an empty message).
 */
import { apiError } from './discord-fixtures.js';

export type UploadedFile = { index: number; name: string; contentType: string; bytes: Buffer };
export type ParsedBody = { json: Record<string, unknown>; files: UploadedFile[] };
export type BodyError = { status: number; body: ReturnType<typeof apiError> };

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody | BodyError> {
  if (raw.length === 0) return { json: {}, files: [] };
  try {
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const payload = form.get('payload_json');
      const json = typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : {};
      const files: UploadedFile[] = [];
      const parts: [number, File][] = [];
      form.forEach((value, key) => {
        const match = /^files\[(\d+)\]$/.exec(key);
        if (match && typeof value !== 'string') parts.push([Number(match[1]), value]);
      });
      for (const [index, file] of parts) files.push({ index, name: file.name, contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
      return { json, files };
    }
    return { json: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  } catch {
    return { status: 400, body: apiError(50109, 'The request body contains invalid JSON.') };
  }
}

function formError(field: string, code: string, message: string): BodyError {
  return { status: 400, body: apiError(50035, 'Invalid Form Body', { [field]: { _errors: [{ code, message }] } }) };
}

function embedLength(embed: Record<string, unknown>): number {
  const text = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const fields = Array.isArray(embed.fields) ? (embed.fields as Record<string, unknown>[]) : [];
  const footer = (embed.footer ?? {}) as Record<string, unknown>;
  const author = (embed.author ?? {}) as Record<string, unknown>;
  return text(embed.title) + text(embed.description) + text(footer.text) + text(author.name) + fields.reduce((n, f) => n + text(f.name) + text(f.value), 0);
}

const IS_COMPONENTS_V2 = 1 << 15;
const V2_TOP_LEVEL = new Set([1, 9, 10, 12, 13, 14, 17]);
const V2_IN_CONTAINER = new Set([1, 9, 10, 12, 13, 14]);

/**
 * Components V2 (flag IS_COMPONENTS_V2): `content` and `embeds` are refused; components are action rows, sections,
 * text displays, media galleries, files, separators and containers (no container in a container); at most 40
 * components counting nested ones; text displays total ≤ 4000 characters; a media gallery holds 1–10 items whose
 * `attachment://name` must be a file of this request (or one the edit keeps).
 */
function validateComponentsV2(body: Record<string, unknown>, files: UploadedFile[], kept: string[]): BodyError | undefined {
  if ((typeof body.content === 'string' && body.content.length > 0) || (Array.isArray(body.embeds) && body.embeds.length > 0)) {
    return formError('content', 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' and \'embeds\' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  }
  const top = Array.isArray(body.components) ? (body.components as Record<string, unknown>[]) : [];
  let count = 0;
  let textLength = 0;
  const ids = new Set<string>();
  const attachments = body.attachments as { id?: unknown; filename?: string }[] | undefined;
  const names = new Set([...files.map((f) => attachments?.find((a) => String(a.id) === String(f.index))?.filename ?? f.name), ...kept]);
  const visit = (component: Record<string, unknown>, allowed: Set<number>): BodyError | undefined => {
    count += 1;
    const type = Number(component.type);
    if (!allowed.has(type) && allowed !== ROW_CHILDREN) return formError('components', 'UNION_TYPE_CHOICES', `Component type ${type} is not allowed here.`);
    if (type === 10) textLength += typeof component.content === 'string' ? component.content.length : 0;
    if (type === 12) {
      const items = Array.isArray(component.items) ? (component.items as { media?: { url?: unknown } }[]) : [];
      if (items.length < 1 || items.length > 10) return formError('components', 'BASE_TYPE_BAD_LENGTH', 'A media gallery holds 1 to 10 items.');
      for (const item of items) {
        const url = typeof item.media?.url === 'string' ? item.media.url : '';
        if (url.startsWith('attachment://') && !names.has(url.slice('attachment://'.length))) return formError('components', 'MEDIA_ATTACHMENT_NOT_FOUND', `No attachment named ${url}.`);
      }
    }
    if (type === 2 && component.style !== 5) {
      const id = component.custom_id;
      if (typeof id !== 'string' || id.length < 1 || id.length > 100) return formError('components', 'BASE_TYPE_BAD_LENGTH', 'custom_id must be between 1 and 100 in length.');
      if (ids.has(id)) return formError('components', 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      ids.add(id);
    }
    const children = Array.isArray(component.components) ? (component.components as Record<string, unknown>[]) : [];
    if (type === 1 && (children.length === 0 || children.length > 5)) return formError('components', 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Action rows hold 1 to 5 components.');
    for (const child of children) {
      const problem = visit(child, type === 17 ? V2_IN_CONTAINER : ROW_CHILDREN);
      if (problem) return problem;
    }
    return undefined;
  };
  for (const component of top) {
    const problem = visit(component, V2_TOP_LEVEL);
    if (problem) return problem;
  }
  if (count > 40) return formError('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
  if (textLength > 4000) return formError('components', 'BASE_TYPE_MAX_LENGTH', 'Text displays total 4000 or fewer characters.');
  if (top.length === 0) return { status: 400, body: apiError(50006, 'Cannot send an empty message') };
  return undefined;
}
const ROW_CHILDREN = new Set<number>();

/** Validates a create/edit body. `requireSomething` is false for edits (an edit may change only one field). */
export function validateMessageBody(body: Record<string, unknown>, files: UploadedFile[], requireSomething: boolean, existingFlags = 0, keptNames: string[] = []): BodyError | undefined {
  const flags = typeof body.flags === 'number' ? body.flags : existingFlags;
  if (flags & IS_COMPONENTS_V2) return body.components === undefined && !requireSomething ? undefined : validateComponentsV2(body, files, keptNames);
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== 'string') return formError('content', 'BASE_TYPE_STRING', 'Must be a string.');
  if (typeof content === 'string' && content.length > 2000) return formError('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Record<string, unknown>[]) : [];
  if (embeds.length > 10) return formError('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  if (embeds.reduce((n, e) => n + embedLength(e), 0) > 6000) return formError('embeds', 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const rows = Array.isArray(body.components) ? (body.components as Record<string, unknown>[]) : [];
  if (rows.length > 5) return formError('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const row of rows) {
    const children = Array.isArray(row.components) ? (row.components as Record<string, unknown>[]) : [];
    if (row.type !== 1 || children.length === 0 || children.length > 5) return formError('components', 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Action rows hold 1 to 5 components.');
    for (const child of children) {
      const id = child.custom_id;
      if (child.type === 2 && child.style !== 5) {
        if (typeof id !== 'string' || id.length < 1 || id.length > 100) return formError('components', 'BASE_TYPE_BAD_LENGTH', 'custom_id must be between 1 and 100 in length.');
        if (ids.has(id)) return formError('components', 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        ids.add(id);
      }
    }
  }
  const hasContent = typeof content === 'string' && content.length > 0;
  if (requireSomething && !hasContent && embeds.length === 0 && files.length === 0 && rows.length === 0) {
    return { status: 400, body: apiError(50006, 'Cannot send an empty message') };
  }
  return undefined;
}
