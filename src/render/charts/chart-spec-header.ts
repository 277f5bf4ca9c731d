/**
 * What every chart template starts with: the shared theme on white, padding that 'pad' autosize grows to fit the
 * direct labels right of the plot (the plot width leaves them LABEL_COLUMN_PX), and the parameters every binding
 * sets — title, subtitle and the x-axis ticks with their labels — plus the template's own.
 */
import { PAD } from './chart-layout.js';
import { chartConfig } from './chart-theme.js';

export type SpecParam = { readonly name: string; readonly value: unknown };

export function chartSpecHeader(params: readonly SpecParam[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    background: 'white',
    padding: { ...PAD },
    autosize: { type: 'pad' },
    params: [
      { name: 'titleText', value: '' },
      { name: 'subtitleText', value: '' },
      { name: 'xTicks', value: [] },
      { name: 'xLabels', value: {} },
      ...params,
    ],
    title: { text: { expr: 'titleText' }, subtitle: { expr: 'subtitleText' } },
  } as const;
}
