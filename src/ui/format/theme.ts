/**
 * How much the terminal can show. NO_COLOR (https://no-color.org) turns colours off but keeps
 * bold and inverse, which are not colours; TERM=dumb turns every style off and uses ASCII symbols.
 * Every state is written with a symbol and words as well, so nothing depends on colour.
 */
export interface Theme {
  color: boolean;
  /** Bold, inverse, dim. */
  styles: boolean;
  /** Unicode symbols and arrows; ASCII otherwise. */
  unicode: boolean;
}

export function detectTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const dumb = env.TERM === 'dumb';
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const asciiLocale = /^(C|POSIX)$/i.test(locale) || (locale !== '' && !/utf-?8/i.test(locale) && /\./.test(locale));
  return { color: !dumb && !noColor, styles: !dumb, unicode: !dumb && !asciiLocale };
}

export const FULL_THEME: Theme = { color: true, styles: true, unicode: true };
