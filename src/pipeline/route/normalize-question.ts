/**
 * What the router reads, made safe and canonical before any pattern runs: terminal escape sequences and control
 * characters removed (an ANSI "\e[31m" once became a 31-month window), compatibility forms folded (full-width
 * letters, ligatures), and look-alike Cyrillic/Greek letters inside otherwise Latin words read as Latin ("NVDА" with
 * a Cyrillic А is NVDA). Every look-alike word that changed is reported, so the answer can say how it was read.
 */

/** Cyrillic and Greek capitals and small letters that render like Latin ones. */
const CONFUSABLE: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ѕ: 'S', Ј: 'J',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ѕ: 's', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ο: 'o', ν: 'v', ι: 'i',
};
const CONFUSABLE_CHARS = new RegExp(`[${Object.keys(CONFUSABLE).join('')}]`, 'u');

// ESC/CSI sequences (real ones, and the "\e[31m" / "\x1b[31m" spellings pasted as text), then other control characters.
const ANSI = /(?:(?:\u001b|\\e|\\x1b|\\u001b|\\033)\[|\u009b)[0-9;?]*[ -/]*[@-~]/gi;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const WORD = /[\p{L}\p{N}$^]+/gu;

export type NormalizedQuestion = {
  text: string;
  /** Words that contained look-alike letters, as typed and as read. */
  lookalikes: { typed: string; read: string }[];
  /** True when escape sequences or control characters were removed. */
  stripped: boolean;
};

/**
 * The question as it is kept and shown (run.created, chat, the CLI): escape sequences and control characters
 * removed so a question can never drive a reader's terminal, line breaks and tabs kept. The router reads further.
 */
export function displayableQuestion(raw: string): string {
  return raw.replace(ANSI, ' ').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

export function normalizeQuestion(raw: string): NormalizedQuestion {
  const input = typeof raw === 'string' ? raw : '';
  const cleaned = input.replace(ANSI, ' ').replace(CONTROL, ' ');
  const stripped = cleaned !== input;
  const folded = cleaned.normalize('NFKC');
  const lookalikes: NormalizedQuestion['lookalikes'] = [];
  const text = folded.replace(WORD, (word) => {
    // Only mixed-script words: a whole Cyrillic or Greek word is a word in that language, not a disguised ticker.
    if (!CONFUSABLE_CHARS.test(word) || !/[A-Za-z$^0-9]/.test(word)) return word;
    const read = [...word].map((ch) => CONFUSABLE[ch] ?? ch).join('');
    if (/[^\p{Script=Latin}\p{N}$^]/u.test(read)) return word;
    lookalikes.push({ typed: word, read });
    return read;
  });
  return { text: text.replace(/[ \t]+/g, ' ').trim(), lookalikes, stripped };
}
