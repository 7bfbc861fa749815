/**
 * /etc/passwd (passwd(5)), for user names of uids on Linux. getent would also see NSS users (LDAP,
 * systemd-homed), at the cost of a process per snapshot; a uid with no local name prints as `uid N`.
 */
/** `name:password:uid:...` lines, as a uid-to-name map (the first name of a uid wins). */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 3 || !/^\d+$/.test(fields[2]!)) continue;
    const uid = Number(fields[2]);
    if (!names.has(uid)) names.set(uid, fields[0]!);
  }
  return names;
}
