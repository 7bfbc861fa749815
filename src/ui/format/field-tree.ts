/**
 * The parsed answer (QueryAnswer.fields, plain JSON values) as indented tree lines for the Detail
 * view: objects and arrays open a level, scalars sit on their key's line.
 */

export interface TreeLine {
  depth: number;
  key: string;
  /** Scalar value as text; null for a branch (object or array). */
  value: string | null;
  kind: 'branch' | 'string' | 'number' | 'boolean' | 'null';
}

const MAX_LINES = 5000;

function scalar(v: unknown): { value: string; kind: TreeLine['kind'] } {
  if (v === null || v === undefined) return { value: 'null', kind: 'null' };
  if (typeof v === 'string') return { value: JSON.stringify(v), kind: 'string' };
  if (typeof v === 'number' || typeof v === 'bigint') return { value: String(v), kind: 'number' };
  if (typeof v === 'boolean') return { value: String(v), kind: 'boolean' };
  return { value: String(v), kind: 'string' };
}

export function fieldTreeLines(fields: Record<string, unknown>): TreeLine[] {
  const out: TreeLine[] = [];
  const seen = new Set<unknown>();
  const walk = (key: string, v: unknown, depth: number): void => {
    if (out.length >= MAX_LINES) return;
    if (v instanceof Uint8Array) {
      out.push({ depth, key, value: `<${v.length} bytes>`, kind: 'string' });
      return;
    }
    if (Array.isArray(v)) {
      if (seen.has(v)) return;
      seen.add(v);
      if (v.length === 0) {
        out.push({ depth, key, value: '[]', kind: 'null' });
        return;
      }
      out.push({ depth, key: `${key} [${v.length}]`, value: null, kind: 'branch' });
      v.forEach((item, i) => walk(`[${i}]`, item, depth + 1));
      return;
    }
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return;
      seen.add(v);
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) {
        out.push({ depth, key, value: '{}', kind: 'null' });
        return;
      }
      out.push({ depth, key, value: null, kind: 'branch' });
      for (const [k, child] of entries) walk(k, child, depth + 1);
      return;
    }
    out.push({ depth, key, ...scalar(v) });
  };
  for (const [k, v] of Object.entries(fields)) walk(k, v, 0);
  if (out.length >= MAX_LINES) out.push({ depth: 0, key: '...', value: 'more fields not shown', kind: 'null' });
  return out;
}
