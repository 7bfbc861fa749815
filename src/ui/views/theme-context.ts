/** The terminal's abilities (colour, styles, Unicode), read by every component. */
import { createContext, useContext } from 'react';
import { FULL_THEME, type Theme } from '../format/theme.js';

export const ThemeContext = createContext<Theme>(FULL_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
