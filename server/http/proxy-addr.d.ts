// Types for proxy-addr (Express's own address resolver), the two functions used here.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';

  type Trust = (address: string, hop: number) => boolean;
  function proxyaddr(req: IncomingMessage, trust: Trust): string;
  namespace proxyaddr {
    export type TrustFunction = Trust;
    export function compile(addresses: string | string[]): Trust;
  }
  export default proxyaddr;
}
