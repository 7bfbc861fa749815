/**
 * SQL Server product names by version number, shared by the browser ([MC-SQLR] Version) and TDS
 * pre-login (the VERSION option). The major.minor pairs are Microsoft's published release numbers.
 */
const RELEASES: [major: number, minor: number | null, name: string][] = [
  [7, null, 'SQL Server 7.0'],
  [8, null, 'SQL Server 2000'],
  [9, null, 'SQL Server 2005'],
  [10, 50, 'SQL Server 2008 R2'],
  [10, null, 'SQL Server 2008'],
  [11, null, 'SQL Server 2012'],
  [12, null, 'SQL Server 2014'],
  [13, null, 'SQL Server 2016'],
  [14, null, 'SQL Server 2017'],
  [15, null, 'SQL Server 2019'],
  [16, null, 'SQL Server 2022'],
  [17, null, 'SQL Server 2025'],
];

/** "15.0.2000.5" -> "SQL Server 2019"; null when the version is not one we know. */
export function sqlServerRelease(version: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const hit = RELEASES.find(([ma, mi]) => ma === major && (mi === null || mi === minor));
  return hit ? hit[2] : null;
}
