/**
 * The terminal UI's entry point, called by the command line when stdout and stdin are a terminal:
 *
 *   const code = await runTui({ scan: options, startView: 'scan', interactive: false, title: 'ad' });
 *
 * It owns the terminal while it runs (alternate screen, restored on every way out, cursor shown
 * again) and resolves with the exit code: 0 after q, 130 after Ctrl-C or SIGINT, 143 SIGTERM,
 * 129 SIGHUP, 70 (or a PortqError's code) after an error, whose message it prints on the normal
 * screen.
 *
 * React picks its development build unless NODE_ENV says production, and that build is several
 * times slower; it decides when first loaded, so the UI modules are loaded only after it is set.
 * Ink likewise reads CI and CONTINUOUS_INTEGRATION once, when loaded, and if either is set it
 * draws no live frames (only the last one, at exit): a blank screen for the whole scan. The UI
 * runs only on a real terminal, where live frames are the point, so Ink loads with them hidden.
 */
import type { TuiDeps, TuiLaunch } from './tui-main.js';

export type { TuiDeps, TuiLaunch } from './tui-main.js';

export async function runTui(launch: TuiLaunch, deps: TuiDeps = {}): Promise<number> {
  process.env.NODE_ENV ??= 'production';
  const { startTui } = await importWithoutCiVariables(() => import('./tui-main.js'));
  return startTui(launch, deps);
}

async function importWithoutCiVariables<T>(load: () => Promise<T>): Promise<T> {
  const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].filter((k) => k in process.env).map((k) => [k, process.env[k]] as const);
  for (const [k] of hidden) delete process.env[k];
  try {
    return await load();
  } finally {
    for (const [k, v] of hidden) process.env[k] = v;
  }
}
