/**
 * A small price table for cost ESTIMATES (USD per million tokens, list prices as published by the vendors;
 * check before relying on them). Unknown models (local Ollama / vLLM servers, new ids) cost 0 and are marked
 * `known: false` so reports can say the cost is not estimated rather than claim it is free.
 * Image pricing matters for the vision role: OpenAI bills an image as a number of tokens that depends on the
 * model (gpt-4o-mini counts ~33x the tokens of gpt-4o per tile, so it is dearer per image despite a cheaper text
 * price); Anthropic bills about width*height/750 tokens for every model.
 */
export const PRICING_NOTE = 'estimated from list prices (USD per 1M tokens), not a bill';

type ImageRule =
  /** OpenAI tile rule (detail: high): base + perTile * 512-px tiles after fitting in 2048 and shortest side 768. */
  | { kind: 'tiles'; base: number; perTile: number }
  /** Anthropic rule: pixels / 750 after fitting the long edge in 1568 px. */
  | { kind: 'pixels'; divisor: number; maxEdge: number };

export type ModelPrice = { inputPerMTok: number; outputPerMTok: number; image?: ImageRule };

const OPENAI_4O_TILES: ImageRule = { kind: 'tiles', base: 85, perTile: 170 };
const OPENAI_MINI_TILES: ImageRule = { kind: 'tiles', base: 2833, perTile: 5667 };
const ANTHROPIC_PIXELS: ImageRule = { kind: 'pixels', divisor: 750, maxEdge: 1568 };

/** Keys are matched as prefixes of the model id, longest first (so dated snapshots match their family). */
const PRICES: Record<string, ModelPrice> = {
  'openai:gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, image: OPENAI_MINI_TILES },
  'openai:gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, image: OPENAI_4O_TILES },
  'openai:gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'openai:gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'openai:gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, image: OPENAI_4O_TILES },
  'openai:o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'anthropic:claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, image: ANTHROPIC_PIXELS },
  'anthropic:claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4, image: ANTHROPIC_PIXELS },
  'anthropic:claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15, image: ANTHROPIC_PIXELS },
  'anthropic:claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75, image: ANTHROPIC_PIXELS },
};
const KEYS_LONGEST_FIRST = Object.keys(PRICES).sort((a, b) => b.length - a.length);

export function priceFor(modelId: string): ModelPrice | undefined {
  const key = KEYS_LONGEST_FIRST.find((k) => modelId === k || modelId.startsWith(k));
  return key ? PRICES[key] : undefined;
}

export function estimateCostUsd(modelId: string, inputTokens: number, outputTokens: number): number {
  const price = priceFor(modelId);
  if (!price) return 0;
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Tokens the provider bills for one image of this size; undefined when the model's image rule is unknown. */
export function imageTokens(modelId: string, width: number, height: number): number | undefined {
  const rule = priceFor(modelId)?.image;
  if (!rule) return undefined;
  if (rule.kind === 'pixels') {
    const scale = Math.min(1, rule.maxEdge / Math.max(width, height));
    return Math.ceil((width * scale * (height * scale)) / rule.divisor);
  }
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortest = Math.min(1, 768 / Math.min(w, h));
  w *= shortest;
  h *= shortest;
  return rule.base + rule.perTile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function imageCostUsd(modelId: string, width: number, height: number): number | undefined {
  const tokens = imageTokens(modelId, width, height);
  const price = priceFor(modelId);
  return tokens === undefined || !price ? undefined : (tokens * price.inputPerMTok) / 1_000_000;
}

/**
 * The candidate that is cheapest for one chart image of the given size (the vision role's default is chosen by
 * image price, not text price). Candidates with no known image rule are skipped.
 */
export function cheapestForImage(candidates: readonly string[], width: number, height: number): string | undefined {
  let best: { id: string; cost: number } | undefined;
  for (const id of candidates) {
    const cost = imageCostUsd(id, width, height);
    if (cost !== undefined && (!best || cost < best.cost)) best = { id, cost };
  }
  return best?.id;
}
