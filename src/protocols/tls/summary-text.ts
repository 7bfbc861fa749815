/**
 * The certificate and session summary a TLS channel reports, as text lines and JSON fields.
 * Shared by HTTPS, the implicit-TLS mail ports and STARTTLS upgrades.
 */
import type { TlsSummary } from '../types.js';

export function tlsSummaryLines(t: TlsSummary): string[] {
  const lines = [
    `TLS: ${t.protocol ?? 'unknown version'}, cipher ${t.cipher ?? 'unknown'}`,
    `certificate subject: ${t.subject || '(none)'}`,
    `certificate issuer: ${t.issuer || '(none)'}${t.selfSigned ? ' (self-signed)' : ''}`,
  ];
  if (t.subjectAltNames.length) lines.push(`subject alternative names: ${t.subjectAltNames.join(', ')}`);
  if (t.validFrom || t.validTo) lines.push(`valid: ${t.validFrom} to ${t.validTo}`);
  if (t.fingerprint256) lines.push(`SHA-256 fingerprint: ${t.fingerprint256}`);
  lines.push(`trusted: ${t.authorized ? 'yes' : `no${t.authorizationError ? ` (${t.authorizationError})` : ''}`}`);
  return lines;
}

/** One line for summaries: "TLSv1.3 TLS_AES_256_GCM_SHA384, CN=svc.lab.portq.test (self-signed)". */
export function tlsOneLine(t: TlsSummary): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(t.subject)?.[1];
  return `${t.protocol ?? 'TLS'} ${t.cipher ?? ''}`.trim() + (cn ? `, CN=${cn}` : '') + (t.selfSigned ? ' (self-signed)' : '');
}

/** TlsSummary is plain data already; copy it so the fields stay JSON-able and detached. */
export function tlsFields(t: TlsSummary): Record<string, unknown> {
  return { ...t, subjectAltNames: [...t.subjectAltNames] };
}
