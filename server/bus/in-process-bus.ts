import type { Bus, BusHandler, BusStatus } from './bus';

export class InProcessBus implements Bus {
  private handlers = new Map<string, Set<BusHandler>>();

  async publish(channel: string, message: string): Promise<void> {
    for (const handler of this.handlers.get(channel) ?? []) queueMicrotask(() => handler(message));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  listeners(channel: string): number {
    return this.handlers.get(channel)?.size ?? 0;
  }

  status(): BusStatus {
    return 'off';
  }

  onReconnect(): void {}

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
