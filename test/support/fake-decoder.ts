// A fake RACE RESULT decoder: a TCP server answering the commands of the passings protocol
// (SETPROTOCOL, SETPUSHPASSINGS, PASSINGS, "<from>:<count>") from its own list of passing records,
// pushing new ones as "#P;…" to clients that asked for it. It can pull the cable on its clients.
import { createServer, type Server, type Socket } from 'node:net';

export class FakeDecoder {
  readonly records: string[] = [];
  readonly commands: string[] = [];
  private server: Server;
  private pushTo = new Set<Socket>();
  private clients = new Set<Socket>();
  private onConnect: (() => void)[] = [];
  private onDisconnect: (() => void)[] = [];

  constructor() {
    this.server = createServer((socket) => this.serve(socket));
  }

  listen(host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, host, () => resolve((this.server.address() as { port: number }).port)));
  }

  /** A new passing: numbered after the last, pushed to clients that asked for pushes. */
  add(fields: (no: number) => string): void {
    const record = fields(this.records.length + 1);
    this.records.push(record);
    for (const s of this.pushTo) s.write(`#P;${record}\r\n`);
  }

  /** Resolves at the next client connection. */
  nextConnection(): Promise<void> {
    return new Promise((resolve) => this.onConnect.push(resolve));
  }

  /** Resolves when a client goes away. */
  nextDisconnect(): Promise<void> {
    return new Promise((resolve) => this.onDisconnect.push(resolve));
  }

  dropClients(): void {
    for (const s of this.clients) s.destroy();
  }

  close(): Promise<void> {
    this.dropClients();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.clients.add(socket);
    for (const f of this.onConnect.splice(0)) f();
    socket.setEncoding('latin1');
    let buffered = '';
    socket.on('close', () => {
      this.clients.delete(socket);
      this.pushTo.delete(socket);
      for (const f of this.onDisconnect.splice(0)) f();
    });
    socket.on('error', () => {});
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\r\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        this.commands.push(line);
        const fetch = /^(\d+):(\d+)$/.exec(line);
        if (line.startsWith('SETPROTOCOL;')) socket.write(`${line}\r\n`);
        else if (line.startsWith('SETPUSHPASSINGS;1')) {
          this.pushTo.add(socket);
          socket.write('SETPUSHPASSINGS;1;0\r\n');
        } else if (line === 'PASSINGS') socket.write(`PASSINGS;${this.records.length};1\r\n`);
        else if (fetch) {
          const from = Number(fetch[1]);
          const rows = this.records.slice(from - 1, from - 1 + Number(fetch[2]));
          socket.write(rows.map((r) => `${r}\r\n`).join('') + '\r\n');
        }
      }
    });
  }
}
