// Grafana's classic palette and log level colours.
export const PALETTE = ['#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0',
  '#508642', '#CCA300', '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477'];

export const LEVEL_COLORS: Record<string, string> = {
  critical: '#B877D9', error: '#F2495C', warn: '#FF9830', info: '#73BF69', debug: '#5794F2', trace: '#6ED0E0', unknown: '#8E8E8E',
};

const NAMED: Record<string, string> = {
  red: '#F2495C', green: '#73BF69', blue: '#5794F2', yellow: '#FADE2A', orange: '#FF9830', purple: '#B877D9',
  'dark-red': '#C4162A', 'dark-green': '#37872D', 'dark-blue': '#1F60C4', 'light-red': '#FF7383', 'light-green': '#96D98D',
  'semi-dark-red': '#E02F44', 'semi-dark-green': '#56A64B', text: 'var(--text)', transparent: 'transparent',
};

export const namedColor = (c: string) => NAMED[c] ?? c;

/** Series colour from a panel's fieldConfig: per-name override, fixed colour, level colour, palette. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function seriesColor(fieldConfig: any, name: string, index: number, levelHint?: string): string {
  for (const o of fieldConfig?.overrides ?? []) {
    const m = o.matcher ?? {};
    if ((m.id === 'byName' || m.id === 'byFrameRefID') && m.options === name) {
      for (const p of o.properties ?? []) if (p.id === 'color' && p.value?.fixedColor) return namedColor(p.value.fixedColor);
    }
  }
  const color = fieldConfig?.defaults?.color;
  if (color?.mode === 'fixed' && color.fixedColor) return namedColor(color.fixedColor);
  if (levelHint && LEVEL_COLORS[levelHint]) return LEVEL_COLORS[levelHint];
  return PALETTE[index % PALETTE.length];
}
