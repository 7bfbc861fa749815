/**
 * The New query form: four fields over a QueryDraft. Text fields take typing; choice fields
 * (protocol, preset) cycle with ←/→.
 */
import { PRESETS } from '../../engine/presets.js';
import { DRAFT_PROTOCOLS, formatPorts, type QueryDraft } from './query-draft.js';

export const FORM_FIELDS = ['host', 'ports', 'protocol', 'preset'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const FORM_LABELS: Record<FormField, string> = {
  host: 'Target',
  ports: 'Ports',
  protocol: 'Protocol',
  preset: 'Preset',
};

export interface QueryFormState {
  field: number;
  draft: QueryDraft;
  /** Why the last submit was refused. */
  error: string | null;
}

export function openForm(draft: QueryDraft, field: FormField = 'host'): QueryFormState {
  return { field: FORM_FIELDS.indexOf(field), draft, error: null };
}

export function formField(form: QueryFormState): FormField {
  return FORM_FIELDS[form.field]!;
}

export function moveField(form: QueryFormState, by: 1 | -1): QueryFormState {
  const n = FORM_FIELDS.length;
  return { ...form, field: (form.field + by + n) % n };
}

function presetChoices(): (string | null)[] {
  return [null, ...Object.keys(PRESETS)];
}

/** ←/→ on a choice field. */
export function cycleOption(form: QueryFormState, by: 1 | -1): QueryFormState {
  const d = form.draft;
  switch (formField(form)) {
    case 'protocol': {
      const i = DRAFT_PROTOCOLS.indexOf(d.protocol);
      const protocol = DRAFT_PROTOCOLS[(i + by + DRAFT_PROTOCOLS.length) % DRAFT_PROTOCOLS.length]!;
      // Choosing a protocol means ports + protocol decide: leave the preset, and write a launched
      // mixed set as its plain port list.
      const ports = d.custom ? formatPorts([...new Set(d.custom.map((k) => k.port))]) : d.ports;
      return { ...form, error: null, draft: { ...d, protocol, ports, preset: null, custom: null } };
    }
    case 'preset': {
      const choices = presetChoices();
      const i = choices.indexOf(d.preset);
      const preset = choices[(i + by + choices.length) % choices.length]!;
      return { ...form, error: null, draft: { ...d, preset } };
    }
    default:
      return form;
  }
}

export function typeText(form: QueryFormState, text: string): QueryFormState {
  const d = form.draft;
  switch (formField(form)) {
    case 'host':
      return { ...form, error: null, draft: { ...d, host: d.host + text } };
    case 'ports':
      return { ...form, error: null, draft: { ...d, ports: d.ports + text, preset: null, custom: null } };
    default:
      // Choice fields also accept a typed first letter: t(cp), u(dp), b(oth).
      if (formField(form) === 'protocol') {
        const p = DRAFT_PROTOCOLS.find((x) => x.startsWith(text.toLowerCase()));
        if (p) return { ...form, error: null, draft: { ...d, protocol: p, preset: null } };
      }
      return form;
  }
}

export function deleteBack(form: QueryFormState): QueryFormState {
  const d = form.draft;
  switch (formField(form)) {
    case 'host':
      return { ...form, error: null, draft: { ...d, host: d.host.slice(0, -1) } };
    case 'ports':
      return { ...form, error: null, draft: { ...d, ports: d.ports.slice(0, -1), preset: null, custom: null } };
    case 'preset':
      return { ...form, error: null, draft: { ...d, preset: null } };
    default:
      return form;
  }
}
