import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

// Azurite, the Azure Storage emulator, started and stopped by the tests themselves.

// The emulator's well-known development account (public, the same in every Azurite install).
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class Azurite {
  private child: ChildProcess | undefined;
  private readonly workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));

  private constructor(
    readonly port: number,
    private readonly persistent: boolean,
  ) {}

  /** `persistent`: keep data on disk, so it survives stop() and resume(), like a real outage. */
  static async start(options: { persistent?: boolean } = {}): Promise<Azurite> {
    const azurite = new Azurite(await freePort(), options.persistent ?? false);
    await azurite.resume();
    return azurite;
  }

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${this.port}/${ACCOUNT};`;
  }

  /** (Re)starts the emulator on the same port. */
  async resume(): Promise<void> {
    const bin = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
    this.child = spawn(
      process.execPath,
      [
        bin,
        ...['--blobHost', '127.0.0.1', '--blobPort', String(this.port)],
        ...['--skipApiVersionCheck', '--disableTelemetry', '--silent'],
        ...(this.persistent ? ['--location', this.workspace] : ['--inMemoryPersistence']),
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port, 20_000);
  }

  /** Stops the emulator, as if storage went down (in-memory data is lost). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // A graceful stop lets a persistent emulator write its metadata to disk.
      child.kill(this.persistent ? 'SIGTERM' : 'SIGKILL');
    });
  }

  /** Stops the emulator and removes its files. */
  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }
}
