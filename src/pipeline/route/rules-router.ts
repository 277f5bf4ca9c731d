/**
 * The rules router behind the run's `Router` interface: the explicit routing layer in src/pipeline/route/
 * (classify → extract → select → build), resolved against the symbol directory and the market provider.
 */
import type { MarketDataProvider } from '../../tools/market/types.js';
import { defaultSymbolDirectory, type SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { formatRouteProblems, planFromRoute, route } from './index.js';
import type { Router } from './router.js';

export type RulesRouterOptions = {
  /**
   * Company data (fundamentals, news, earnings, peers, analyst views) can be looked up. Without it those questions
   * also get the price action for the period, so the answer helps instead of failing. @default false
   */
  readonly companyData?: boolean;
};

export function createRulesRouter(market: MarketDataProvider, directory: SymbolDirectory = defaultSymbolDirectory(), options: RulesRouterOptions = {}): Router {
  return {
    route(question, context) {
      const result = route(question, { directory, market, inherit: context.inherit });
      const fatal = formatRouteProblems(result.problems);
      return {
        intent: result.intent,
        confidence: result.confidence,
        entities: result.entities,
        router: result.router,
        // When routing blocks the run, the reply is every problem in one polite message.
        problems: result.problems.map((p) => ({ code: p.code, message: p.fatal && fatal ? fatal : p.message, fatal: p.fatal })),
        assumptions: result.assumptions,
        unparsed: result.unparsed,
        corrections: result.corrections,
        ...(result.asks ? { asks: result.asks } : {}),
      };
    },
    plan: (outcome, available) => planFromRoute(outcome, { available, priceActionForCompanyData: !options.companyData }),
  };
}
