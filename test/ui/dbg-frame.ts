process.env.NODE_ENV = 'production';
const { FakeTtyIn, FakeTtyOut } = await import('./helpers/fake-terminal.js');
const { startTui } = await import('../../src/ui/tui-main.js');
const { FakeScanSession } = await import('./helpers/fake-scan-session.js');
const { testOptions, tcpPorts } = await import('./helpers/test-options.js');
const [c, r] = (process.env.SIZE ?? '120x40').split('x').map(Number);
const out = new FakeTtyOut(c, r); const inp = new FakeTtyIn();
const factory = FakeScanSession.factory({});
let ctl: any; const frames: number[] = [];
const p = startTui({ scan: testOptions(tcpPorts(1, 65535)), startView: 'scan', interactive: false }, { stdout: out as any, stdin: inp as any, stderr: new FakeTtyOut() as any, localSource: null, handleProcess: false, createSession: factory, onReady: (x) => (ctl = x), onFrame: (ms) => frames.push(ms) });
const s = factory.sessions[0]!;
for (const k of s.options.probes) s.emitResult(k);
ctl.scanStore.flush();
await new Promise((r) => setTimeout(r, 300));
frames.length = 0;
for (let i = 0; i < 100; i++) {
  const before = out.writes;
  inp.press(i % 2 ? 'k' : 'j');
  while (out.writes === before) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 15));
}
frames.sort((a, b) => a - b);
console.log('frame render p50', frames[frames.length >> 1]!.toFixed(2), 'n', frames.length);
inp.press('q'); await p;
