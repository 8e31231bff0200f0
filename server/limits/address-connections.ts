// Connections open per client address, with a cap: one address cannot hold the server's sockets
// (a page opens one; a household, a few; a stadium behind one address, more, hence configurable).
export class AddressConnections {
  private open = new Map<string, number>();

  /** `cap` 0: no cap. */
  constructor(readonly cap: number) {}

  /** Counts a connection of `address` if the cap allows it; false (not counted) when it does not. */
  admit(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (this.cap > 0 && count >= this.cap) return false;
    this.open.set(address, count + 1);
    return true;
  }

  /** An admitted connection closed. */
  release(address: string): void {
    const count = (this.open.get(address) ?? 0) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }
}
