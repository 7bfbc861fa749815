/**
 * Child processes for the live tests: a node process that listens on a port and reports it, so
 * tests can look for a socket owned by a pid other than their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Listens on host:port (0 = any free port), prints `<pid> <port>` and waits to be killed. */
export const HOLDER_SCRIPT =
  "const net=require('node:net');const [h,p]=process.argv.slice(-2);const s=net.createServer();" +
  "s.listen(Number(p),h,()=>console.log(process.pid+' '+s.address().port));setInterval(()=>{},1e6);";

export interface Holder {
  child: ChildProcess;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** Starts `prefix... node -e HOLDER_SCRIPT host port` and waits for its `<pid> <port>` line. */
export async function startHolder(host: string, port: number, prefix: string[] = []): Promise<Holder> {
  const argv = [...prefix, process.execPath, '-e', HOLDER_SCRIPT, host, String(port)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`holder exited early (${code}): ${argv.join(' ')}`)));
  });
  const [pid, boundPort] = line.trim().split(' ').map(Number);
  return {
    child,
    pid: pid!,
    port: boundPort!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
