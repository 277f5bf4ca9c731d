/**
 * The same 3-panel technical chart (candles + SMA 20/50/200 + Bollinger, volume, RSI with 30/70, key numbers in the
 * title, direct end labels) built with ECharts server-side rendering, so bench/render.bench.ts can measure the
 * library choice in the same run. Not used by the bot.
 */
import * as echarts from 'echarts';
import type { BarSeries } from '../src/tools/market/types.js';
import type { IndicatorSet } from '../src/tools/indicators/indicator-set.js';

/** The ECharts option for the chart (shared by the SVG and the canvas renders). */
function technicalOption(series: BarSeries, ind: IndicatorSet): echarts.EChartsOption {
  const start = series.windowStart;
  const bars = series.bars.slice(start);
  const dates = bars.map((b) => b.date);
  const cut = (xs: (number | null)[]) => xs.slice(start);
  const last = bars[bars.length - 1];
  const line = (name: string, data: (number | null)[], color: string, extra: object = {}) => ({
    name, type: 'line', data, showSymbol: false, lineStyle: { color, width: 2 }, itemStyle: { color },
    endLabel: { show: true, formatter: `${name} {c}`, color, fontWeight: 'bold', fontSize: 14 }, ...extra,
  });
  return {
      animation: false,
      backgroundColor: '#fff',
      textStyle: { fontFamily: 'DejaVu Sans' },
      title: { text: `${series.symbol} — daily`, subtext: `Last close ${last.close.toFixed(2)} · RSI(14) ${(ind.last.rsi14 ?? 0).toFixed(1)}`, left: 10, textStyle: { fontSize: 21 }, subtextStyle: { fontSize: 16, color: '#111' } },
      grid: [
        { left: 84, right: 170, top: 72, height: '55%' },
        { left: 84, right: 170, top: '68%', height: '11%' },
        { left: 84, right: 170, top: '82%', height: '13%' },
      ],
      xAxis: [0, 1, 2].map((g) => ({ type: 'category', data: dates, gridIndex: g, boundaryGap: true, axisLabel: { show: g === 2, fontSize: 14 }, axisTick: { show: g === 2 } })),
      yAxis: [
        { scale: true, gridIndex: 0, axisLabel: { fontSize: 14 } },
        { gridIndex: 1, axisLabel: { fontSize: 14 } },
        { min: 0, max: 100, gridIndex: 2, interval: 20, axisLabel: { fontSize: 14 } },
      ],
      series: [
        { type: 'candlestick', data: bars.map((b) => [b.open, b.close, b.low, b.high]), itemStyle: { color: '#0b7a3b', color0: '#c62828', borderColor: '#0b7a3b', borderColor0: '#c62828' } },
        line('SMA20', cut(ind.sma20), '#e65100'),
        line('SMA50', cut(ind.sma50), '#1565c0'),
        line('SMA200', cut(ind.sma200), '#6a1b9a'),
        { type: 'line', data: cut(ind.bollinger.lower), showSymbol: false, lineStyle: { color: '#90a4ae', type: 'dashed' }, stack: 'bb' },
        { type: 'line', data: cut(ind.bollinger.upper).map((u, i) => (u == null || ind.bollinger.lower[start + i] == null ? null : u - (ind.bollinger.lower[start + i] as number))), showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color: '#90a4ae', opacity: 0.16 }, stack: 'bb' },
        { type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: bars.map((b) => ({ value: b.volume, itemStyle: { color: b.close >= b.open ? '#86c5a0' : '#eb9a9a' } })) },
        { ...line('RSI', cut(ind.rsi14), '#263238'), xAxisIndex: 2, yAxisIndex: 2, markLine: { symbol: 'none', silent: true, data: [{ yAxis: 70 }, { yAxis: 30 }], lineStyle: { type: 'dashed' } } },
      ],
  } as echarts.EChartsOption;
}

/** Server-side rendering to an SVG string (`renderer: 'svg', ssr: true`). */
export function echartsTechnicalSvg(series: BarSeries, ind: IndicatorSet, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(technicalOption(series, ind));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** ECharts' canvas renderer drawing on a Skia canvas (@napi-rs/canvas): raw RGBA pixels at `density`. */
export async function echartsTechnicalPixels(series: BarSeries, ind: IndicatorSet, width: number, height: number, density: number): Promise<Buffer> {
  const skia = await import('@napi-rs/canvas');
  echarts.setPlatformAPI({ createCanvas: () => skia.createCanvas(32, 32) as unknown as HTMLCanvasElement });
  const canvas = skia.createCanvas(width * density, height * density);
  const chart = echarts.init(canvas as unknown as HTMLElement, null, { renderer: 'canvas', width, height, devicePixelRatio: density });
  try {
    chart.setOption(technicalOption(series, ind));
    return canvas.data();
  } finally {
    chart.dispose();
  }
}
