import { describe, expect, it } from 'vitest';
import { SymbolDirectory, defaultSymbolDirectory, normalizeWords } from '../../../src/tools/market/symbol-directory.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';

const directory = defaultSymbolDirectory();

describe('SymbolDirectory', () => {
  it('holds the S&P 500 list plus the benchmark ETFs, indices and TSM', () => {
    expect(directory.size).toBeGreaterThan(510);
    expect(directory.get('NVDA')).toMatchObject({ name: 'Nvidia', kind: 'stock', sector: 'Information Technology', subIndustry: 'Semiconductors' });
    expect(directory.get('^SOX')).toMatchObject({ kind: 'index' });
    expect(directory.get('SOXX')?.kind).toBe('etf');
    expect(directory.get('TSM')).toMatchObject({ kind: 'stock', subIndustry: 'Semiconductors' });
  });

  it('knows every symbol of the offline dataset', () => {
    for (const symbol of new OfflineMarketData().availableSymbols()) expect(directory.has(symbol), symbol).toBe(true);
  });

  it('normalizes class-share separators', () => {
    expect(directory.get('brk-b')?.symbol).toBe('BRK.B');
    expect(directory.get('BRK/B')?.symbol).toBe('BRK.B');
  });

  it('resolves company names and everyday aliases', () => {
    expect(directory.resolve('Nvidia')?.symbol).toBe('NVDA');
    expect(directory.resolve('Taiwan Semiconductor')?.symbol).toBe('TSM');
    expect(directory.resolve('Alphabet')?.symbol).toBe('GOOGL');
    expect(directory.resolve('Google')?.symbol).toBe('GOOGL');
    expect(directory.resolve('Facebook')?.symbol).toBe('META');
    expect(directory.resolve('Advanced Micro Devices')?.symbol).toBe('AMD');
    expect(directory.resolve('Exxon Mobil')?.symbol).toBe('XOM');
    expect(directory.resolve('$msft')?.symbol).toBe('MSFT');
    expect(directory.resolve('no such company')).toBeUndefined();
  });

  it('maps GICS sectors to the Select Sector SPDRs', () => {
    expect(directory.sectorBenchmark('NVDA')).toBe('XLK');
    expect(directory.sectorBenchmark('META')).toBe('XLC');
    expect(directory.sectorBenchmark('AMZN')).toBe('XLY');
    expect(directory.sectorBenchmark('JPM')).toBe('XLF');
    expect(directory.sectorBenchmark('XOM')).toBe('XLE');
    expect(directory.sectorBenchmark('SPY')).toBeUndefined();
    expect(directory.sectorBenchmark('XLK')).toBeUndefined();
  });

  it('does not index everyday words as company names', () => {
    expect(directory.lookupName('target')).toBeUndefined();
    expect(directory.lookupName('nasdaq')).toBeUndefined();
    expect(directory.lookupName('news')).toBeUndefined();
  });

  it('searches by ticker, prefix and name', () => {
    expect(directory.search('NVDA')[0]?.symbol).toBe('NVDA');
    expect(directory.search('nvidia')[0]?.symbol).toBe('NVDA');
    expect(directory.search('semiconductor').map((m) => m.symbol)).toEqual(expect.arrayContaining(['TSM', 'SOXX']));
    expect(directory.search('   ')).toEqual([]);
  });

  it('builds from CSV text with quoted fields and says which file it cannot read', () => {
    const small = SymbolDirectory.fromCsv('Symbol,Security,GICS Sector,GICS Sub-Industry,Headquarters Location\nACME,"Acme, Inc.",Industrials,Machinery,"Town, State"\n', []);
    expect(small.get('ACME')).toMatchObject({ name: 'Acme, Inc.', sector: 'Industrials' });
    expect(() => SymbolDirectory.load({ dataDir: '/nonexistent-dir' })).toThrow(/cannot read .*sp500_constituents\.csv/);
  });

  it('normalizes words for name matching', () => {
    expect(normalizeWords("Nvidia's")).toBe('nvidia');
    expect(normalizeWords('  AT&T,  Coca-Cola!  ')).toBe('at&t coca-cola');
    expect(normalizeWords('Nestlé')).toBe('nestle');
  });
});
