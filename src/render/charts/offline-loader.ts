/**
 * A vega loader that fetches nothing. Charts get their rows through `view.data()`, so any URL or file a spec
 * names is a bug or an injection attempt. Vega logs loader failures and carries on with empty data, so the
 * refused URIs are also recorded: the template turns any of them into an error instead of an empty chart.
 */
import * as vega from 'vega';
import { BotError } from '../../errors.js';

export function offlineLoader(refused: string[] = []): vega.Loader {
  const base = vega.loader();
  const refuse = (uri: string): Promise<never> => {
    refused.push(String(uri));
    return Promise.reject(new BotError('render_external_resource', `chart specs may not load external resources (${String(uri).slice(0, 80)})`));
  };
  base.load = refuse;
  base.sanitize = refuse;
  base.http = refuse;
  base.file = refuse;
  return base;
}
