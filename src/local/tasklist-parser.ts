/**
 * Parsers for Windows `tasklist /fo csv` in its three shapes (tasklist's documented /fo, /v,
 * /svc and /m switches). Columns are read by position, since Windows translates the header:
 *
 *   tasklist /v /fo csv   "Image Name","PID","Session Name","Session#","Mem Usage","Status","User Name","CPU Time","Window Title"
 *   tasklist /svc /fo csv "Image Name","PID","Services"          services comma-separated, or N/A
 *   tasklist /m /fo csv   "Image Name","PID","Modules"           modules comma-separated, or N/A
 *
 * A row whose second field is not a number is the header (or noise) and is skipped.
 */
import { parseCsv } from './csv-parser.js';

export interface TasklistProcess {
  pid: number;
  imageName: string;
  /** `/v`'s User Name (`DOMAIN\user`), null without /v or when it is N/A. */
  user: string | null;
}

function dataRows(text: string, minimumColumns: number): string[][] {
  return parseCsv(text).filter((row) => row.length >= minimumColumns && /^\d+$/.test(row[1]!));
}

/** `N/A` (and an empty field) means none. */
function listOrNone(text: string): string[] {
  if (text === 'N/A' || text.trim() === '') return [];
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseTasklist(text: string): TasklistProcess[] {
  return dataRows(text, 2).map((row) => {
    const user = row.length >= 7 ? row[6]!.trim() : '';
    return { pid: Number(row[1]), imageName: row[0]!, user: user === '' || user === 'N/A' ? null : user };
  });
}

/** `/svc`: services hosted per pid. */
export function parseTasklistServices(text: string): Map<number, string[]> {
  return new Map(dataRows(text, 3).map((row) => [Number(row[1]), listOrNone(row[2]!)]));
}

/** `/m`: module file names per pid (tasklist gives names, not paths or addresses). */
export function parseTasklistModules(text: string): Map<number, string[]> {
  return new Map(dataRows(text, 3).map((row) => [Number(row[1]), listOrNone(row[2]!)]));
}
