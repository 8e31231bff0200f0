// Socket connections counted per client address (server/http/client-address.ts, as HTTP counts
// them): over the cap, a connection is refused with a message the page can show, then closed.
// Each admitted connection shares its address's budget (server/limits/address-budgets.ts).
import type { Namespace, Server, Socket } from 'socket.io';
import type { IncomingMessage } from 'node:http';
import type { AddressBudget, AddressBudgets } from '../limits/address-budgets';
import type { AddressConnections } from '../limits/address-connections';

/** A refused connection that never asks for a namespace is closed after this long. */
const REFUSED_GRACE_MS = 2_000;

interface EngineConnection {
  request: IncomingMessage;
  close(): void;
  once(event: 'close', listener: () => void): void;
}

export interface AddressAdmission {
  /** The budget shared by the socket's address. */
  budgetOf(socket: Socket): AddressBudget;
  /** Refuses, in a namespace, the sockets of connections over their address's cap. */
  guard(nsp: Namespace): void;
}

export function admitByAddress(io: Server, deps: { connections: AddressConnections; budgets: AddressBudgets; keyOf: (req: IncomingMessage) => string }): AddressAdmission {
  const admitted = new WeakMap<object, AddressBudget>();
  io.engine.on('connection', (conn: EngineConnection) => {
    const key = deps.keyOf(conn.request);
    if (!deps.connections.admit(key)) {
      const timer = setTimeout(() => conn.close(), REFUSED_GRACE_MS);
      conn.once('close', () => clearTimeout(timer));
      return;
    }
    admitted.set(conn, deps.budgets.join(key));
    conn.once('close', () => {
      deps.connections.release(key);
      deps.budgets.leave(key);
    });
  });
  const message = `too many connections from your address (at most ${deps.connections.cap}); close another page of this site, or try again later`;
  return {
    budgetOf: (socket) => admitted.get(socket.conn)!,
    guard(nsp) {
      nsp.use((socket, next) => {
        if (admitted.has(socket.conn)) return next();
        next(new Error(message));
        // After the refusal is written: close() waits for it to be sent.
        setImmediate(() => socket.conn.close());
      });
    },
  };
}
