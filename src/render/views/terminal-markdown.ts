/**
 * The answer's Markdown drawn for a terminal: bold and italics as ANSI styles, headings bold, lists with hanging
 * indents, tables with aligned columns (numeric columns right-aligned as the Markdown's `---:` says), everything
 * wrapped at the terminal width on word boundaries.
 *
 * Parsing is `marked`'s lexer (a maintained CommonMark/GFM parser); wrapping is `wrap-ansi` and widths are
 * `string-width` (both ANSI- and Unicode-aware). The drawing is ours: marked-terminal, tried first, ignores column
 * alignment, does not wrap list items and leaves `_emphasis_` inside list items raw — the three things our answers
 * use most.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export type TerminalStyle = { readonly width: number; readonly color: boolean };

const SGR = { bold: ['\x1b[1m', '\x1b[22m'], italic: ['\x1b[3m', '\x1b[23m'], dim: ['\x1b[2m', '\x1b[22m'], code: ['\x1b[36m', '\x1b[39m'] } as const;

export function renderTerminalMarkdown(markdown: string, style: TerminalStyle): string {
  const width = Math.max(20, Math.floor(style.width));
  const paint = (kind: keyof typeof SGR, text: string) => (style.color ? `${SGR[kind][0]}${text}${SGR[kind][1]}` : text);
  const inline = (tokens: readonly Token[] | undefined, fallback = ''): string => (tokens ? tokens.map(inlineToken).join('') : fallback);

  function inlineToken(token: Token): string {
    switch (token.type) {
      case 'strong':
        return paint('bold', inline((token as Tokens.Strong).tokens));
      case 'em':
        return paint('italic', inline((token as Tokens.Em).tokens));
      case 'codespan':
        return paint('code', (token as Tokens.Codespan).text);
      case 'link': {
        const link = token as Tokens.Link;
        const text = inline(link.tokens);
        return text === link.href ? text : `${text} (${link.href})`;
      }
      case 'br':
        return '\n';
      case 'escape':
      case 'text': {
        const t = token as Tokens.Text;
        return t.tokens ? inline(t.tokens) : decode(t.text);
      }
      default:
        return decode((token as { text?: string }).text ?? token.raw);
    }
  }

  const wrap = (text: string, indent = '', first = indent) =>
    wrapAnsi(text, width - stringWidth(indent), { hard: true, trim: true })
      .split('\n')
      .map((line, k) => (k === 0 ? first : indent) + line)
      .join('\n');

  function block(token: Token): string | undefined {
    switch (token.type) {
      case 'heading':
        return wrap(paint('bold', inline((token as Tokens.Heading).tokens)));
      case 'paragraph':
        return wrap(inline((token as Tokens.Paragraph).tokens));
      case 'text':
        return wrap(inlineToken(token));
      case 'list': {
        const list = token as Tokens.List;
        return list.items
          .map((item, k) => {
            const bullet = list.ordered ? `${Number(list.start || 1) + k}. ` : '• ';
            const body = item.tokens.map((t) => (t.type === 'text' ? inlineToken(t) : (block(t) ?? ''))).join('\n');
            return wrap(body, ' '.repeat(bullet.length + 2), `  ${bullet}`);
          })
          .join('\n');
      }
      case 'table':
        return table(token as Tokens.Table);
      case 'code':
        return (token as Tokens.Code).text
          .split('\n')
          .map((line) => `  ${paint('code', line)}`)
          .join('\n');
      case 'blockquote':
        return wrap(inline((token as Tokens.Blockquote).tokens.flatMap((t) => ('tokens' in t && t.tokens ? t.tokens : [t]))), '  │ ');
      case 'hr':
        return paint('dim', '─'.repeat(Math.min(width, 40)));
      case 'space':
        return undefined;
      default:
        return wrap(decode(token.raw.trim()));
    }
  }

  function table(t: Tokens.Table): string {
    const head = t.header.map((cell) => paint('bold', inline(cell.tokens)));
    const rows = t.rows.map((row) => row.map((cell) => inline(cell.tokens)));
    const widths = head.map((h, c) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[c] ?? ''))));
    const pad = (text: string, c: number) => {
      const gap = ' '.repeat(Math.max(0, widths[c] - stringWidth(text)));
      return t.align[c] === 'right' ? gap + text : t.align[c] === 'center' ? gap.slice(gap.length >> 1) + text + gap.slice(0, gap.length - (gap.length >> 1)) : text + gap;
    };
    const line = (cells: readonly string[]) => `  ${cells.map((cell, c) => pad(cell, c)).join('   ')}`.trimEnd();
    const rule = `  ${widths.map((w) => '─'.repeat(w)).join('   ')}`;
    const lines = [line(head), paint('dim', rule), ...rows.map(line)];
    // A table wider than the terminal cannot be re-flowed without breaking its columns: each row wraps on its own.
    return lines.map((l) => (stringWidth(l) > width ? wrapAnsi(l, width, { hard: true, trim: false }) : l)).join('\n');
  }

  return new Lexer({ gfm: true })
    .lex(markdown)
    .map(block)
    .filter((text): text is string => text !== undefined)
    .join('\n\n');
}

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);
}
