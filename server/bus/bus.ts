// Where race changes travel between instances. One interface, two implementations: in-process
// (one server, nothing else needed) and Redis pub/sub (any number of instances).
export type BusHandler = (message: string) => void;

export type BusStatus = 'up' | 'down' | 'off';

export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** 'off' when there is no external broker; 'down' while the broker is unreachable. */
  status(): BusStatus;
  /** Called after the broker came back: messages sent while it was down are lost, so listeners resync. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
  /**
   * How many handlers listen on the channel, when the bus can know: in-process it can, so an
   * instance alone on its bus skips encoding messages no one reads. Undefined over a broker, where
   * other processes may listen.
   */
  listeners(channel: string): number | undefined;
}
