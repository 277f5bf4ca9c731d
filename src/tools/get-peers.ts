import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { peersSchema, requireCompanyData, type Peers } from './market/company-data.js';

export const getPeersTool = defineTool({
  name: 'get_peers',
  description: 'Comparable companies (same sub-industry) for one stock (live data only), as ticker symbols. Output: Peers.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: peersSchema,
  timeoutMs: 20_000,
  concurrencyKey: (services) => services.company?.id ?? 'compute',
  summarize: (p: Peers) => `${p.symbol} peers: ${p.peers.slice(0, 8).join(', ')}${p.peers.length > 8 ? ` and ${p.peers.length - 8} more` : ''} (${p.source})`,
  execute: (input, ctx) => requireCompanyData(ctx.services, 'Peers').getPeers(input.symbol, { signal: ctx.signal }),
});
