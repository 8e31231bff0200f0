// How every socket of the client connects. A websocket first: it needs one request, so it works
// behind a balancer without sticky sessions. Long-polling (which does need them: its requests
// must all reach the same instance) only when a websocket cannot be opened, for example behind a
// proxy that drops the upgrade; `tryAllTransports` makes the client go on to it after a failure.
import type { ManagerOptions } from 'socket.io-client';

export const SOCKET_TRANSPORTS: Pick<ManagerOptions, 'transports' | 'tryAllTransports'> = {
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
};
