/** The New query form: target, ports, protocol, preset; what it will probe; why it was refused. */
import { Box, Text } from 'ink';
import { PRESETS } from '../../engine/presets.js';
import { describeDraft, describeSettings, DRAFT_PROTOCOLS } from '../state/query-draft.js';
import { FORM_FIELDS, FORM_LABELS, type QueryFormState } from '../state/query-form.js';
import { line, seg, type Segment, type StyledLine } from '../format/styled-line.js';
import { StyledText } from './styled-text.js';
import { useTheme } from './theme-context.js';

export function queryFormLines(form: QueryFormState, unicode: boolean): StyledLine[] {
  const d = form.draft;
  const cursor = unicode ? '█' : '_';
  const out: StyledLine[] = [line(seg('New query', 'heading'), seg('  Enter runs · Esc cancels · Tab/↑↓ fields · ←→ choices', 'dim'))];
  if (!unicode) out[0] = line(seg('New query', 'heading'), seg('  Enter runs, Esc cancels, Tab/Up/Down fields, Left/Right choices', 'dim'));
  out.push(line(''));
  FORM_FIELDS.forEach((field, i) => {
    const active = i === form.field;
    const mark = active ? (unicode ? '› ' : '> ') : '  ';
    const label = seg(`${mark}${FORM_LABELS[field].padEnd(10)}`, active ? 'accent' : 'dim');
    let value: Segment[];
    switch (field) {
      case 'host':
        value = [seg(d.host, 'plain'), ...(active ? [seg(cursor, 'accent')] : [])];
        break;
      case 'ports': {
        const shown = d.preset ? '(from the preset)' : d.custom && d.ports === '' ? `(as launched: ${d.custom.length} probes)` : d.ports;
        value = [seg(shown, d.preset || (d.custom && d.ports === '') ? 'dim' : 'plain'), ...(active ? [seg(cursor, 'accent')] : [])];
        break;
      }
      case 'protocol':
        value = DRAFT_PROTOCOLS.flatMap((p) => {
          const on = p === d.protocol && !d.preset;
          return [seg(on ? `[${p}]` : ` ${p} `, on ? 'accent' : 'dim'), seg(' ', 'plain')];
        });
        break;
      case 'preset':
        value = [seg(d.preset ? `${d.preset}: ${PRESETS[d.preset]?.title ?? ''}` : '(none)', d.preset ? 'plain' : 'dim'), seg(unicode ? '  ←→' : '  <>', 'dim')];
        break;
    }
    out.push([label, ...value]);
  });
  out.push(line(''), line(seg('Will probe  ', 'dim'), describeDraft(d)), line(seg('Settings    ', 'dim'), seg(describeSettings(d), 'dim'), seg('  (:set to change)', 'dim')));
  if (form.error) out.push(line(seg(form.error, 'error')));
  return out;
}

export function QueryFormView({ form, width, height }: { form: QueryFormState; width: number; height: number }) {
  const theme = useTheme();
  const lines = queryFormLines(form, theme.unicode);
  const rows = [];
  for (let i = 0; i < height; i++) {
    const l = lines[i];
    rows.push(l ? <StyledText key={i} line={l} width={width} /> : <Text key={i}> </Text>);
  }
  return <Box flexDirection="column">{rows}</Box>;
}
